"""Old addresses keep working in the API as on the site: a slug an item used to have answers
301 to the item's current API address, keeping the request's parameters (its `lang`)."""

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse

from portal.models import SlugRedirect


def redirect(request: HttpRequest, route: str, slug: str) -> HttpResponsePermanentRedirect:
    """301 to the API address of `slug`, with the request's query string."""
    path = reverse(route, kwargs={"slug": slug})
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


def moved(request: HttpRequest, model: type[Model], slug: str, route: str) -> HttpResponsePermanentRedirect:
    """301 to where a published item that used to have `slug` lives now; otherwise 404.

    The item is found in any language (an old Spanish slug leads to the Spanish version); the
    address it leads to answers in the language the request asks for."""
    row = SlugRedirect.objects.filter(model=model._meta.label_lower, old_slug=slug).first()
    target = model._default_manager.published_in_any_language().filter(pk=row.object_id).first() if row else None
    if target is None:
        raise Http404
    return redirect(request, route, target.slug)

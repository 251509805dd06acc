"""Old addresses keep working in the API as on the site: a slug an item used to have answers
301 to the item's current API address."""

from django.db.models import Model
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from portal.models import SlugRedirect


def moved(model: type[Model], slug: str, route: str) -> HttpResponsePermanentRedirect:
    """301 to where a published item that used to have `slug` lives now; otherwise 404."""
    row = SlugRedirect.objects.filter(model=model._meta.label_lower, old_slug=slug).first()
    target = model._default_manager.published().filter(pk=row.object_id).first() if row else None
    if target is None:
        raise Http404
    return HttpResponsePermanentRedirect(reverse(route, kwargs={"slug": target.slug}))

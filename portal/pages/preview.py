"""Who may see a page before patients do, and how such a page is kept out of every cache."""

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def can_preview(request: HttpRequest, model: type[Model]) -> bool:
    """Staff who may change an item may see it before it is public."""
    user = request.user
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def mark_preview(response: HttpResponse) -> HttpResponse:
    """A preview must never be stored by a cache or indexed by a search engine."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, no-cache, must-revalidate, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

"""Site-wide views and the helpers every public view uses."""

import functools
import logging
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from portal.admin_urls import admin_url
from portal.caching.render_once import list_page, main_template
from portal.languages import current_language
from portal.models import Publication, SlugRedirect
from portal.pages.preview import can_preview, mark_preview
from portal.publishing import working_copies
from portal.publishing.rehearsal import shown
from portal.search import engine as search

logger = logging.getLogger(__name__)

SEARCH_RESULTS_PER_PAGE = 20


def get_published_or_preview(request: HttpRequest, queryset: QuerySet, **lookup) -> tuple[Model, bool]:
    """The published object matching `lookup`, or for staff an unpublished one as a preview.

    Everyone else gets a 404 for a draft, archived or scheduled item. The item is in the
    page's language: `/es/…` never shows an English item, nor an address without a prefix a
    Spanish one. A published item comes with `live_publication_id`, the version patients are
    shown (its feedback form says which version was read), in the same query.
    """
    lookup["language"] = current_language()
    obj = queryset.published().annotate(live_publication_id=live_publication(queryset.model)).filter(**lookup).first()
    if obj is not None:
        return obj, False
    if can_preview(request, queryset.model):
        obj = queryset.filter(**lookup).first()
        if obj is not None:
            return obj, True
    raise Http404("No published page at this address.")


def live_publication(model: type[Model]) -> Subquery:
    """The id of the live version (the latest Publication gone live) of each row of `model`."""
    opts = model._meta
    versions = Publication.objects.filter(
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
        object_id=OuterRef("pk"),
        published_at__lte=timezone.now(),
    )
    return Subquery(versions.order_by("-published_at", "-pk").values("pk")[:1])


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 page that says what was wrong with the address."""
    return render(request, "400.html", {"message": message}, status=400)


def render_page(
    request: HttpRequest, template: str, context: dict, preview: bool = False, item: Model | None = None
) -> HttpResponse:
    """A content page; a staff preview (a draft, a working copy, or the page as it was
    published on a date) says so in a banner and is never cached or indexed. Staff who may
    change a live item with unpublished changes get a note linking to their preview."""
    rehearsed = shown()
    snapshot = rehearsed.kind if rehearsed else None
    context = {
        **context,
        "page_item": item,
        "preview": preview or bool(snapshot),
        "snapshot_preview": snapshot,
        "as_published": rehearsed.publication if rehearsed else None,
        "as_published_record_url": "",
    }
    if context["as_published"] is not None and item is not None:  # staff only: the review behind that version
        context["as_published_record_url"] = f"{admin_url(item, 'history')}#review-record-{context['as_published'].pk}"
    staff = item is not None and not snapshot and can_preview(request, type(item))
    if staff and working_copies.copy_of(item) is not None:
        context["working_copy_preview_url"] = admin_url(item, "preview")
    response = render(request, template, context)
    return mark_preview(response) if preview or snapshot or "working_copy_preview_url" in context else response


def search_page(request: HttpRequest) -> HttpResponse:
    """One search over published conditions, medications and articles, best match first."""
    query = search.clean_query(request.GET.get("q", ""))
    if len(query) > search.MAX_QUERY_LENGTH:
        error = gettext("Please use fewer words: searches are limited to %(limit)s characters.") % {
            "limit": search.MAX_QUERY_LENGTH
        }
        main = render_to_string(main_template("portal/search.html"), {"query": query, "error": error}, request)
        return render(request, "portal/search.html", {"query": query, "main": main}, status=400)

    def context() -> dict:
        if not query:
            return {"query": query, "page": None, "hits": []}
        pages = search.ResultPages(search.search_documents(query), SEARCH_RESULTS_PER_PAGE)
        page = pages.get_page(request.GET.get("page"))
        hits = search.load_hits(list(page), query)
        return {"query": query, "page": page, "hits": hits, "filter_query": urlencode({"q": query})}

    key = ("search", query, request.GET.get("page", ""))
    return list_page(request, "portal/search.html", key, context, around={"query": query})


@functools.cache
def _favicon() -> bytes:
    return Path(finders.find("portal/favicon.ico")).read_bytes()


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers, feed readers and bookmarks ask for whatever a page's
    <link rel="icon"> says: the site's icon itself, not a redirect that a browser would keep
    after the static file's name changes."""
    response = HttpResponse(_favicon(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers stay out of the admin and editing tools; previews carry X-Robots-Tag: noindex."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not. Nothing else is told."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check failed: database unavailable")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def follow_old_slugs(model_label: str, address=None):
    """A detail view that 404s for a slug the object used to have answers 301 to its new address.

    `address(obj)` is that address for a view below an object's page (its guides page, say);
    by default the object's own page."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, slug, *args, **kwargs)
            except Http404:
                target = _moved_to(model_label, slug)
                if target is None:
                    raise
                query = request.META.get("QUERY_STRING", "")
                url = address(target) if address else target.get_absolute_url()
                return HttpResponsePermanentRedirect(url + (f"?{query}" if query else ""))

        return wrapper

    return decorate


def _moved_to(model_label: str, slug: str):
    redirect_row = SlugRedirect.objects.filter(model=model_label, old_slug=slug).first()
    if redirect_row is None:
        return None
    model = apps.get_model(model_label)
    manager = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    return manager.filter(pk=redirect_row.object_id).first()

"""The dependency record: for every live page, the items it shows or links to.

A page's record is what rendering it reads (portal/reads.py): the item, its parts, the items
its treatments, components, curated guides, related articles and Markdown links show, the
glossary terms its text uses, its authors and tags. Nothing is listed by hand: the record is
rebuilt by rendering the page, as an anonymous visitor would see it, each time a version of
it goes live (`went_live`, sent by portal/publishing/signoff.py inside the go-live
transaction), so it holds the version patients now see. The rendering is a rehearsal
(portal/publishing/rehearsal.py): it writes nothing, stores no page or part in a cache, and
leaves the transaction as it found it.

An item scheduled for later has no public page yet: it is recorded once it is live, by
`publish_scheduled` (`record_missing`). `manage.py record_dependencies` rebuilds the record of
every live item (after a deploy that changes templates, or an import).
"""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from portal.languages import activation_code
from portal.models import PageDependency, Publishable
from portal.publishing.rehearsal import rehearsal
from portal.reads import recording
from portal.registry import content_types

logger = logging.getLogger(__name__)
CHUNK = 200  # items read at once by `record_all`


def shown_on_page(item: Publishable) -> set[str] | None:
    """The keys of what the item's public page shows now; None when it has no public page."""
    if not item.is_published:
        return None
    language = getattr(item, "language", None) or settings.LANGUAGE_CODE
    with translation.override(activation_code(language)):
        url = item.get_absolute_url()
        request = RequestFactory(SERVER_NAME=_host()).get(url)
        request.user = AnonymousUser()
        with rehearsal(), recording() as keys:
            try:
                match = resolve(request.path_info)
                response = match.func(request, *match.args, **match.kwargs)
            except Http404:  # no page at its address (a content type with no pages of its own)
                return None
            if hasattr(response, "render"):
                response.render()
    return keys if response.status_code == 200 else None


def record(item: Publishable) -> int:
    """Rebuild the item's record from its public page; returns how many items it shows. A
    page that cannot be rendered keeps its last record, and the error is logged."""
    try:
        keys = shown_on_page(item)
    except Exception:
        logger.exception("the dependency record of %s-%s could not be rebuilt", item._meta.model_name, item.pk)
        return 0
    PageDependency.objects.of(item).delete()
    if not keys:
        return 0
    content_type = ContentType.objects.get_for_model(item)
    language = getattr(item, "language", "")
    PageDependency.objects.bulk_create(
        PageDependency(content_type=content_type, object_id=item.pk, language=language, key=key) for key in sorted(keys)
    )
    return len(keys)


def went_live(sender, item: Model, **kwargs) -> None:
    """A version of `item` went live: its record is what that version shows."""
    record(item)


def record_all() -> int:
    """Rebuild the record of every live item, in every language; returns how many pages."""
    pages = 0
    for model in content_types():
        live = model._default_manager.published_in_any_language()
        ids = list(live.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            for item in live.filter(pk__in=ids[start : start + CHUNK]).order_by("pk"):
                record(item)
                pages += 1
    return pages


def record_missing() -> int:
    """Record the live items that have no record yet (they went live at a scheduled time)."""
    pages = 0
    for model in content_types():
        recorded = PageDependency.objects.filter(content_type=ContentType.objects.get_for_model(model))
        missing = model._default_manager.published_in_any_language().exclude(pk__in=recorded.values("object_id"))
        for item in missing.order_by("pk"):
            record(item)
            pages += 1
    return pages


def _host() -> str:
    """A host name the site answers to, for the addresses the page holds."""
    for host in settings.ALLOWED_HOSTS:
        if "*" not in host:
            return host.lstrip(".")
    return "localhost"

"""The "Source changed" queue in the admin: a page whose source changed in a clinically
significant way, the source's differences, and "Mark as reviewed" (portal/publishing/rereview.py)."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from portal.admin.signoff import compare_snapshots
from portal.admin_urls import admin_url
from portal.models import SourceChange
from portal.publishing import rereview, signoff


def source_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what changed in the source since the version before, for the page's reviewer.
    POST: mark the page as reviewed against it (config/urls.py wraps it in the admin's view)."""
    entry = get_object_or_404(SourceChange.objects.select_related("publication", "previous", "cleared_by"), pk=pk)
    page_model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    changed_model = ContentType.objects.get_for_id(entry.changed_type_id).model_class()
    if page_model is None or changed_model is None:
        raise Http404("The page or its source no longer exists.")
    if not request.user.has_perm(f"{page_model._meta.app_label}.view_{page_model._meta.model_name}"):
        raise PermissionDenied
    page = page_model._default_manager.filter(pk=entry.object_id).first()
    changed = changed_model._default_manager.filter(pk=entry.changed_id).first()
    if request.method == "POST":
        return _mark_reviewed(request, entry, page)
    before = entry.previous.snapshot if entry.previous else None
    fields, rows = compare_snapshots(changed_model, entry.changed_id, before, entry.publication.snapshot)
    context = {
        **admin.site.each_context(request),
        "opts": changed_model._meta,
        "object": changed,
        "entry": entry,
        "page": page,
        "page_url": admin_url(page) if page is not None else None,
        "clinical": [rereview.field_label(changed_model, name) for name in entry.fields],
        "fields": fields,
        "rows": rows,
        "may_clear": page is not None and entry.cleared_at is None and _reviews(request.user, page),
        "title": gettext("“%(page)s”: its source “%(source)s” changed")
        % {"page": entry.title, "source": entry.changed_title},
    }
    if changed is None:
        context["object"] = changed_model(pk=entry.changed_id)
        context["problem"] = gettext("“%(source)s” no longer exists.") % {"source": entry.changed_title}
    return TemplateResponse(request, "admin/portal/source_changed.html", context)


def _mark_reviewed(request: HttpRequest, entry: SourceChange, page) -> HttpResponse:
    if page is None or not _reviews(request.user, page):
        raise PermissionDenied
    if rereview.mark_reviewed(entry, request.user):
        done = gettext("“%(page)s”: marked as reviewed against the change to “%(source)s”.")
        messages.success(request, done % {"page": entry.title, "source": entry.changed_title})
    else:
        messages.info(request, gettext("Someone has already marked this page as reviewed."))
    return HttpResponseRedirect(reverse("admin:index"))


def _reviews(user, page) -> bool:
    """Only a medical reviewer of the page (its type and language) answers for it."""
    try:
        signoff.reviewer_for(user, page)
    except signoff.SignOffRefused:
        return False
    return True

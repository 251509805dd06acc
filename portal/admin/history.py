"""History in the admin: every saved version with who and when, the differences between two,
and revert, kept within the workflow's rules."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from reversion.models import Version

from portal.models import Status
from portal.publishing import conversation, history, workflow, working_copies


class HistoryAdminMixin:
    """Versions, differences and revert for a content type's admin (on top of VersionAdmin)."""

    # History: versions with who and when, differences between two, revert (from VersionAdmin).

    def revision_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        """Revert only to a version of this very object, and only within the user's rights.

        Reversion itself checks neither the version's model nor the workflow, and it rolls the
        object back before the form is checked: an editor could otherwise revert a published
        page to a draft, or restore old review dates.
        """
        obj = self.get_object(request, unquote(object_id))
        version = self._own_version(version_id, obj.pk if obj else None)
        if obj is None or version is None:
            raise Http404("No such version of this page.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if obj.status == Status.PUBLISHED and not getattr(request, "_in_rehearsal", False):
            return self.revert_into_copy(request, obj, object_id, version_id, extra_context)
        if not self.has_publish_permission(request):
            old = version._object_version.object
            fields = ["status", *(self.model._meta.get_field(name).attname for name in workflow.PROTECTED_FIELDS)]
            if old.status not in workflow.EDITOR_STATUSES or any(
                getattr(old, name) != getattr(obj, name) for name in fields[1:]
            ):
                raise PermissionDenied
        # The stale-form check compares against the page as it is now, not as reverted.
        request._revert_base_version = obj.updated_at.isoformat()
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request: HttpRequest, version_id, extra_context=None):
        """Bringing deleted content back is a publishing decision."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        if self._own_version(version_id) is None:
            raise Http404("No such deleted page.")
        request._recovering = True
        return super().recover_view(request, version_id, extra_context)

    def _own_version(self, version_id, object_id=None):
        versions = Version.objects.get_for_model(self.model).filter(pk=version_id)
        if object_id is not None:
            versions = versions.filter(object_id=str(object_id))
        return versions.first()

    def get_urls(self):
        opts = self.model._meta
        extra = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
        ]
        return extra + super().get_urls()

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = Version.objects.get_for_object(obj).select_related("revision__user") if obj else []
        context = {"versions": versions}
        if obj is not None:
            context["publications"] = working_copies.publications_of(obj).select_related("approved_by")
            context["working_copy"] = working_copies.copy_of(obj)
            context.update({f"{name}_url": url for name, url in self._signoff_urls(obj).items()})
            if self.may_converse(request, obj):  # the review record is for the people who work on the page
                context["review_record"], context["review_now"] = conversation.record(obj)
        return super().history_view(request, object_id, {**(extra_context or {}), **context})

    def compare_view(self, request: HttpRequest, object_id) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj)
        try:
            older = versions.get(pk=int(request.GET.get("from", "")))
            newer = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            return render(
                request,
                "admin/portal/version_compare.html",
                {**self.admin_site.each_context(request), "opts": self.model._meta, "object": obj,
                 "problem": gettext("Choose two saved versions of this page to compare.")},
                status=400,
            )  # fmt: skip
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        fields, rows = history.compare(older, newer)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "older": older,
            "newer": newer,
            "fields": fields,
            "rows": rows,
            "title": gettext("Changes to “%(page)s”") % {"page": obj},
        }
        return TemplateResponse(request, "admin/portal/version_compare.html", context)

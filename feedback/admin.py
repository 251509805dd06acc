"""Feedback in the admin: the list, closing a report with its outcome, counts per page and
version, and the CSV export. Nobody adds or deletes feedback here: it comes from patients,
and `feedback_retention` deletes its text."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from feedback.exports import csv_rows
from feedback.models import Feedback, Outcome, Reason, State
from portal.admin_urls import admin_url_of
from portal.models import Author, Publication
from portal.plain_text import day_and_time_in_words

COUNTS_PER_PAGE = 100
REMOVED_LABELS = {
    "email": _("email addresses"),
    "phone": _("phone numbers"),
    "postcode": _("postal codes"),
    "date_of_birth": _("dates of birth"),
    "nhs": _("NHS numbers"),
    "ssn": _("Social Security numbers"),
    "medicare": _("Medicare numbers"),
    "dni_nie": _("DNI or NIE numbers"),
}


class CloseForm(forms.ModelForm):
    """Closing a report: what was done, why, and the version that fixed it."""

    user = None  # set by FeedbackAdmin.get_form for the request

    class Meta:
        model = Feedback
        fields = ["outcome", "outcome_reason", "fixed_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        if "fixed_by" in self.fields:
            self.fields["fixed_by"].queryset = Publication.objects.filter(
                content_type=report.content_type_id, object_id=report.object_id
            ).order_by("-published_at")
            self.fields["fixed_by"].label_from_instance = lambda publication: day_and_time_in_words(
                publication.published_at
            )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if not outcome:
            return data
        if outcome == Outcome.CHANGED and not data.get("fixed_by"):
            self.add_error("fixed_by", gettext("Choose the published version that changed the page."))
        if outcome == Outcome.NO_CHANGE and not (data.get("outcome_reason") or "").strip():
            self.add_error("outcome_reason", gettext("Say why no change is needed."))
        if self.instance.reason == Reason.MEDICAL_ERROR and not _reviews(self.user, self.instance.language):
            raise forms.ValidationError(
                gettext("A report of a possible medical error is closed by a medical reviewer of the page's language.")
            )
        return data


def _reviews(user, language: str) -> bool:
    author = Author.objects.filter(user=user).first() if user is not None else None
    return author is not None and language in (author.reviews_in or []) and user.has_perm("feedback.change_feedback")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_link", "language", "helpful", "reason", "short_text", "state", "due"]
    list_select_related = ["content_type"]
    list_filter = ["state", "helpful", "reason", "language", "created_at"]
    search_fields = ["page_title", "text"]
    date_hierarchy = "created_at"
    list_per_page = 50
    form = CloseForm
    fieldsets = [
        (
            _("What the patient said"),
            {
                "fields": [
                    "page_link",
                    "language",
                    "version_read",
                    "helpful",
                    "reason",
                    "text",
                    "removed_text",
                    "created_at",
                    "repeats",
                ]
            },
        ),
        (_("Handling"), {"fields": ["state", "reviewer", "due_at", "outcome", "outcome_reason", "fixed_by"]}),
        (_("Closed"), {"fields": ["closed_at", "closed_by"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # The admin home links to one page's reports.
        return lookup in {"content_type__id__exact", "object_id"} or super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        shown = ["page_link", "language", "version_read", "helpful", "reason", "text", "removed_text", "created_at"]
        shown += ["repeats", "state", "reviewer", "due_at", "closed_at", "closed_by"]
        if obj is None or obj.state != State.OPEN:
            shown += ["outcome", "outcome_reason", "fixed_by"]
        return shown

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request: HttpRequest, obj: Feedback, form, change: bool) -> None:
        if obj.state == State.OPEN and obj.outcome:
            obj.state, obj.closed_at, obj.closed_by = State.CLOSED, timezone.now(), request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("page"), ordering="page_title")
    def page_link(self, obj: Feedback) -> str:
        # format_html escapes the title: hostile text stays text.
        return format_html('<a href="{}">{}</a>', admin_url_of(obj.content_type, obj.object_id), obj.page_title)

    @admin.display(description=_("comment"))
    def short_text(self, obj: Feedback) -> str:
        return obj.text if len(obj.text) <= 80 else f"{obj.text[:79]}…"

    @admin.display(description=_("answer due"), ordering="due_at")
    def due(self, obj: Feedback) -> str:
        if obj.due_at is None:
            return ""
        when = day_and_time_in_words(obj.due_at)
        return gettext("%(when)s (overdue)") % {"when": when} if obj.is_overdue else when

    @admin.display(description=_("version read"))
    def version_read(self, obj: Feedback) -> str:
        if obj.publication is None:
            return "-"
        return gettext("live from %(when)s") % {"when": day_and_time_in_words(obj.publication.published_at)}

    @admin.display(description=_("personal data removed"))
    def removed_text(self, obj: Feedback) -> str:
        counts = [f"{REMOVED_LABELS.get(kind, kind)}: {count}" for kind, count in obj.removed.items() if count]
        return "; ".join(counts) or gettext("none")

    def get_urls(self):
        return [
            path("counts/", self.admin_site.admin_view(self.counts_view), name="feedback_feedback_counts"),
            path("export.csv", self.admin_site.admin_view(self.export_view), name="feedback_feedback_export"),
            *super().get_urls(),
        ]

    def counts_view(self, request: HttpRequest) -> HttpResponse:
        """Yes and no, and each reason, per page and per version read: one query for the page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        by_reason = {value: Count("pk", filter=Q(reason=value)) for value in Reason.values}
        rows = (
            Feedback.objects.values(
                "content_type", "object_id", "page_title", "language", "publication", "publication__published_at"
            )
            .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)), **by_reason)
            .order_by("page_title", "language", "object_id", "-publication__published_at")
        )
        page = Paginator(rows, COUNTS_PER_PAGE).get_page(request.GET.get("page"))
        for row in page:
            row["reasons"] = [row[value] for value in Reason.values]
            row["url"] = admin_url_of(ContentType.objects.get_for_id(row["content_type"]), row["object_id"])
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Feedback per page and version"),
            "page": page,
            "reasons": Reason.choices,
            "opts": self.model._meta,
        }
        return render(request, "admin/feedback/counts.html", context)

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        reports = Feedback.objects.select_related("content_type").order_by("-created_at").iterator(chunk_size=500)
        response = StreamingHttpResponse(csv_rows(reports), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="feedback.csv"'
        return response

"""The admin side of working copies and sign-off (see portal/publishing/working_copies.py and
portal/publishing/signoff.py): the change form of a live item edits its working copy, and a reviewer
previews, compares, approves, schedules or discards it. Mixed into PublishableAdmin."""

import contextlib
import datetime
from collections.abc import Iterator

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, resolve
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from portal.admin.conversation import CommentForm
from portal.admin_urls import admin_url
from portal.models import REASON_MAX_LENGTH, Status, WorkingCopyState
from portal.pages.preview import mark_preview
from portal.plain_text import day_in_words
from portal.publishing import conversation, history, notifications, rereview, signoff, workflow, working_copies
from portal.publishing.rehearsal import Shown, rehearsal
from portal.text import readability

# Fields that belong to the live item, never to a proposed change.
LIVE_FIELDS = ("status", "published_at", "reviewed_by", "last_reviewed", "next_review_due")


class SignOffAdminMixin:
    """Working copies for live items, and the sign-off screen, for a content type's admin."""

    @contextlib.contextmanager
    def create_revision(self, request: HttpRequest) -> Iterator[None]:
        """History is the sign-off audit trail: it records acts, never page views. Showing a
        working copy writes it over the live rows for a moment; a GET keeps no revision."""
        if request.method != "POST":
            yield
            return
        with super().create_revision(request):
            yield

    # Which form to show and save.

    def get_object(self, request: HttpRequest, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:  # a form with errors has already set the typed status on it
            obj._stored_status = obj.status
        return obj

    def edits_a_copy(self, request: HttpRequest, obj) -> bool:
        """A live (or scheduled) item is changed through its working copy: live as stored,
        not as typed into a form that is shown again with its errors."""
        if getattr(request, "_in_rehearsal", False):
            return True
        return obj is not None and getattr(obj, "_stored_status", obj.status) == Status.PUBLISHED

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        if object_id is None or getattr(request, "_in_rehearsal", False):
            return super().changeform_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.edits_a_copy(request, obj):
            return super().changeform_view(request, object_id, form_url, extra_context)
        copy = working_copies.copy_of(obj)
        context = {**(extra_context or {}), **self._copy_context(request, obj, copy)}
        return self._rehearse_copy(
            request,
            obj,
            copy,
            lambda: super(SignOffAdminMixin, self).changeform_view(request, object_id, form_url, context),
        )

    def _rehearse_copy(self, request: HttpRequest, obj, copy, view) -> HttpResponse:
        """Run an admin view on the working copy written over the live rows, roll it back,
        and keep what a successful POST saved as the new working copy."""
        request._in_rehearsal = True
        request._revert_base_version = _copy_token(obj, copy)
        with transaction.atomic():
            live = type(obj)._default_manager.select_for_update().get(pk=obj.pk)  # one save at a time
            snapshot = None
            with rehearsal():
                if copy is not None and not getattr(request, "_reverting", False):
                    with _unrecorded():  # showing the copy is not a change; the form's save is
                        working_copies.write(type(obj), obj.pk, copy.snapshot)
                response = view()
                if request.method == "POST" and response.status_code == 302:
                    snapshot = working_copies.capture(type(obj)._default_manager.get(pk=obj.pk))
                elif hasattr(response, "render"):
                    response.render()
            if snapshot is not None:
                self._keep_copy(request, live, copy, snapshot)
                self._live_action(request, live)
        return response

    def _keep_copy(self, request: HttpRequest, live, copy, snapshot: dict) -> None:
        current = working_copies.capture(live)
        item = snapshot["records"][0]["fields"]
        for name in LIVE_FIELDS:
            item[name] = current["records"][0]["fields"][name]
        submitted = request.POST.get("_workflow") == "submit"
        if copy is None and not submitted and _same_content(snapshot, current):
            if not request.POST.get("_workflow"):
                messages.info(request, _("“%(item)s”: nothing changed.") % {"item": live})
            return  # no working copy to review
        copy = working_copies.save_copy(live, snapshot, request.user)
        if submitted:
            working_copies.submit(copy)
            notifications.submitted(live, request.user, request.build_absolute_uri(admin_url(live, "signoff")))
        note = _("Working copy submitted for review") if submitted else _("Working copy saved")
        workflow.log(request, live, note)
        messages.info(
            request,
            _("%(done)s: patients still see the published version until a medical reviewer approves the changes.")
            % {"done": note},
        )
        request._workflow_reported = True

    def _live_action(self, request: HttpRequest, live) -> None:
        """Mark as reviewed and archive act on the live item itself, not on its copy."""
        action = request.POST.get("_workflow")
        if action not in ("review", "archive"):
            return
        self.apply_to_live(request, live, action)
        done = _("“%(item)s”: marked as reviewed.") if action == "review" else _("“%(item)s”: archived.")
        messages.success(request, done % {"item": live})
        request._workflow_reported = True

    def _copy_context(self, request: HttpRequest, obj, copy) -> dict:
        urls = self._signoff_urls(obj)
        return {
            "working_copy": copy,
            "editing_copy": True,
            "signoff_url": urls["signoff"],
            "copy_preview_url": urls["preview"] if copy else None,
            "workflow_buttons": [
                (action, label)
                for action, (label, needs_publish) in workflow.TRANSITIONS.items()
                if action != "publish"
                and (needs_publish and self.has_publish_permission(request) or not needs_publish)
                and (
                    action != "submit"
                    or copy is None
                    or copy.state in (WorkingCopyState.EDITING, WorkingCopyState.CHANGES_REQUESTED)
                )
            ],
        }

    def _signoff_urls(self, obj) -> dict:
        return {name: admin_url(obj, name) for name in ("signoff", "preview", "discard", "as_published")}

    def revert_into_copy(self, request: HttpRequest, obj, object_id, version_id, extra_context=None):
        """Reverting a live item proposes the old version as its working copy."""
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        request._reverting = True
        copy = working_copies.copy_of(obj)
        context = {**(extra_context or {}), **self._copy_context(request, obj, copy)}
        return self._rehearse_copy(
            request, obj, copy, lambda: self._revision_form(request, object_id, version_id, context)
        )

    def _revision_form(self, request, object_id, version_id, context):
        version = self._own_version(version_id, unquote(object_id))
        return self._reversion_revisionform_view(
            request, version, self._reversion_get_template_list("revision_form.html"), context
        )

    # The sign-off screen: the differences, and the reviewer's approval.

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        extra = [
            path("<path:object_id>/sign-off/", self.admin_site.admin_view(self.signoff_view), name=f"{name}_signoff"),
            path(
                "<path:object_id>/working-copy/preview/",
                self.admin_site.admin_view(self.copy_preview_view),
                name=f"{name}_preview",
            ),
            path(
                "<path:object_id>/working-copy/discard/",
                self.admin_site.admin_view(self.discard_view),
                name=f"{name}_discard",
            ),
            path(
                "<path:object_id>/as-published/",
                self.admin_site.admin_view(self.as_published_view),
                name=f"{name}_as_published",
            ),
        ]
        return extra + super().get_urls()

    def _item(self, request: HttpRequest, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such page.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def signoff_view(self, request: HttpRequest, object_id) -> HttpResponse:
        obj = self._item(request, object_id)
        copy = working_copies.copy_of(obj)
        if copy is None and obj.is_published:
            self.message_user(request, _("There are no changes waiting for sign-off."), messages.INFO)
            return HttpResponseRedirect(admin_url(obj))
        changes_form = None
        if request.method == "POST":
            if "_request_changes" in request.POST:
                changes_form = RequestChangesForm(request.POST)
                if changes_form.is_valid():
                    return self._request_changes(request, obj, changes_form.cleaned_data["reason"])
            elif "_take" in request.POST or "_release" in request.POST:
                return self._take_or_release(request, obj, copy, take="_take" in request.POST)
            else:
                return self._approve(request, obj)
        response = TemplateResponse(
            request, "admin/portal/signoff.html", self._signoff_context(request, obj, copy, changes_form)
        )
        if changes_form is not None:
            response.status_code = 400
        return response

    def _signoff_context(self, request: HttpRequest, obj, copy, changes_form) -> dict:
        published_before = working_copies.publications_of(obj).first()
        if copy is not None:
            before, after = working_copies.capture(obj), copy.snapshot
        else:
            before, after = (published_before.snapshot if published_before else None), working_copies.capture(obj)
        fields, rows = _compare(type(obj), obj.pk, before, after)
        grade = readability.grade_of(working_copies.pending_version(obj))
        published_grade = readability.grade_of(obj) if copy is not None else None
        try:
            signoff.check_submitted(copy)
            signoff.approver_for(request.user, obj)
            can_approve, refusal = copy is None or copy.state != WorkingCopyState.APPROVED, None
        except signoff.SignOffRefused as refused:
            can_approve, refusal = False, str(refused)
        may_change = self.has_change_permission(request, obj)
        is_reviewer = may_change and _reviews(request.user, obj)
        in_review = conversation.can_be_sent_back(obj, copy)
        targets = conversation.pending_targets(obj)
        talk = self.conversation_context(request, obj, targets)
        taken = conversation.taken(obj, copy)
        shown_beside = {change.key for change in fields} | {row.key for row in rows}
        model = type(obj)
        clinical = rereview.clinical_changes(model, before, after) if before and obj.is_published else []
        return {
            **talk,
            "comment_return": "signoff",
            "comment_form": CommentForm(targets) if talk else None,
            "remarks_elsewhere": [
                remark for remark in talk["conversation"].remarks if remark.gone or remark.key not in shown_beside
            ]
            if talk
            else [],
            "taken": taken,
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "copy": copy,
            "fields": fields,
            "rows": rows,
            "published_before": published_before,
            "can_approve": can_approve,
            "refusal": refusal,
            "can_discard": may_change,
            "can_request_changes": is_reviewer and in_review,
            "changes_form": changes_form or RequestChangesForm(),
            "can_take": is_reviewer and in_review,
            "taken_by_other": taken is not None and taken.by != request.user,
            "review_request": conversation.open_request(obj) if may_change else None,
            "grade": grade,
            "published_grade": published_grade,
            "has_translations": getattr(obj, "translation_of_id", 1) is None and obj.translations.exists(),
            "clinical_fields": [rereview.field_label(model, name) for name in model.clinical_fields],
            "clinical_changes": [rereview.field_label(model, name) for name in clinical],
            "dependent_pages": len(rereview.dependent_pages(obj)) if can_approve else 0,
            "title": _("Sign-off: “%(page)s”") % {"page": obj},
            **{f"{name}_url": url for name, url in self._signoff_urls(obj).items()},
        }

    def _request_changes(self, request: HttpRequest, obj, reason: str) -> HttpResponse:
        """Send the pending changes back to their editors, with the reviewer's reason."""
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            with reversion.create_revision():
                sent_back = conversation.request_changes(obj, request.user, reason, get_language() or "")
                message = conversation.history_line(sent_back)
                reversion.set_user(request.user)
                reversion.set_comment(message)
        except signoff.SignOffRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(request.path)
        workflow.log(request, obj, message)
        notifications.changes_requested(obj, request.user, request.build_absolute_uri(admin_url(obj)))
        self.message_user(
            request,
            _("“%(item)s”: sent back to its editors. It leaves the review queue until they submit it again.")
            % {"item": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(admin_url(obj))

    def _take_or_release(self, request: HttpRequest, obj, copy, take: bool) -> HttpResponse:
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            if take:
                conversation.take(obj, copy, request.user)
            else:
                conversation.release(obj, copy, request.user)
        except signoff.SignOffRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(request.path)
        if take:
            done = _("You are reviewing “%(item)s”: other reviewers see it in the queue.")
        else:
            done = _("“%(item)s” is no longer taken: any reviewer may take it.")
        self.message_user(request, done % {"item": obj}, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def _approve(self, request: HttpRequest, obj) -> HttpResponse:
        go_live_at = _parse_moment(request.POST.get("go_live_at", ""))
        if go_live_at is False:
            self.message_user(request, _("Enter the go-live time as a date and time."), messages.ERROR)
            return HttpResponseRedirect(request.path)
        note = request.POST.get("note", "").strip()
        grade = readability.needs_reason(working_copies.pending_version(obj))
        if grade is not None:
            reason = request.POST.get("readability_reason", "").strip()
            if not reason:
                self.message_user(request, readability.reason_needed_message(grade), messages.ERROR)
                return HttpResponseRedirect(request.path)
            note = f"{note} {readability.publish_note(grade, reason)}".strip()
        try:
            with reversion.create_revision():
                unaffected = request.POST.get("translations_unaffected", "").strip()[:300]
                message = signoff.publish(
                    obj,
                    request.user,
                    go_live_at,
                    note=note[:500],
                    translations_unaffected=unaffected,
                    clinically_significant=request.POST.get("clinically_significant") == "1",
                )
                message = f"{message} {note}".strip()  # the history line carries the reviewer's note
                reversion.set_user(request.user)
                reversion.set_comment(message)
        except signoff.SignOffRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(request.path)
        workflow.log(request, obj, message)
        self.message_user(request, workflow.done_message(obj, message), messages.SUCCESS)
        return HttpResponseRedirect(admin_url(obj))

    def discard_view(self, request: HttpRequest, object_id) -> HttpResponse:
        """Discarding loses the copy's changes for good: a page asks first, and only a POST
        that answers it (confirm=yes) discards. No JavaScript involved."""
        obj = self._item(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        copy = working_copies.copy_of(obj)
        if copy is None:
            self.message_user(request, _("“%(page)s” has no working copy to discard.") % {"page": obj}, messages.INFO)
            return HttpResponseRedirect(admin_url(obj))
        if request.method != "POST" or request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "object": obj,
                "copy": copy,
                "title": _("Discard the working copy of “%(page)s”?") % {"page": obj},
                **{f"{name}_url": url for name, url in self._signoff_urls(obj).items()},
            }
            return TemplateResponse(request, "admin/portal/discard_copy.html", context)
        working_copies.discard(obj)
        workflow.log(request, obj, _("Working copy discarded"))
        self.message_user(request, _("“%(page)s”: the working copy was discarded.") % {"page": obj}, messages.SUCCESS)
        return HttpResponseRedirect(admin_url(obj))

    # Pages as patients will see them, or saw them.

    def copy_preview_view(self, request: HttpRequest, object_id) -> HttpResponse:
        obj = self._item(request, object_id)
        copy = working_copies.copy_of(obj)
        if copy is None:
            raise Http404("This page has no working copy.")
        return _render_snapshot(request, obj, copy.snapshot, Shown("copy"))

    def as_published_view(self, request: HttpRequest, object_id) -> HttpResponse:
        """This page exactly as patients saw it at the end of a day (?on=YYYY-MM-DD)."""
        obj = self._item(request, object_id)
        day = _parse_day(request.GET.get("on", ""))
        if day is None:
            problem = _("Choose a date (year, month and day) to see this page as patients saw it on that day.")
            return self._not_shown(request, obj, problem, day, status=400)
        end_of_day = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
        publication = signoff.as_published_on(obj, end_of_day)
        if publication is None:
            return self._not_shown(request, obj, _not_published_message(obj, day), day, status=404)
        return _render_snapshot(request, obj, publication.snapshot, Shown("as_published", publication))

    def _not_shown(self, request: HttpRequest, obj, problem: str, day, status: int) -> HttpResponse:
        """Why there is no page to show, inside the admin, with the date form to try again."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "problem": problem,
            "day": day,
            "title": _("“%(page)s” as published") % {"page": obj},
            **{f"{name}_url": url for name, url in self._signoff_urls(obj).items()},
        }
        return TemplateResponse(request, "admin/portal/as_published_missing.html", context, status=status)


class RequestChangesForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What needs to change"),
        max_length=REASON_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("The editors see this at the top of the page's form; it is kept in the page's history."),
        error_messages={
            "required": gettext_lazy("Say what needs to change: the editor sees your reason at the top of the form.")
        },
    )


def _reviews(user, obj) -> bool:
    """The user may review this item (publish permission, author profile, its language)."""
    try:
        signoff.reviewer_for(user, obj)
    except signoff.SignOffRefused:
        return False
    return True


def _parse_day(text: str) -> datetime.date | None:
    try:
        return parse_date(text.strip())
    except ValueError:  # well formed but no such day, e.g. 2026-02-30
        return None


def _not_published_message(obj, day: datetime.date) -> str:
    first = working_copies.publications_of(obj).order_by("published_at").first()
    values = {"page": obj, "day": day_in_words(day)}
    if first is None:
        return _("“%(page)s” was not published on %(day)s: no version of it has gone live yet.") % values
    first_day = day_in_words(first.published_at)
    return _("“%(page)s” was not published on %(day)s: its first version went live on %(first)s.") % {
        **values,
        "first": first_day,
    }


def _unrecorded() -> contextlib.AbstractContextManager:
    """Writes that the current revision, if any, leaves out of the page's history."""
    return reversion.create_revision(manage_manually=True) if reversion.is_active() else contextlib.nullcontext()


def _same_content(snapshot: dict, other: dict) -> bool:
    def content(data: dict):
        records = [{**record, "fields": {**record["fields"], "updated_at": None}} for record in data["records"]]
        return records, data.get("by_name")

    return content(snapshot) == content(other)


def _copy_token(obj, copy) -> str:
    """The version a form was loaded from, for the stale-form check."""
    return f"copy:{copy.updated_at.isoformat()}" if copy is not None else f"live:{obj.updated_at.isoformat()}"


def compare_snapshots(model, pk, before: dict | None, after: dict):
    """The field and row changes from one snapshot of an item to another."""
    return _compare(model, pk, before, after)


def _compare(model, pk, before: dict | None, after: dict):
    key = (ContentType.objects.get_for_model(model).pk, str(pk))
    old = working_copies.field_dicts(model, before) if before else {}
    return history.compare_states(model, key, old, working_copies.field_dicts(model, after))


def _render_snapshot(request: HttpRequest, obj, snapshot: dict, showing: Shown) -> HttpResponse:
    """The public page of `obj` rendered from a snapshot, with a banner, never cached."""
    with rehearsal(showing):
        item = working_copies.write(type(obj), obj.pk, snapshot)
        match = resolve(item.get_absolute_url())
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    return mark_preview(response)


def _parse_moment(text: str):
    """A datetime-local value as an aware datetime; None when empty, False when unreadable."""
    if not text.strip():
        return None
    try:
        moment = parse_datetime(text.strip())
    except ValueError:  # well formed but impossible, e.g. 30 February
        return False
    if moment is None:
        return False
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

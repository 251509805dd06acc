"""The admin every content type shares: the workflow, publishing fieldsets, where used."""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext
from reversion.admin import VersionAdmin

from portal import registry
from portal.admin.conversation import ConversationAdminMixin
from portal.admin.forms import MarkdownAdminMixin, ReviewDueFilter
from portal.admin.history import HistoryAdminMixin
from portal.admin.signoff import SignOffAdminMixin
from portal.admin.translations import TranslationAdminMixin
from portal.admin_urls import admin_url
from portal.models import ReviewRequest, Status
from portal.plain_text import day_in_words, time_in_words
from portal.publishing import conversation, notifications, references, signoff, workflow, working_copies
from portal.text import readability

PUBLISHING_FIELDSET = (
    gettext_lazy("Publishing"),
    {
        "fields": ["status", "published_at", "loaded_version", "readability_reason", "translations_unaffected"],
        "description": gettext_lazy(
            "Patients see an item only when it is published and its publication time "
            "has passed. Medical reviewers publish; a future time schedules it."
        ),
    },
)
REVIEW_FIELDSET = (
    gettext_lazy("Medical review"),
    {
        "fields": ["reviewed_by", "last_reviewed", "next_review_due"],
        "description": gettext_lazy(
            "Who checked this content for medical accuracy, and when it must be checked again. "
            "Use “Mark as reviewed” to record a new review; editing does not change these dates."
        ),
    },
)
WHERE_USED_FIELDSET = (gettext_lazy("Where this is used"), {"fields": ["where_used"], "classes": ["collapse"]})
RECORD_FIELDSET = (gettext_lazy("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})
# Every content type's form ends with these, after its own fieldsets.
SHARED_FIELDSETS = [PUBLISHING_FIELDSET, REVIEW_FIELDSET, WHERE_USED_FIELDSET, RECORD_FIELDSET]

# Inlines another app adds to a content type's form: model → inline classes.
_added_inlines: dict[type[models.Model], list[type[admin.options.InlineModelAdmin]]] = {}


def add_inline(model: type[models.Model], inline: type[admin.options.InlineModelAdmin]) -> None:
    """Show `inline` on `model`'s change form, from the app that defines the inline's model
    (curated guides, defined in articles, on the condition form), whatever the app order."""
    _added_inlines.setdefault(model, []).append(inline)


class PublishableAdmin(
    TranslationAdminMixin,
    HistoryAdminMixin,
    ConversationAdminMixin,
    SignOffAdminMixin,
    MarkdownAdminMixin,
    VersionAdmin,
):
    """Every content type: workflow, history with differences, references.

    A subclass lists only its own fieldsets; the publishing, review, where-used and record
    fieldsets follow them. History follows every model declared `part_of` the content
    type, whichever app defines it.
    """

    form = workflow.WorkflowForm
    list_filter = ["status", ReviewDueFilter]
    readonly_fields = ["created_at", "updated_at", "where_used"]
    autocomplete_fields = ["reviewed_by"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["submit_for_review", "publish_now", "archive", "mark_reviewed"]
    change_form_template = "admin/portal/change_form.html"
    object_history_template = "admin/portal/object_history.html"

    class Media:  # the readability panel beside each Markdown preview, and move buttons for ordered rows
        js = ["portal/readability.js", "portal/positions.js"]
        css = {"all": ["portal/readability.css"]}

    def __init__(self, model, admin_site) -> None:
        if not reversion.is_registered(model):
            follow = []
            for part, fk_name in registry.parts_of(model):
                if not reversion.is_registered(part):
                    reversion.register(part)
                follow.append(part._meta.get_field(fk_name).remote_field.get_accessor_name())
            reversion.register(model, follow=follow)
        super().__init__(model, admin_site)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return [*super().get_fieldsets(request, obj), *SHARED_FIELDSETS]

    def get_inlines(self, request: HttpRequest, obj):
        return [*super().get_inlines(request, obj), *_added_inlines.get(self.model, [])]

    @admin.display(description=gettext_lazy("public"), boolean=True)
    def is_live(self, obj) -> bool:
        return obj.is_published

    @admin.display(description=gettext_lazy("used in"))
    def where_used(self, obj) -> str:
        if obj is None or obj.pk is None:
            return gettext("Not used yet.")
        uses = references.where_used(obj)
        if not uses:
            return gettext("Nothing links to this yet.")
        not_public = " " + gettext("(not public)")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{} <a href="{}">{}</a>{}</li>',
                ((how, admin_url(item), item, "" if item.is_published else not_public) for how, item in uses),
            ),
        )

    # Permissions: editors change drafts and items in review; publishers change anything.

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return workflow.can_publish(request.user, self.model)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        """Editors change drafts, items in review and live items (through their working
        copy); archived items are the reviewers'."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.status != Status.ARCHIVED or self.has_publish_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        protected = list(workflow.PROTECTED_FIELDS)
        if self.edits_a_copy(request, obj):  # a working copy changes content, not the publishing state
            protected.append("status")
        if not self.has_publish_permission(request) or self.edits_a_copy(request, obj):
            fields += [name for name in protected if name not in fields]
        return fields

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    # Saving: workflow buttons, and a history line for each transition.

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if getattr(request, "_in_rehearsal", False):  # saving into the working copy
            super().save_model(request, obj, form, change)
            return
        before = type(obj).objects.filter(pk=obj.pk).first() if change else None
        action = request.POST.get("_workflow")
        if getattr(request, "_recovering", False) and obj.status == Status.PUBLISHED:
            obj.status = Status.DRAFT  # a deleted page comes back as a draft, to be signed off again
            messages.warning(
                request, gettext("Brought back as a draft: it goes live again only after a reviewer's sign-off.")
            )
        if action == "publish" or (obj.status == Status.PUBLISHED and (before is None or not before.is_published)):
            # Going live is a sign-off, made after the content is saved (save_related).
            go_live_at = obj.published_at if action != "publish" else None
            obj.status = before.status if before and before.status != Status.PUBLISHED else Status.DRAFT
            obj.published_at = before.published_at if before else None
            request._publish_after_save = go_live_at
            grade = getattr(form, "reading_grade", None)  # above its target: the reviewer's reason
            request._publish_note = (
                readability.publish_note(grade, form.cleaned_data["readability_reason"]) if grade else ""
            )
            request._translations_unaffected = (form.cleaned_data.get("translations_unaffected") or "").strip()
            super().save_model(request, obj, form, change)
            return
        message = workflow.apply_transition(obj, action, request.user) if action else None
        message = message or workflow.describe_state_change(before, obj)
        super().save_model(request, obj, form, change)
        if obj.status == Status.IN_REVIEW and (before is None or before.status != Status.IN_REVIEW):
            ReviewRequest.objects.for_item(obj).answer()  # submitted again: the reviewer's request is answered
            notifications.submitted(obj, request.user, request.build_absolute_uri(admin_url(obj, "signoff")))
        request._workflow_message = message
        if message:
            workflow.log(request, obj, message)
            if obj.status == Status.ARCHIVED:
                working_copies.discard(obj)
                workflow.warn_if_referenced(request, obj)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not hasattr(request, "_publish_after_save"):
            return
        obj = form.instance
        request._workflow_reported = True
        content_changed = set(form.changed_data) - {
            "status",
            "published_at",
            "loaded_version",
            "readability_reason",
            "translations_unaffected",
        } or any(formset.has_changed() for formset in formsets)
        if content_changed and not settings.SIGN_OFF_SELF_APPROVAL:
            messages.error(
                request,
                gettext(
                    "Your changes are saved, but not published: you changed this page, so another medical "
                    "reviewer must approve it."
                ),
            )
            return
        note = getattr(request, "_publish_note", "")
        try:
            message = signoff.publish(
                obj,
                request.user,
                request._publish_after_save,
                note=note,
                translations_unaffected=getattr(request, "_translations_unaffected", ""),
            )
        except signoff.SignOffRefused as refused:
            messages.error(
                request, gettext("Your changes are saved, but not published: %(reason)s") % {"reason": refused}
            )
            return
        message = f"{message} {note}".strip()
        obj.refresh_from_db()
        request._workflow_message = message
        workflow.log(request, obj, message)
        messages.success(request, workflow.done_message(obj, message))

    def log_change(self, request: HttpRequest, obj, message):
        entry = super().log_change(request, obj, message)
        transition = getattr(request, "_workflow_message", None)
        if transition and reversion.is_active():
            reversion.set_comment(f"{transition}. {entry.get_change_message()}")
        return entry

    def response_change(self, request: HttpRequest, obj) -> HttpResponse:
        if getattr(request, "_in_rehearsal", False):  # the working copy's save reports what happened
            stay = "_continue" in request.POST or request.POST.get("_workflow")
            return HttpResponseRedirect(request.path if stay else self._changelist_url())
        if request.POST.get("_workflow"):
            if not getattr(request, "_workflow_reported", False):
                self.message_user(request, self._transition_done(obj, request.POST["_workflow"]))
            return HttpResponseRedirect(request.path)
        if getattr(request, "_workflow_reported", False):  # the working copy or sign-off said what happened
            return HttpResponseRedirect(request.path if "_continue" in request.POST else self._changelist_url())
        return super().response_change(request, obj)

    def _changelist_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def render_change_form(self, request: HttpRequest, context, *args, **kwargs):
        """A stale save is refused with its own message: there is nothing to correct."""
        if context["adminform"].form.has_error(NON_FIELD_ERRORS, "stale"):
            context = {**context, "errors": [], "stale_error": context["adminform"].form.non_field_errors()}
        return super().render_change_form(request, context, *args, **kwargs)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        buttons = []
        if obj is not None and not self.edits_a_copy(request, obj):
            for value, (label, needs_publish) in workflow.TRANSITIONS.items():
                if needs_publish and not self.has_publish_permission(request):
                    continue
                if self._offered(obj, value):
                    buttons.append((value, label))
        context = {"workflow_buttons": buttons, **(extra_context or {})}
        if obj is not None and self.has_change_permission(request, obj):
            context["review_request"] = conversation.open_request(obj)
        context.update(self.conversation_context(request, obj))
        if obj is not None and not obj.is_published and self.has_publish_permission(request):
            context["signoff_url"] = self._signoff_urls(obj)["signoff"]
        return super().change_view(request, object_id, form_url, context)

    @staticmethod
    def _transition_done(obj, action: str) -> str:
        if action == "publish" and not obj.is_published and obj.published_at:
            return gettext("“%(item)s” is scheduled for %(day)s, %(time)s.") % {
                "item": obj,
                "day": day_in_words(obj.published_at),
                "time": time_in_words(obj.published_at),
            }
        done = {
            "submit": gettext("“%(item)s” was submitted for review."),
            "publish": gettext("“%(item)s” was published."),
            "review": gettext("“%(item)s” was marked as medically reviewed today."),
            "archive": gettext("“%(item)s” was archived."),
        }[action]
        return done % {"item": obj}

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def publication_state(self, obj) -> str:
        """The status, saying when a published item is only scheduled."""
        if obj.status == Status.PUBLISHED and obj.published_at and not obj.is_published:
            return gettext("Scheduled for %(day)s") % {"day": day_in_words(obj.published_at)}
        return obj.get_status_display()

    def get_list_display(self, request: HttpRequest):
        return ["publication_state" if name == "status" else name for name in super().get_list_display(request)]

    def _offered(self, obj, action: str) -> bool:
        """Buttons that would change something: no 'publish' for what is live, and so on."""
        if action == "submit":
            return obj.status == Status.DRAFT
        if action == "publish":
            return not obj.is_published
        if action == "archive":
            return obj.status != Status.ARCHIVED
        return True

    def delete_view(self, request: HttpRequest, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET":
            workflow.warn_if_referenced(request, obj, deleting=True)
        return super().delete_view(request, object_id, extra_context)

    # Changelist actions, one revision and one history line per object.

    def _transition(self, request: HttpRequest, queryset: QuerySet, action: str, allowed=None) -> None:
        if workflow.TRANSITIONS[action][1]:
            workflow.require_publish(request, self.model)
        if action == "review" and workflow.reviewer_author(request.user) is None:
            self.message_user(request, gettext("Link your account to an author profile first."), messages.ERROR)
            return
        done = 0
        for obj in queryset:
            if allowed is not None and obj.status not in allowed:
                continue
            self.apply_to_live(request, obj, action)
            done += 1
        # Translators: after a list action, "Archive: 3 item(s).": the action's button, and how many items it changed.
        message = ngettext("%(action)s: %(count)s item(s).", "%(action)s: %(count)s item(s).", done)
        self.message_user(request, message % {"action": workflow.TRANSITIONS[action][0], "count": done})

    def apply_to_live(self, request: HttpRequest, obj, action: str) -> str:
        """A workflow action on the item itself (not its working copy), with its own history line."""
        with reversion.create_revision():
            message = workflow.apply_transition(obj, action, request.user)
            obj.save()
            reversion.set_user(request.user)
            reversion.set_comment(message)
        if action == "submit":
            ReviewRequest.objects.for_item(obj).answer()
            notifications.submitted(obj, request.user, request.build_absolute_uri(admin_url(obj, "signoff")))
        workflow.log(request, obj, message)
        if action == "archive":
            working_copies.discard(obj)
            workflow.warn_if_referenced(request, obj)
        return message

    def _approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Each item goes through the same sign-off as on its own page; refusals are listed."""
        done, refused = 0, []
        for obj in queryset:
            if grade := readability.needs_reason(working_copies.pending_version(obj)):
                self.message_user(request, readability.not_published_message(obj, grade), messages.WARNING)
                continue
            try:
                with reversion.create_revision():
                    message = signoff.publish(obj, request.user)
                    reversion.set_user(request.user)
                    reversion.set_comment(message)
            except signoff.SignOffRefused as refusal:
                refused.append((obj, refusal))
                continue
            workflow.log(request, obj, message)
            done += 1
        if done:
            message = ngettext(
                "Approved and published: %(count)s item(s).", "Approved and published: %(count)s item(s).", done
            )
            self.message_user(request, message % {"count": done}, messages.SUCCESS)
        for obj, refusal in refused:
            message = gettext("Not published: “%(item)s”: %(reason)s") % {"item": obj, "reason": refusal}
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=gettext_lazy("Submit selected drafts for review"))
    def submit_for_review(self, request, queryset):
        self._transition(request, queryset, "submit", allowed={Status.DRAFT})

    @admin.action(description=gettext_lazy("Approve and publish selected now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._approve_selected(request, queryset)

    @admin.action(description=gettext_lazy("Archive selected"), permissions=["publish"])
    def archive(self, request, queryset):
        self._transition(request, queryset, "archive")

    @admin.action(description=gettext_lazy("Mark selected as medically reviewed today"), permissions=["publish"])
    def mark_reviewed(self, request, queryset):
        self._transition(request, queryset, "review")

"""The editorial workflow, enforced on the server.

Editors create and change drafts and submit them for review. Only users with the
model's publish permission (the Medical reviewers group) publish, schedule, archive or
mark as reviewed; a forged request from anyone else is a form error or a 403 and
changes nothing. Every transition is recorded in the object's history with who and when.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from reversion.models import Version

from portal.models import Status, next_review_after
from portal.plain_text import day_in_words, time_in_words, translated_html
from portal.publishing.references import published_pages_linking_to
from portal.publishing.signoff import can_publish, reviewer_author
from portal.text import readability

PROTECTED_FIELDS = ("published_at", "last_reviewed", "next_review_due", "reviewed_by")
EDITOR_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

# Change-form buttons: POST value of "_workflow" → (label, needs the publish permission).
TRANSITIONS = {
    "submit": (gettext_lazy("Submit for review"), False),
    "publish": (gettext_lazy("Approve and publish"), True),
    "review": (gettext_lazy("Mark as reviewed"), True),
    "archive": (gettext_lazy("Archive"), True),
}


class WorkflowForm(forms.ModelForm):
    """Adds the publish rules and the stale-form check to a content type's admin form."""

    request: HttpRequest | None = None  # set by WorkflowAdminMixin.get_form
    loaded_version = forms.CharField(label=gettext_lazy("Loaded version"), widget=forms.HiddenInput, required=False)
    translations_unaffected = forms.CharField(
        label=gettext_lazy("The change does not affect translations, because"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Only for a change that translations need not follow (a typo, a link). Left empty, publishing "
            "marks this item's translations as needing review. Kept in its history."
        ),
    )
    readability_reason = forms.CharField(
        label=gettext_lazy("Reason to publish a page harder to read than its target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Needed only to publish a page that is harder to read than its target; kept in its history."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._status_before = self.instance.status
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self._current_version() or self.instance.updated_at.isoformat()
        if not self._can_publish() and "status" in self.fields:
            self.fields["status"].choices = [(s.value, s.label) for s in EDITOR_STATUSES]
            self.fields["status"].help_text = gettext("Save as a draft, or send it to a medical reviewer.")

    def _current_version(self) -> str | None:
        """On the revert view the object in the database is already rolled back; the page's
        real current version was noted before that."""
        return getattr(self.request, "_revert_base_version", None)

    def _can_publish(self) -> bool:
        return self.request is not None and can_publish(self.request.user, self._meta.model)

    def clean(self):
        cleaned = super().clean()
        if not self._can_publish():
            self._refuse_protected_fields()
        self._check_transition()
        self._check_not_stale()
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the submitted text
        self._check_reading_grade()

    def _check_reading_grade(self) -> None:
        """Publishing a page above its target reading grade takes the reviewer's reason."""
        publishing = self.data.get("_workflow") == "publish" or (
            self.instance.status == Status.PUBLISHED and self._status_before != Status.PUBLISHED
        )
        self.reading_grade = readability.needs_reason(self.instance) if publishing else None
        if self.reading_grade and not (self.cleaned_data.get("readability_reason") or "").strip():
            if self.reading_grade.measure.higher_is_easier:  # a reading-ease scale (Spanish)
                message = readability.reason_needed_message(self.reading_grade)
            else:
                message = gettext(
                    "This page reads at grade %(grade)s, above its target of %(target)s. Make it simpler, "
                    "or give the reason to publish it as it is."
                ) % readability.grade_values(self.reading_grade)
            self.add_error("readability_reason", message)

    def _refuse_protected_fields(self) -> None:
        # These fields are read-only for editors, so their browsers never send them.
        for name in PROTECTED_FIELDS:
            sent = [self.data.get(key) for key in (name, f"{name}_0", f"{name}_1")]
            if any(value for value in sent):
                field = self._meta.model._meta.get_field(name).verbose_name
                self.add_error(None, gettext("Only medical reviewers can change “%(field)s”.") % {"field": field})

    def _check_transition(self) -> None:
        action = self.data.get("_workflow")
        if not action:
            return
        if action not in TRANSITIONS:
            self.add_error(None, gettext("Unknown workflow action."))
        elif TRANSITIONS[action][1] and not self._can_publish():
            action_label = str(TRANSITIONS[action][0]).lower()
            self.add_error(None, gettext("Only medical reviewers can “%(action)s”.") % {"action": action_label})
        elif action == "review" and reviewer_author(self.request.user) is None:
            self.add_error(None, gettext("Link your account to an author profile before marking content as reviewed."))

    def _check_not_stale(self) -> None:
        instance = self.instance
        if not instance.pk:
            return
        current = (
            type(instance)
            ._default_manager.select_for_update()
            .filter(pk=instance.pk)
            .values_list("updated_at", flat=True)
        ).first()
        if current is None:
            return
        loaded = self.cleaned_data.get("loaded_version") or self.data.get("loaded_version", "")
        if loaded == (self._current_version() or current.isoformat()):
            return
        version = Version.objects.get_for_object(instance).select_related("revision__user").first()
        who = version.revision.user if version and version.revision.user else gettext("someone else")
        opts = instance._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(instance.pk)])
        raise forms.ValidationError(
            translated_html(
                gettext(
                    "%(who)s saved this page at %(time)s on %(day)s, after you opened it. Your changes have not "
                    'been saved, and nothing was overwritten. Keep this tab open, <a href="%(url)s" '
                    'target="_blank">open the newer version in a new tab</a>, and make your changes there.'
                ),
                who=who,
                time=time_in_words(current),
                day=day_in_words(current, padded=True),
                url=url,
            ),
            code="stale",
        )


def apply_transition(obj, action: str, user) -> str:
    """Change `obj` for a workflow action (the caller saves it) and say what happened."""
    now = timezone.now()
    if action == "submit":
        obj.status = Status.IN_REVIEW
        return gettext("Submitted for review")
    if action == "publish":
        obj.status = Status.PUBLISHED
        obj.published_at = now
        return gettext("Published")
    if action == "archive":
        obj.status = Status.ARCHIVED
        return gettext("Archived")
    if action == "review":
        obj.last_reviewed = timezone.localdate(now)
        obj.next_review_due = next_review_after(obj.last_reviewed)
        obj.reviewed_by = reviewer_author(user)
        return gettext("Marked as reviewed")
    raise ValueError(action)


def describe_state_change(before, after) -> str | None:
    """A history line for a publish, schedule or archive made through the form itself."""
    if before is None:
        return None
    if after.status == Status.ARCHIVED and before.status != Status.ARCHIVED:
        return gettext("Archived")
    if after.status == Status.PUBLISHED and (
        before.status != Status.PUBLISHED or before.published_at != after.published_at
    ):
        if after.published_at and after.published_at > timezone.now():
            return scheduled_for(after.published_at)
        return gettext("Published")
    if after.last_reviewed != before.last_reviewed:
        return gettext("Marked as reviewed")
    return None


def scheduled_for(moment) -> str:
    """A history line for a change that goes live later: "Scheduled for 05 March 2026 14:00"."""
    return gettext("Scheduled for %(day)s %(time)s") % {
        "day": day_in_words(moment, padded=True),
        "time": time_in_words(moment),
    }


def done_message(obj, message: str) -> str:
    """What happened to an item, for the staff member who did it: a history line after its
    name, "“POEMS syndrome”: Approved and published."."""
    return gettext("“%(item)s”: %(message)s.") % {"item": obj, "message": message}


def log(request: HttpRequest, obj, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def require_publish(request: HttpRequest, model) -> None:
    if not can_publish(request.user, model):
        raise PermissionDenied


def warn_if_referenced(request: HttpRequest, obj, deleting: bool = False) -> None:
    """Warn that published pages still link to an item being archived (or, `deleting`, deleted)."""
    pages = published_pages_linking_to(obj)
    if not pages:
        return
    if deleting:
        message = gettext(
            "“%(item)s” is about to be deleted but published pages still point to it: %(pages)s. Update them, "
            "or their links will show as plain text."
        )
    else:
        message = gettext(
            "“%(item)s” is archived but published pages still point to it: %(pages)s. Update them, or their "
            "links will show as plain text."
        )
    messages.warning(request, translated_html(message, item=obj, pages=", ".join(str(page) for page in pages)))

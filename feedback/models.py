"""A patient's answer to "Was this page helpful?", with the page version they read."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Author, Publication

TEXT_MAX_LENGTH = 500


class Reason(models.TextChoices):
    HARD_TO_UNDERSTAND = "hard_to_understand", _("It was hard to understand")
    OUT_OF_DATE = "out_of_date", _("It is out of date")
    MEDICAL_ERROR = "medical_error", _("There may be a medical error")
    MISSING = "missing", _("Something is missing")
    OTHER = "other", _("Something else")


class State(models.TextChoices):
    COUNTED = "counted", _("Counted")  # nothing to act on: a "yes", or a "no" with no reason or text
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    CHANGED = "changed", _("Page changed")
    NO_CHANGE = "no_change", _("No change needed")


class FeedbackQuerySet(models.QuerySet):
    def open(self) -> "FeedbackQuerySet":
        return self.filter(state=State.OPEN)

    def medical(self) -> "FeedbackQuerySet":
        return self.filter(reason=Reason.MEDICAL_ERROR)

    def for_item(self, item: models.Model) -> "FeedbackQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)

    def medical_queue(self, author: Author) -> "FeedbackQuerySet":
        """Open reports of possible medical errors for this reviewer: the pages they are
        accountable for, and in the languages they review, those overdue or with nobody
        accountable."""
        languages = author.reviews_in or []
        shared = Q(language__in=languages) & (Q(due_at__lt=timezone.now()) | Q(reviewer__isnull=True))
        return self.open().medical().filter(Q(reviewer=author) | shared).order_by("due_at", "pk")


class Feedback(models.Model):
    """One patient's answer about one page, or several identical ones from one address."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=12, help_text=_("The language of the page read."))
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("version read"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The published version the patient was reading."),
    )
    page_title = models.CharField(_("page"), max_length=300)
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("what was wrong"), max_length=30, choices=Reason.choices, blank=True)
    text = models.TextField(
        _("comment"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("The patient's words, with personal data removed before they were stored."),
    )
    removed = models.JSONField(
        _("personal data removed"), default=dict, blank=True, help_text=_("How many of each kind were removed.")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    repeats = models.PositiveIntegerField(
        _("times sent"), default=1, help_text=_("The same answer sent again from the same address is counted here.")
    )
    address_hash = models.CharField(
        _("address hash"),
        max_length=64,
        blank=True,
        help_text=_("A keyed hash of the sender's address and the day, to collapse repeats; never the address."),
    )

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.COUNTED, db_index=True)
    reviewer = models.ForeignKey(
        Author,
        verbose_name=_("accountable reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The medical reviewer who signed off the page read."),
    )
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("what was done and why"), max_length=2000, blank=True)
    fixed_by = models.ForeignKey(
        Publication,
        verbose_name=_("fixed in version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The published version that made the change."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="feedback_page"),
            models.Index(fields=["state", "reason", "due_at"], name="feedback_queue"),
            models.Index(fields=["address_hash", "created_at"], name="feedback_repeats"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=State.CLOSED) | ~Q(outcome=""), name="closed_feedback_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        answer = gettext("yes") if self.helpful else gettext("no")
        return gettext("%(answer)s on %(page)s") % {"answer": answer, "page": self.page_title}

    @property
    def is_overdue(self) -> bool:
        return self.state == State.OPEN and self.due_at is not None and self.due_at < timezone.now()

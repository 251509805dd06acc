"""Versions of a published item: its working copy waiting for sign-off, and every version
that went live (publications)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models.authors import Author


class WorkingCopyState(models.TextChoices):
    EDITING = "editing", _("Being edited")
    SUBMITTED = "submitted", _("Waiting for sign-off")
    APPROVED = "approved", _("Approved, scheduled")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class WorkingCopy(models.Model):
    """Unpublished changes to a published item, with every row edited with it.

    `snapshot` holds the item and its parts in Django's serialised form (see
    portal/publishing/working_copies.py). Patients keep seeing the live rows until a medical reviewer
    approves the copy and it is written over them.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    snapshot = models.JSONField(_("snapshot"))
    state = models.CharField(
        _("state"), max_length=20, choices=WorkingCopyState.choices, default=WorkingCopyState.EDITING
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("The item's title in the copy, for queues."))
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("Who saved the copy last: they may not approve it."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Author, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    go_live_at = models.DateTimeField(
        _("goes live at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Set when a reviewer schedules the change."),
    )

    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("being reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The medical reviewer who said “I am reviewing this”, so others know."),
    )
    taken_at = models.DateTimeField(_("being reviewed since"), null=True, blank=True)

    translations_unaffected = models.CharField(
        _("why translations are unaffected"),
        max_length=300,
        blank=True,
        help_text=_("Set by the approving reviewer: the change does not make the translations stale."),
    )
    clinically_significant = models.BooleanField(
        _("clinically significant"),
        default=False,
        db_default=False,  # the previous release's code inserts working copies without it
        help_text=_("Set by the approving reviewer: pages that show this item go to their reviewers' queue."),
    )

    class Meta:
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_working_copy_per_item"),
            models.CheckConstraint(
                condition=~Q(state=WorkingCopyState.APPROVED) | Q(approved_by__isnull=False, go_live_at__isnull=False),
                name="approved_copy_has_approver_and_time",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Working copy of %(title)s") % {"title": self.title}


class Publication(models.Model):
    """A version patients were shown: recorded, with its sign-off, each time an item goes live."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    snapshot = models.JSONField(_("snapshot"))
    title = models.CharField(_("title"), max_length=300)
    published_at = models.DateTimeField(_("live from"), db_index=True)
    approved_by = models.ForeignKey(
        Author, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["content_type", "object_id", "published_at"], name="publication_lookup")]

    def __str__(self) -> str:
        return gettext("%(title)s, live from %(moment)s") % {
            "title": self.title,
            "moment": f"{self.published_at:%Y-%m-%d %H:%M}",
        }


REASON_MAX_LENGTH = 2000


class ReviewRequestQuerySet(models.QuerySet):
    def for_item(self, item: models.Model) -> "ReviewRequestQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)

    def unanswered(self) -> "ReviewRequestQuerySet":
        return self.filter(answered_at__isnull=True)

    def answer(self) -> int:
        """Mark the unanswered requests among these as answered now; returns how many."""
        return self.unanswered().update(answered_at=timezone.now())


class ReviewRequest(models.Model):
    """A medical reviewer sent an item's pending changes back to its editors, with a reason.

    Staff only: never shown to patients, never part of a content export. The editors'
    next "Submit for review" answers it.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    on_working_copy = models.BooleanField(
        _("on a working copy"), help_text=_("Sent back a working copy of a live page, not a draft.")
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, help_text=_("When the changes were submitted for review again.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        db_default="",  # the previous release's code inserts review requests without it
        help_text=_("The admin language the reviewer used, for e-mails."),
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("kept with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_requests",
        help_text=_("The version that went live after this request."),
    )

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("request for changes")
        verbose_name_plural = _("requests for changes")
        indexes = [models.Index(fields=["content_type", "object_id", "answered_at"], name="review_request_lookup")]

    def __str__(self) -> str:
        return gettext("Changes requested on %(moment)s") % {"moment": f"{self.requested_at:%Y-%m-%d %H:%M}"}


COMMENT_MAX_LENGTH = 2000


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")


class ReviewCommentQuerySet(models.QuerySet):
    def for_item(self, item: models.Model) -> "ReviewCommentQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)

    def pending(self) -> "ReviewCommentQuerySet":
        """Not yet kept with a version that went live: the conversation about the changes now."""
        return self.filter(publication__isnull=True)


class ReviewComment(models.Model):
    """A remark by an editor or reviewer on pending changes: on the whole copy, on one field
    of the item, or on one row edited with it (a treatment, a curated guide). Resolving and
    reopening a comment are kept as rows of their own (`kind`, `comment`), so the record
    says who did what and when; the comment row carries its current state.

    Staff only: never shown to patients, never part of a content export. When a version
    goes live, its conversation is kept with it (`publication`).
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    kind = models.CharField(_("kind"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    comment = models.ForeignKey(
        "self",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The comment resolved or reopened."),
    )
    field = models.CharField(
        _("field"), max_length=100, blank=True, help_text=_("The field commented on; empty for the whole page.")
    )
    row_model = models.CharField(
        _("row type"), max_length=100, blank=True, help_text=_("The row's model, e.g. conditions.treatment.")
    )
    row_key = models.CharField(_("row"), max_length=40, blank=True, help_text=_("The row's number."))
    target_label = models.CharField(
        _("commented on"), max_length=300, blank=True, help_text=_("What the comment is on, as it was named then.")
    )
    value_hash = models.CharField(
        _("value when commented"),
        max_length=64,
        blank=True,
        help_text=_("A fingerprint of the field or row at comment time, to tell when it changed since."),
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("The admin language its author used, for e-mails.")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("kept with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("The version that went live after this conversation."),
    )

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes = [models.Index(fields=["content_type", "object_id", "publication"], name="review_comment_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CommentKind.COMMENT, comment__isnull=True)
                | (~Q(kind=CommentKind.COMMENT) & Q(comment__isnull=False)),
                name="comment_events_name_their_comment",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Comment of %(moment)s") % {"moment": f"{self.created_at:%Y-%m-%d %H:%M}"}

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class ReviewClaim(models.Model):
    """A reviewer said "I am reviewing this" about a draft in review (a working copy keeps
    its own `taken_by`)."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("being reviewed by"), on_delete=models.CASCADE, related_name="+"
    )
    taken_at = models.DateTimeField(_("being reviewed since"), default=timezone.now)

    class Meta:
        verbose_name = _("draft being reviewed")
        verbose_name_plural = _("drafts being reviewed")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_claim_per_item")]

    def __str__(self) -> str:
        return gettext("Being reviewed since %(moment)s") % {"moment": f"{self.taken_at:%Y-%m-%d %H:%M}"}

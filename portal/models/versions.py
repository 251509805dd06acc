"""Versions of a published item: its working copy waiting for sign-off, and every version
that went live (publications)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from portal.models.authors import Author


class WorkingCopyState(models.TextChoices):
    EDITING = "editing", "Being edited"
    SUBMITTED = "submitted", "Waiting for sign-off"
    APPROVED = "approved", "Approved, scheduled"


class WorkingCopy(models.Model):
    """Unpublished changes to a published item, with every row edited with it.

    `snapshot` holds the item and its parts in Django's serialised form (see
    portal/publishing/working_copies.py). Patients keep seeing the live rows until a medical reviewer
    approves the copy and it is written over them.
    """

    content_type = models.ForeignKey(ContentType, verbose_name="content type", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField("object id")
    snapshot = models.JSONField("snapshot")
    state = models.CharField("state", max_length=20, choices=WorkingCopyState.choices, default=WorkingCopyState.EDITING)
    title = models.CharField("title", max_length=300, help_text="The item's title in the copy, for queues.")
    created_at = models.DateTimeField("started at", auto_now_add=True)
    updated_at = models.DateTimeField("changed at", auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last changed by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="Who saved the copy last: they may not approve it.",
    )
    submitted_at = models.DateTimeField("submitted at", null=True, blank=True)
    approved_by = models.ForeignKey(
        Author, verbose_name="approved by", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    go_live_at = models.DateTimeField(
        "goes live at", null=True, blank=True, db_index=True, help_text="Set when a reviewer schedules the change."
    )

    class Meta:
        verbose_name = "working copy"
        verbose_name_plural = "working copies"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_working_copy_per_item"),
            models.CheckConstraint(
                condition=~Q(state=WorkingCopyState.APPROVED) | Q(approved_by__isnull=False, go_live_at__isnull=False),
                name="approved_copy_has_approver_and_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Working copy of {self.title}"


class Publication(models.Model):
    """A version patients were shown: recorded, with its sign-off, each time an item goes live."""

    content_type = models.ForeignKey(ContentType, verbose_name="content type", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField("object id")
    snapshot = models.JSONField("snapshot")
    title = models.CharField("title", max_length=300)
    published_at = models.DateTimeField("live from", db_index=True)
    approved_by = models.ForeignKey(
        Author, verbose_name="approved by", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField("note", max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "publication"
        verbose_name_plural = "publications"
        indexes = [models.Index(fields=["content_type", "object_id", "published_at"], name="publication_lookup")]

    def __str__(self) -> str:
        return f"{self.title}, live from {self.published_at:%Y-%m-%d %H:%M}"

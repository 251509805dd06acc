"""Which live pages show which items, and the pages waiting for their reviewer because an
item they show changed in a clinically significant way."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models.authors import Author
from portal.models.versions import Publication


class PageDependencyQuerySet(models.QuerySet):
    def of(self, item: models.Model) -> "PageDependencyQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class PageDependency(models.Model):
    """One item (`key`, `<model>-<pk>`, or a list's `<model>-list`) that a live page shows or
    links to, as read when the page was last rendered for the record (portal/pages/record.py).
    A page is a language version of an item: each has its own row id and its own record."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=12)
    key = models.CharField(_("shows"), max_length=120)

    objects = PageDependencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("page dependency")
        verbose_name_plural = _("page dependencies")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "key"], name="one_dependency_per_page_and_key")
        ]
        indexes = [models.Index(fields=["key"], name="page_dependency_key")]

    def __str__(self) -> str:
        return f"{self.content_type_id}-{self.object_id} → {self.key}"


class SourceChangeQuerySet(models.QuerySet):
    def pending(self) -> "SourceChangeQuerySet":
        return self.filter(cleared_at__isnull=True)

    def on_page(self, item: models.Model) -> "SourceChangeQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)

    def for_reviewer(self, author: Author | None) -> "SourceChangeQuerySet":
        """Pending entries this reviewer answers for: the pages they last reviewed, and pages in
        a language they review that have no reviewer recorded."""
        if author is None:
            return self.none()
        languages = author.reviews_in or []
        return self.pending().filter(
            models.Q(reviewer=author) | models.Q(reviewer__isnull=True, language__in=languages)
        )

    def clear(self, user) -> int:
        """The page was looked at again (or signed off anew): the pending entries among these
        leave the queue. Returns how many."""
        return self.pending().update(cleared_at=timezone.now(), cleared_by=user)


class SourceChange(models.Model):
    """A live page shows an item whose clinically significant content changed when
    `publication` went live: the page waits in its reviewer's queue until they mark it as
    reviewed or sign off a new version of it. Staff only, except that the API says a page
    awaits re-review and since when."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("page's content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("page's object id"))
    title = models.CharField(_("page"), max_length=300)
    language = models.CharField(_("language"), max_length=12)
    reviewer = models.ForeignKey(
        Author,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The page's medical reviewer when its source changed."),
    )
    changed_type = models.ForeignKey(
        ContentType, verbose_name=_("changed item's content type"), on_delete=models.CASCADE, related_name="+"
    )
    changed_id = models.PositiveBigIntegerField(_("changed item's object id"))
    changed_title = models.CharField(_("changed item"), max_length=300)
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("changed by"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The version of the changed item that went live."),
    )
    previous = models.ForeignKey(
        Publication,
        verbose_name=_("changed from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The version live before it, to show the differences."),
    )
    fields = models.JSONField(_("clinical fields changed"), default=list, blank=True)
    marked_significant = models.BooleanField(
        _("marked as clinically significant"), default=False, help_text=_("By the reviewer who approved the change.")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now, db_index=True)
    cleared_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SourceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("source change")
        verbose_name_plural = _("source changes")
        indexes = [
            models.Index(fields=["content_type", "object_id", "cleared_at"], name="source_change_page"),
            models.Index(fields=["reviewer", "cleared_at"], name="source_change_reviewer"),
        ]

    def __str__(self) -> str:
        return gettext("“%(page)s”: “%(source)s” changed") % {"page": self.title, "source": self.changed_title}

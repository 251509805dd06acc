"""The pieces every content type shares: authors and the publishable base."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.text import add_months, slugify_title, validate_slug


class Author(models.Model):
    """A writer or medical reviewer, shown with credentials on every page they touch."""

    name = models.CharField("name", max_length=120, help_text="Full name as patients should see it.")
    slug = models.SlugField(
        "slug",
        max_length=120,
        unique=True,
        validators=[validate_slug],
        help_text="The last part of the author's page address, e.g. ruaridh-wood.",
    )
    credentials = models.CharField(
        "credentials",
        max_length=200,
        blank=True,
        help_text="Qualifications and role shown after the name, e.g. 'PharmD, clinical pharmacist'.",
    )
    bio = models.TextField(
        "biography",
        blank=True,
        help_text="A few plain sentences on the author's background and expertise.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="staff user",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="Optional: the staff account this author signs in with.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "author"
        verbose_name_plural = "authors"

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_title(self.name)
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


REVIEW_SOON_DAYS = 30


class PublishableQuerySet(models.QuerySet):
    def published(self) -> "PublishableQuerySet":
        """The only definition of public: published, and its publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def review_overdue(self) -> "PublishableQuerySet":
        """Live or scheduled content whose medical review date has passed."""
        return self.filter(status=Status.PUBLISHED, next_review_due__lt=timezone.localdate())

    def review_due_soon(self, days: int = REVIEW_SOON_DAYS) -> "PublishableQuerySet":
        today = timezone.localdate()
        return self.filter(
            status=Status.PUBLISHED,
            next_review_due__gte=today,
            next_review_due__lte=today + datetime.timedelta(days=days),
        )


def next_review_after(day: datetime.date) -> datetime.date:
    return add_months(day, settings.CONTENT_REVIEW_INTERVAL_MONTHS)


class Publishable(models.Model):
    """Status, publication time and medical review dates shared by all public content."""

    status = models.CharField(
        "status",
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published items whose publication time has passed are shown to patients.",
    )
    published_at = models.DateTimeField(
        "published at",
        null=True,
        blank=True,
        db_index=True,
        help_text="When patients may first see it. A future time schedules it; left empty, publishing sets it to now.",
    )
    created_at = models.DateTimeField("created at", auto_now_add=True)
    updated_at = models.DateTimeField("updated at", auto_now=True)
    last_reviewed = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="The date a medical reviewer last checked this content. Editing does not change it.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        db_index=True,
        help_text="When the content must be checked again. Left empty, it is set from the "
        "last review date plus the standard review interval.",
    )
    reviewed_by = models.ForeignKey(
        Author,
        verbose_name="reviewed by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The medical reviewer who vouches for this content.",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
                violation_error_message="A published item needs a publication time.",
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gt=models.F("last_reviewed")),
                name="%(app_label)s_%(class)s_review_due_after_review",
                violation_error_message="The next review must fall after the last review.",
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        self._fill_dates()
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self._fill_dates()  # before the database constraints are checked

    def _fill_dates(self) -> None:
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = next_review_after(self.last_reviewed)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()


class SearchKind(models.TextChoices):
    CONDITION = "condition", "Condition"
    MEDICATION = "medication", "Medication"
    ARTICLE = "article", "Guide"


class SearchDocument(models.Model):
    """One row per condition, medication or article: the text site search looks through.

    Kept up to date by signals (portal/search.py). On PostgreSQL `vector` holds the
    weighted full-text vector and two GIN indexes (full text, and trigrams on `names`)
    are created by a PostgreSQL-only migration.
    """

    kind = models.CharField("kind", max_length=20, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField("object id")
    title = models.CharField("title", max_length=300)
    names = models.TextField(
        "names", help_text="Names, short names, aliases and brand names, lower case, one per line."
    )
    summary = models.TextField("summary", blank=True)
    keywords = models.TextField(
        "keywords", blank=True, help_text="Drug class, one-line definition or tags: weighted like the summary."
    )
    body = models.TextField("body", blank=True)
    vector = SearchVectorField("search vector", null=True, editable=False)
    updated_at = models.DateTimeField("updated at", auto_now=True)

    class Meta:
        verbose_name = "search document"
        verbose_name_plural = "search documents"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SlugRedirect(models.Model):
    """An address an object used to have: it answers with a permanent redirect to the new one."""

    model = models.CharField("content type", max_length=60, help_text="e.g. articles.article")
    old_slug = models.SlugField("old slug", max_length=200)
    object_id = models.PositiveBigIntegerField("object id")
    created_at = models.DateTimeField("changed at", auto_now_add=True)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        constraints = [models.UniqueConstraint(fields=["model", "old_slug"], name="unique_old_slug_per_model")]

    def __str__(self) -> str:
        return f"{self.model}: {self.old_slug}"


class ContentGeneration(models.Model):
    """One row whose number goes up with every content change, in the change's own transaction.

    The page cache reads it at most once a second (portal/cache.py), so a change reaches
    every app server within that bound even if the shared cache missed the news.
    """

    number = models.BigIntegerField("number", default=0, help_text="Goes up by one with every content change.")

    class Meta:
        verbose_name = "content generation"
        verbose_name_plural = "content generation"

    def __str__(self) -> str:
        return f"content generation {self.number}"


def remember_old_slug(obj: models.Model) -> None:
    """Called before saving an object with a slug: if the slug changed, keep the old one."""
    if obj.pk is None:
        return
    label = obj._meta.label_lower
    old_slug = type(obj)._default_manager.filter(pk=obj.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != obj.slug:
        SlugRedirect.objects.update_or_create(model=label, old_slug=old_slug, defaults={"object_id": obj.pk})
    # The object now owns its slug again, should it come back to an old one.
    SlugRedirect.objects.filter(model=label, old_slug=obj.slug).delete()

"""The pieces every content type shares: authors and the publishable base.

A content type is a concrete subclass of `Publishable`. It declares what the shared
machinery needs of it with the class attributes and methods under "Declarations" below;
`portal.registry` finds every content type through the app registry. Nothing in `portal`
imports a content app.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.pages.urls import slug_url
from portal.text.plain import add_months, slugify_title, validate_slug


class SlugFromTitleMixin:
    """Fills an empty slug from another field (`slug_source`) when the object is saved."""

    slug_source = "name"

    def save(self, *args, **kwargs) -> None:
        self.fill_slug()
        super().save(*args, **kwargs)

    def fill_slug(self) -> None:
        if not self.slug:
            self.slug = slugify_title(getattr(self, self.slug_source))


class Author(SlugFromTitleMixin, models.Model):
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
        self.fill_slug()
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:author", self.slug)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


REVIEW_SOON_DAYS = 30


class PublishingRefused(Exception):
    """Code tried to put an item live that no medical reviewer signed off."""


class PublishableQuerySet(models.QuerySet):
    def published(self) -> "PublishableQuerySet":
        """The only definition of public: published, and its publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def in_review(self) -> "PublishableQuerySet":
        """Submitted by an editor, waiting for a medical reviewer."""
        return self.filter(status=Status.IN_REVIEW)

    def for_search_results(self) -> "PublishableQuerySet":
        """What a search result shows of each item; content types add their select_related."""
        return self

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

    # Declarations: what the shared machinery needs of a content type (portal/registry.py).
    # Internal links `[text](<link_scheme>:<slug>)`; also the kind of its search document.
    link_scheme: str = ""
    # The field patients know an item by, shown in reports and lists.
    title_field: str = "name"
    # Markdown fields: rendered by portal.text.markdown, searched, checked for broken links.
    markdown_fields: tuple[str, ...] = ()
    # A reverse relation whose rows' slugs are other addresses of the item (brand names).
    link_aliases: str = ""
    # Relations whose changes refresh the item's search document (brand names, tags).
    search_follows: tuple[str, ...] = ()
    # The label beside a search result; the verbose name when empty.
    search_label: str = ""
    # Priority in the sitemap; None leaves the content type out of it.
    sitemap_priority: float | None = 0.5
    # URL name of the content type's public list page, listed in the sitemap.
    list_url_name: str = ""
    # A glossary: its published items are explained wherever their names appear in the body
    # text of a page (portal/text/terms.py), and the readability check knows them as medical words.
    # Such a content type gives `term_names()` and `term_definition()`.
    explains_terms: bool = False

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
        if self.status == Status.PUBLISHED and not self._may_be_published():
            raise PublishingRefused(
                f"“{self}” cannot go live without a medical reviewer's sign-off: "
                "use portal.publishing.signoff.publish()."
            )
        remember_old_slug(self)
        super().save(*args, **kwargs)
        self._signed_off = False  # a sign-off is for one save

    def _may_be_published(self) -> bool:
        """Signed off for this save (portal.publishing.signoff), or live already: saving a live item's
        review dates or archiving it is not publishing."""
        if getattr(self, "_signed_off", False):
            return True
        return self.pk is not None and type(self)._default_manager.filter(pk=self.pk, status=Status.PUBLISHED).exists()

    def clean(self) -> None:
        super().clean()
        self._fill_dates()  # before the database constraints are checked

    def _fill_dates(self) -> None:
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = next_review_after(self.last_reviewed)

    def search_document(self) -> "SearchFields":
        """The text site search looks through; each content type says what goes where."""
        raise NotImplementedError(f"{type(self).__name__} must declare its search document.")

    def schema_org(self, request) -> dict:
        """The schema.org thing this item is about (a MedicalCondition, a Drug…), for JSON-LD."""
        raise NotImplementedError(f"{type(self).__name__} must declare its schema.org type.")

    def term_names(self) -> list[str]:
        """A glossary item's name and synonyms, as they appear in text."""
        return []

    def term_definition(self) -> str:
        """A glossary item's plain-language definition, shown where its name is used."""
        return ""

    @property
    def title_text(self) -> str:
        return getattr(self, self.title_field)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()


@dataclass(frozen=True)
class SearchFields:
    """What one item puts in its search document, by weight: names and title rank first ('A'),
    then the summary and keywords ('B'), then the text of its Markdown ('C')."""

    title: str
    names: list[str] = field(default_factory=list)  # names patients type: typo-tolerant matching
    summary: str = ""
    keywords: str = ""
    markdown: list[str] = field(default_factory=list)


class SearchDocument(models.Model):
    """One row per content item: the text site search looks through.

    Kept up to date by signals (portal/search/engine.py). On PostgreSQL `vector` holds the
    weighted full-text vector and two GIN indexes (full text, and trigrams on `names`)
    are created by a PostgreSQL-only migration.
    """

    kind = models.CharField("kind", max_length=20, help_text="The content type's link scheme, e.g. medication.")
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

    The page cache reads it at most once a second (portal/caching/pages.py), so a change reaches
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

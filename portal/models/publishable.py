"""The publishable base every content type shares: status, publication time, medical review
dates, and the declarations the shared machinery reads (see the class's docstring)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import reads
from portal.languages import current_language, source_language, validate_language
from portal.models.addresses import remember_old_slug
from portal.models.authors import Author
from portal.models.search import SearchFields
from portal.plain_text import add_months


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


REVIEW_SOON_DAYS = 30


class PublishingRefused(Exception):
    """Code tried to put an item live that no medical reviewer signed off."""


class PublishableQuerySet(models.QuerySet):
    def published(self, language: str | None = None) -> "PublishableQuerySet":
        """What a page in `language` (the page being answered's, by default) shows: published
        items whose publication time has come, in that language, and in the source language
        those with no published version in it (shown marked as in another language)."""
        return self.published_in_any_language().shown_in(language or current_language())

    def published_in_any_language(self) -> "PublishableQuerySet":
        """The only definition of public: published, and its publication time has come."""
        reads.listed(self.model)  # on a list, which items are public is what the list shows
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def shown_in(self, language: str) -> "PublishableQuerySet":
        """Items in `language`, and source items with no published version in it."""
        source = source_language()
        if language == source:
            return self.filter(language=source)
        translated = self.model._default_manager.published_in_any_language().filter(
            language=language, translation_of=OuterRef("pk")
        )
        return self.filter(Q(language=language) | Q(language=source) & ~Exists(translated))

    def published_versions_of(self, source_ids: Iterable[int]) -> "PublishableQuerySet":
        """Every published language version of the source items `source_ids`, the sources among them."""
        ids = list(source_ids)
        return self.published_in_any_language().filter(Q(pk__in=ids) | Q(translation_of__in=ids))

    def published_sources(self) -> "PublishableQuerySet":
        """Published items in the source language: what links between items (a treatment's
        medications, an article's conditions, a hub's components) point at. A page shows
        each through `localised()`, in its own language where it has a published version."""
        return self.published(source_language())

    def sources(self) -> "PublishableQuerySet":
        """Items as first written, in the source language: the ones facts (codes, links) belong to."""
        return self.filter(translation_of__isnull=True)

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


def localised(items: Iterable["Publishable"], language: str | None = None) -> list:
    """Source items as a page in `language` (the page's, by default) shows them: each item's
    published version in that language where it has one, else the item itself (which the page
    marks as in another language). One query per content type among `items`, none in the
    source language.

    Language-neutral facts stay with the source: a version is given its source as
    `translation_of` and the relations prefetched on the source (brand names, codes), so that
    `version.brand_names.all()` lists the source's without a query."""
    items = list(items)
    language = language or current_language()
    if language == source_language() or not items:
        return items
    versions = {}
    for model in {type(item) for item in items}:
        group = [item for item in items if type(item) is model]
        # The versions come with what the sources came with (an article's author), in the same query.
        foreign_keys = {field.name for field in model._meta.concrete_fields if field.many_to_one}
        joined = set().union(*(item._state.fields_cache.keys() for item in group)) & foreign_keys
        found = (
            model._default_manager.published_in_any_language()
            .filter(language=language, translation_of__in=[item.pk for item in group])
            .select_related(*(joined - {"translation_of"}))
        )
        versions.update({(model, version.translation_of_id): version for version in found})
    shown = []
    for item in items:
        version = versions.get((type(item), item.pk))
        if version is None:
            shown.append(item)
            continue
        version.translation_of = item
        prefetched = getattr(item, "_prefetched_objects_cache", None)
        if prefetched:
            version._prefetched_objects_cache = dict(prefetched)
        shown.append(version)
    return shown


def prefetch_version(item: "Publishable", lookups) -> None:
    """Prefetch a page's `lookups` for `item`: the relations holding the version's own text (a
    hub's treatments) on the item, the language-neutral ones (many-to-many links between
    items, `language_neutral` parts such as codes) on its source, where they live."""
    source = item.source
    if source is item:
        prefetch_related_objects([item], *lookups)
        return
    own, facts = [], []
    for lookup in lookups:
        name = (lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup).split("__")[0]
        field = type(item)._meta.get_field(name)
        neutral = field.many_to_many or getattr(field.related_model, "language_neutral", False)
        (facts if neutral else own).append(lookup)
    prefetch_related_objects([item], *own)
    prefetch_related_objects([source], *facts)


def next_review_after(day: datetime.date) -> datetime.date:
    return add_months(day, settings.CONTENT_REVIEW_INTERVAL_MONTHS)


class Publishable(models.Model):
    """Status, publication time and medical review dates shared by all public content."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Only published items whose publication time has passed are shown to patients."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "When patients may first see it. A future time schedules it; left empty, publishing sets it to now."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The date a medical reviewer last checked this content. Editing does not change it."),
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "When the content must be checked again. Left empty, it is set from the "
            "last review date plus the standard review interval."
        ),
    )
    reviewed_by = models.ForeignKey(
        Author,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The medical reviewer who vouches for this content."),
    )

    language = models.CharField(
        _("language"),
        max_length=12,
        default=source_language,
        db_index=True,
        validators=[validate_language],
        help_text=_("The language this version is written in."),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_(
            "The item in the source language this is a version of. Its codes and links to other items come from there."
        ),
    )

    source_publication = models.ForeignKey(
        "portal.Publication",
        verbose_name=_("translated from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The published version of the source item this translation was made from or last checked against."),
    )
    stale_since = models.DateTimeField(
        _("stale since"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When the source item changed in a way its translation has not caught up with yet."),
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
    # Clinically significant fields and parts (a reverse relation of a `part_of` model, such as
    # "codes"): a published change to one puts every live page that shows the item in its
    # reviewer's "Source changed" queue (portal/publishing/rereview.py).
    clinical_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
                violation_error_message=_("A published item needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gt=models.F("last_reviewed")),
                name="%(app_label)s_%(class)s_review_due_after_review",
                violation_error_message=_("The next review must fall after the last review."),
            ),
            models.UniqueConstraint(
                fields=["slug", "language"],
                name="%(app_label)s_%(class)s_unique_slug_per_language",
                violation_error_message=_("Another item in this language has this slug."),
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="%(app_label)s_%(class)s_one_translation_per_language",
                violation_error_message=_("This item already has a version in this language."),
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
        source = source_language()
        if self.translation_of_id is None and self.language != source:
            raise ValidationError(
                {"language": _("An item in another language is a translation: it needs its source item.")}
            )
        if self.translation_of_id is not None:
            if self.language == source:
                raise ValidationError({"language": _("A translation is in another language than its source.")})
            if self.translation_of.translation_of_id is not None:
                raise ValidationError({"translation_of": _("Translate the source item, not one of its translations.")})

    def validate_constraints(self, exclude=None) -> None:
        # The language and source are set by "Translate", not typed in a form; the slug and name
        # must still be unique within the language, with a form error rather than a crash.
        super().validate_constraints(exclude=set(exclude or ()) - {"language", "translation_of"})

    @property
    def source(self) -> "Publishable":
        """The item as first written: the one its language-neutral facts belong to."""
        return self.translation_of if self.translation_of_id else self

    @property
    def translation_status(self) -> str:
        """ "source" for an item as first written; for a translation, "stale" when its source
        changed since it was made or checked, else "current"."""
        if not self.translation_of_id:
            return "source"
        return "stale" if self.stale_since else "current"

    @property
    def source_id(self) -> int | None:
        return self.translation_of_id or self.pk

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

    def membership_fields(self) -> tuple[str, ...]:
        """The fields that say which items lists show and what they are called: a change to
        any of them changes the lists of this type (portal/caching/dependencies.py)."""
        return ("status", "published_at", "slug", "language", self.title_field)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

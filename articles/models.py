import functools
import operator

from django.db import connection, models
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from taggit.managers import TaggableManager

from conditions.models import Condition
from images.models import LeadImage
from medications.models import Medication
from portal.models import Author, Publishable, PublishableQuerySet, SearchFields, SlugFromTitleMixin
from portal.plain_text import validate_slug
from portal.urls_fast import slug_url

# How many of the newest articles sharing each condition or tag are weighed as related.
RELATED_CANDIDATES = 50


class ArticleKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    DRUG_COMPARISON = "drug_comparison", _("Drug comparison")
    DOSAGE_GUIDE = "dosage_guide", _("Dosage guide")
    SAFETY_TIPS = "safety_tips", _("Safety tips")
    SELF_CARE = "self_care", _("Self-care")
    NEWS = "news", _("News")


class ArticleQuerySet(PublishableQuerySet):
    def for_list(self) -> "ArticleQuerySet":
        return self.select_related("author", "image").order_by("-published_at", "title")

    def for_search_results(self) -> "ArticleQuerySet":
        return self.select_related("author")

    def for_page(self) -> "ArticleQuerySet":
        """An article with everything its page shows; linked pages only when published."""
        return self.select_related("author", "reviewed_by", "image").prefetch_related(
            "tags",
            "sources",
            Prefetch(
                "conditions", queryset=Condition.objects.published_sources().prefetch_related("codes").order_by("name")
            ),
            Prefetch(
                "medications",
                queryset=Medication.objects.published_sources()
                .prefetch_related("brand_names", "codes")
                .order_by("name"),
            ),
        )

    def related_to(self, article: "Article") -> "ArticleQuerySet":
        """Other articles sharing a condition or a tag with `article`, most in common first,
        then the newest.

        The candidates are the RELATED_CANDIDATES newest articles sharing each of the article's
        conditions and tags (an index scan each), so the cost stays the same however many
        articles share them: one query, with the candidates in a UNION ALL on PostgreSQL
        (SQLite cannot limit the parts of a UNION: there, one IN per part). Uses the
        article's prefetched conditions and tags.
        """
        condition_ids = [condition.pk for condition in article.conditions.all()]
        tag_ids = [tag.pk for tag in article.tags.all()]
        newest = self.exclude(pk=article.pk).order_by("-published_at", "-pk").values_list("pk", flat=True)
        sharing = [newest.filter(conditions=pk) for pk in condition_ids] + [newest.filter(tags=pk) for pk in tag_ids]
        sharing = [candidates[:RELATED_CANDIDATES] for candidates in sharing]
        if not sharing:
            return self.none()
        if connection.features.supports_slicing_ordering_in_compound:
            candidates = Q(pk__in=sharing[0].union(*sharing[1:], all=True))
        else:
            candidates = functools.reduce(operator.or_, (Q(pk__in=share) for share in sharing))
        return (
            self.filter(candidates)
            .annotate(
                shared=Count("conditions", filter=Q(conditions__in=condition_ids), distinct=True)
                + Count("tagged_items", filter=Q(tagged_items__tag__in=tag_ids), distinct=True)
            )
            .select_related("author", "image")
            .order_by("-shared", "-published_at", "-pk")
        )


class Article(SlugFromTitleMixin, LeadImage, Publishable):
    title = models.CharField(_("title"), max_length=200, help_text=_("The headline patients see."))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        validators=[validate_slug],
        help_text=_("The last part of the page address. Filled in from the title; keep it short."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.GUIDE)
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("The standfirst: two plain sentences shown under the title and in lists."),
    )
    body = MarkdownxField(
        _("body"),
        help_text=_(
            "The article in Markdown. Use ## headings (they form the table of contents) and "
            "link other pages like [Neurontin](medication:gabapentin)."
        ),
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("Who wrote it."),
    )
    conditions = models.ManyToManyField(
        Condition,
        verbose_name=_("conditions"),
        blank=True,
        related_name="articles",
        help_text=_("Conditions this article is about; it appears under 'more on this topic' on their hubs."),
    )
    medications = models.ManyToManyField(
        Medication,
        verbose_name=_("medications"),
        blank=True,
        related_name="articles",
        help_text=_("Medications this article is about; it is listed on their pages."),
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Comma-separated topics, e.g. 'nerve pain, diuretics'."),
    )

    objects = ArticleQuerySet.as_manager()

    slug_source = "title"
    link_scheme = "article"
    title_field = "title"
    markdown_fields = ("body",)
    search_follows = ("tags",)
    search_label = _("Guide")
    sitemap_priority = 0.7
    list_url_name = "articles:list"

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", "Can publish, schedule, archive and mark articles as reviewed")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url("articles:detail", self.slug, self.language)

    def search_document(self) -> SearchFields:
        # An article has a title but no names: typo matching is for things patients name.
        return SearchFields(
            title=self.title,
            summary=self.summary,
            keywords=", ".join(tag.name for tag in self.tags.all()),
            markdown=[self.body],
        )

    def schema_org(self, request) -> list[dict]:
        """An article is about its published conditions and medications (prefetched by for_page)."""
        return [item.schema_org(request) for item in [*self.conditions.all(), *self.medications.all()]]


class Source(models.Model):
    """A reference the article relies on, listed under it so readers can check."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300, help_text=_("Title of the paper, guideline or page."))
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Journal, organisation or website, e.g. 'American Journal of Hematology'."),
    )
    url = models.URLField(_("address (URL)"), max_length=500, blank=True, help_text=_("Link to the source, if online."))
    accessed_on = models.DateField(_("date accessed"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    part_of = "article"

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class CuratedGuideQuerySet(models.QuerySet):
    def for_hub(self, condition: Condition) -> "CuratedGuideQuerySet":
        """A hub's curated guides in the editor's order, leaving out unpublished articles."""
        return (
            self.filter(condition=condition, article__in=Article.objects.published_sources())
            .select_related("article__author", "article__image")
            .order_by("position", "id")
        )


class CuratedGuide(models.Model):
    """An article an editor picked for a condition hub, shown first, in the editor's order."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="curated_guides")
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="curated_in",
        help_text=_("Only published articles are shown to patients."),
    )
    note = models.CharField(
        _("editor's note"),
        max_length=240,
        blank=True,
        help_text=_("Optional: why this guide matters for this condition."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CuratedGuideQuerySet.as_manager()

    part_of = "condition"
    language_neutral = True  # the guides and their order are the source hub's, in every language
    references = {"article": "condition"}

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("curated guide")
        verbose_name_plural = _("curated guides")
        constraints = [
            models.UniqueConstraint(fields=["condition", "article"], name="unique_curated_guide_per_condition"),
        ]

    def __str__(self) -> str:
        return str(self.article)

    def reference_label(self) -> str:
        # Translators: followed by the condition page that shows this curated guide.
        return gettext("Curated guide on")

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from conditions.models import Condition
from medications.models import Medication
from portal.models import Publishable, PublishableQuerySet, SearchFields, SlugFromTitleMixin
from portal.plain_text import validate_slug
from portal.urls_fast import slug_url


class TermQuerySet(PublishableQuerySet):
    def for_page(self) -> "TermQuerySet":
        return self.select_related("reviewed_by", "condition", "medication")


class Term(SlugFromTitleMixin, Publishable):
    """A medical word in plain language: explained wherever a public page uses it."""

    term = models.CharField(
        _("term"),
        max_length=120,
        help_text=_("The word or phrase as patients meet it, e.g. 'polyneuropathy' or 'VEGF'."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        validators=[validate_slug],
        help_text=_("The last part of the page address, e.g. polyneuropathy."),
    )
    definition = models.CharField(
        _("plain-language definition"),
        max_length=300,
        help_text=_("One short sentence a 12-year-old could follow. Shown wherever a page uses the word."),
    )
    explanation = MarkdownxField(
        _("longer explanation"),
        blank=True,
        help_text=_("Optional: more detail for the term's own page, in Markdown."),
    )
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_(
            "Other names and spellings, one per line (e.g. 'monoclonal plasma-cell disorder'). "
            "Pages using them are explained too, and search finds them."
        ),
    )
    condition = models.ForeignKey(
        Condition,
        verbose_name=_("condition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="glossary_terms",
        help_text=_("Optional: the condition page to read next."),
    )
    medication = models.ForeignKey(
        Medication,
        verbose_name=_("medication"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="glossary_terms",
        help_text=_("Optional: the medication page to read next."),
    )

    objects = TermQuerySet.as_manager()

    slug_source = "term"
    link_scheme = "term"
    title_field = "term"
    markdown_fields = ("explanation",)
    # The definition is shown beside the word on every page that uses it.
    clinical_fields = ("definition",)
    search_label = _("Medical word")
    sitemap_priority = 0.4
    list_url_name = "glossary:list"
    explains_terms = True

    class Meta(Publishable.Meta):
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        permissions = [("publish_term", "Can publish, schedule, archive and mark glossary terms as reviewed")]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["term", "language"],
                name="unique_term_name_per_language",
                violation_error_message=_("Another glossary term in this language has this name."),
            ),
            models.CheckConstraint(
                condition=Q(condition__isnull=True) | Q(medication__isnull=True),
                name="glossary_term_links_one_page",
                violation_error_message=_("Link a term to a condition or a medication, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return slug_url("glossary:detail", self.slug, self.language)

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def term_names(self) -> list[str]:
        return [self.term, *self.synonym_list]

    def term_definition(self) -> str:
        return self.definition

    def membership_fields(self) -> tuple[str, ...]:
        """Every page that uses words of the glossary finds them by their names."""
        return (*super().membership_fields(), "synonyms")

    def search_document(self) -> SearchFields:
        return SearchFields(
            title=self.term, names=self.term_names(), summary=self.definition, markdown=[self.explanation]
        )

    def schema_org(self, request) -> dict:
        data = {
            "@type": "DefinedTerm",
            "name": self.term,
            "description": self.definition,
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "inDefinedTermSet": request.build_absolute_uri(reverse("glossary:list")),
        }
        if self.synonym_list:
            data["alternateName"] = self.synonym_list
        return data

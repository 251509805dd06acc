"""The search document each content item keeps (filled by portal/search/engine.py)."""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.languages import source_language


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
    weighted full-text vector, made with the text-search configuration of the document's
    `language`, and two GIN indexes (full text, and trigrams on `names`) are created by a
    PostgreSQL-only migration.
    """

    kind = models.CharField(_("kind"), max_length=20, help_text=_("The content type's link scheme, e.g. medication."))
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=300)
    names = models.TextField(
        _("names"), help_text=_("Names, short names, aliases and brand names, lower case, one per line.")
    )
    summary = models.TextField(_("summary"), blank=True)
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Drug class, one-line definition or tags: weighted like the summary.")
    )
    body = models.TextField(_("body"), blank=True)
    # The item's language: its words are stemmed and matched by that language's rules.
    language = models.CharField(_("language"), max_length=12, default=source_language)
    vector = SearchVectorField(_("search vector"), null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

"""Site search over every published content type.

Every content save refreshes one SearchDocument row (signals below), filled from the
item's own `search_document()`. On PostgreSQL a search is weighted full text (names and
titles 'A', summaries and keywords 'B', Markdown text 'C') with web-search syntax, or'ed
with trigram word similarity on names so that typos and brand names still find the right
page; an exact name or brand match ranks first. On other databases it falls back to
case-insensitive matching of names, titles and summaries, and portal/search/sqlite.py
spells names loosely (typos, brand names). Only published content is ever
returned: the query filters through each content type's published().

Each document is in its item's language. A search in a language looks through what a page
in that language shows (published(): its language's versions, and source items with no
version in it), each document with its own language's text-search configuration; the
page's language comes first. Outside the source language accents do not matter: on
PostgreSQL the configuration takes them away (unaccent, migration 0010), and names are
kept folded (lower case, no accents) for trigram and exact matching; on SQLite everything is
compared folded (portal/search/sqlite.py). English documents are indexed and searched as
they always were.
"""

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, Model, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from portal import reads
from portal.languages import current_language, source_language
from portal.models import SearchDocument
from portal.registry import by_scheme, content_types
from portal.search import sqlite as search_sqlite
from portal.search.sqlite import fold
from portal.text.markdown import to_html

MAX_QUERY_LENGTH = 200
# A search shows at most this many results, best first, and says "more than" past it:
# nobody reads the 1,001st, and counting every match of a common word costs more than the
# search itself (50,000 matches: 44 ms to count, 1 ms to count to 1,001).
MAX_RESULTS = 1000
SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class SearchLanguage:
    """How documents in one language are searched on PostgreSQL."""

    config: str  # the text-search configuration of its vectors and queries
    folded: bool  # names kept and matched without accents


# A configuration not built into PostgreSQL is created by a migration (portal_spanish:
# Spanish stems of unaccented words, 0010). A language not listed is searched with 'simple'
# (no stemming) and folded names until it is.
SEARCH_LANGUAGES = {
    "en": SearchLanguage(SEARCH_CONFIG, folded=False),
    "es": SearchLanguage("portal_spanish", folded=True),
}
OTHER_LANGUAGE = SearchLanguage("simple", folded=True)


def search_language(language: str) -> SearchLanguage:
    return SEARCH_LANGUAGES.get(language, OTHER_LANGUAGE)


def search_config(language: str) -> str:
    return search_language(language).config


# Private-use characters mark highlights inside the database's snippet, so the snippet
# can be escaped before the marks become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000\ue001]")


def clean_query(raw: str) -> str:
    return " ".join(_CONTROL.sub(" ", raw).split())


def _plain(markdown_text: str) -> str:
    return html.unescape(strip_tags(to_html(markdown_text).html))


def _lines(*names: str, folded: bool = False) -> str:
    """Names one per line, lower case (and without accents if `folded`), with a newline at
    each end for exact matching."""
    unique = dict.fromkeys((fold if folded else str.lower)(name.strip()) for name in names if name and name.strip())
    return "\n" + "\n".join(unique) + "\n"


def _document_fields(obj: Model) -> dict:
    document = obj.search_document()
    folded = search_language(obj.language).folded
    return {
        "title": document.title,
        "names": _lines(*document.names, folded=folded) if document.names else "",
        "summary": document.summary,
        "keywords": document.keywords,
        "body": _plain("\n\n".join(document.markdown)),
    }


def weighted_vector(language: str) -> SearchVector:
    """The full-text vector of a document in `language`."""
    config = search_config(language)
    return (
        SearchVector("names", weight="A", config=config)
        + SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("keywords", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def _fields(obj: Model) -> dict:
    fields = {key: _CONTROL.sub(" ", value) for key, value in _document_fields(obj).items()}
    return {**fields, "language": obj.language}


def index(obj: Model) -> None:
    """Create or refresh the search document of one content item."""
    document, _ = SearchDocument.objects.update_or_create(kind=obj.link_scheme, object_id=obj.pk, defaults=_fields(obj))
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=document.pk).update(vector=weighted_vector(document.language))


def rebuild(batch_size: int = 500) -> int:
    """Recreate every search document in bulk: a few queries per batch, not per item."""
    SearchDocument.objects.all().delete()
    count = 0
    for model in content_types():
        # A language version's document shows its source's rows (brand names) as well as its own.
        follows = [*model.search_follows, *(f"translation_of__{relation}" for relation in model.search_follows)]
        queryset = model.objects.prefetch_related(*follows).order_by("pk")
        documents = (
            SearchDocument(kind=model.link_scheme, object_id=obj.pk, **_fields(obj))
            for obj in queryset.iterator(chunk_size=batch_size)
        )
        count += len(SearchDocument.objects.bulk_create(documents, batch_size=batch_size))
    if connection.vendor == "postgresql":
        for language in SearchDocument.objects.order_by().values_list("language", flat=True).distinct():
            SearchDocument.objects.filter(language=language).update(vector=weighted_vector(language))
    return count


def published_documents(language: str | None = None) -> QuerySet:
    """Documents whose object a page in `language` (the active one's, by default) shows
    right now, decided by each model's published().

    Asked per document (EXISTS on the object's primary key), not as `object_id IN (every
    published id)`: the database looks up the few documents a search matches instead of
    hashing every published article first (with 50,000 articles that was most of a search)."""
    public = Q()
    for model in content_types():
        shown = model.objects.published(language).filter(pk=OuterRef("object_id"))
        public |= Q(Exists(shown), kind=model.link_scheme)
    return SearchDocument.objects.filter(public)


@dataclass(frozen=True)
class _Match:
    """A query as documents in one language are matched with it."""

    language: str
    config: str
    tsquery: SearchQuery
    names: str  # the query as that language's names are kept

    @classmethod
    def of(cls, query: str, language: str) -> "_Match":
        settings = search_language(language)
        tsquery = SearchQuery(query, search_type="websearch", config=settings.config)
        return cls(language, settings.config, tsquery, fold(query) if settings.folded else query)


def _per_language(matches: list[_Match], expression: Callable[[_Match], Any]) -> Any:
    """`expression` of each document's language: as it is when there is one language."""
    if len(matches) == 1:
        return expression(matches[0])
    return Case(
        *(When(language=match.language, then=expression(match)) for match in matches[:-1]),
        default=expression(matches[-1]),
    )


def search_documents(query: str, language: str | None = None) -> QuerySet:
    """Matching documents a page in `language` (the active one's, by default) shows, its
    language's first, then best first, each with a `snippet` to highlight."""
    # Which documents match is decided by all of them: a change to any may change the results.
    reads.note({reads.list_key(SearchDocument)})
    language = language or current_language()
    source = source_language()
    matches = [_Match.of(query, code) for code in dict.fromkeys([language, source])]
    exact = _per_language(
        matches,
        lambda match: Case(
            When(names__contains=f"\n{match.names.lower()}\n", then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    documents = published_documents(language).annotate(exact=exact)
    order = ()
    if len(matches) > 1:
        in_language = Case(When(language=language, then=Value(1)), default=Value(0), output_field=IntegerField())
        documents = documents.annotate(in_language=in_language)
        order = ("-in_language",)
    if connection.vendor != "postgresql":
        return search_sqlite.search(documents, query, order)
    found = Q()
    for match in matches:
        words = Q(vector=match.tsquery) | Q(names__trigram_word_similar=match.names)
        found |= words if len(matches) == 1 else Q(language=match.language) & words
    return (
        documents.filter(found)
        .annotate(
            rank=_per_language(matches, lambda match: SearchRank(F("vector"), match.tsquery)),
            # How close a name is to what was typed matters where the words themselves did
            # not match (a misspelling); worked out only there, as it is the dearest part of
            # ranking a common word's many matches.
            similarity=_per_language(
                matches,
                lambda match: Case(
                    When(vector=match.tsquery, then=Value(0.0)), default=TrigramWordSimilarity(match.names, "names")
                ),
            ),
            snippet=_per_language(
                matches,
                lambda match: SearchHeadline(
                    "summary",
                    match.tsquery,
                    config=match.config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=40,
                    min_words=15,
                ),
            ),
        )
        .annotate(score=F("rank") + F("similarity"))
        .order_by(*order, "-exact", "-score", "title")
    )


class ResultPages(Paginator):
    """Pages of the best MAX_RESULTS results; `more` says there were more matches than that."""

    @functools.cached_property
    def count(self) -> int:
        matches = self.object_list.order_by().values("pk")[: MAX_RESULTS + 1].count()
        self.more = matches > MAX_RESULTS
        return min(matches, MAX_RESULTS)


def highlight(snippet: str, query: str) -> SafeString:
    """Escape a snippet, then mark the matched words: from the database's marks on
    PostgreSQL, or by looking for the query's words elsewhere, case and accents aside."""
    if _START not in snippet:
        words = [re.escape(fold(word)) for word in query.split() if len(word) > 1]
        if words:
            marked, end = [], 0
            # fold() keeps one character for each: a match in the folded text is one in the text.
            for found in re.finditer("|".join(words), fold(snippet)):
                marked += [snippet[end : found.start()], _START, snippet[found.start() : found.end()], _STOP]
                end = found.end()
            snippet = "".join(marked) + snippet[end:]
    safe = escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    obj: Model
    snippet: SafeString


def load_hits(documents: list[SearchDocument], query: str, language: str | None = None) -> list[Hit]:
    """The page's objects, one query per kind, in the documents' order, as a page in
    `language` (the active one's, by default) shows them."""
    ids_by_kind: dict[str, list[int]] = {}
    for document in documents:
        ids_by_kind.setdefault(document.kind, []).append(document.object_id)
    models = by_scheme()
    objects = {
        (kind, obj.pk): obj
        for kind, ids in ids_by_kind.items()
        if kind in models
        for obj in models[kind].objects.published(language).for_search_results().filter(pk__in=ids)
    }
    hits = []
    for document in documents:
        obj = objects.get((document.kind, document.object_id))
        if obj is not None:
            hits.append(Hit(document.kind, label(type(obj)), obj, highlight(document.snippet, query)))
    return hits


def label(model: type[Model]) -> str:
    return str(model.search_label) if model.search_label else str(model._meta.verbose_name).capitalize()

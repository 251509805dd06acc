"""Site search over every published content type.

Every content save refreshes one SearchDocument row (signals below), filled from the
item's own `search_document()`. On PostgreSQL a search is weighted full text (names and
titles 'A', summaries and keywords 'B', Markdown text 'C') with web-search syntax, or'ed
with trigram word similarity on names so that typos and brand names still find the right
page; an exact name or brand match ranks first. On other databases it falls back to
case-insensitive matching of names, titles and summaries, and portal/search/sqlite.py
spells names loosely (typos, brand names). Only published content is ever
returned: the query filters through each content type's published().
"""

import functools
import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, Model, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from portal.models import SearchDocument
from portal.registry import by_scheme, content_types
from portal.search import sqlite as search_sqlite
from portal.text.markdown import to_html

MAX_QUERY_LENGTH = 200
# A search shows at most this many results, best first, and says "more than" past it:
# nobody reads the 1,001st, and counting every match of a common word costs more than the
# search itself (50,000 matches: 44 ms to count, 1 ms to count to 1,001).
MAX_RESULTS = 1000
SEARCH_CONFIG = "english"
# Private-use characters mark highlights inside the database's snippet, so the snippet
# can be escaped before the marks become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000\ue001]")


def clean_query(raw: str) -> str:
    return " ".join(_CONTROL.sub(" ", raw).split())


def _plain(markdown_text: str) -> str:
    return html.unescape(strip_tags(to_html(markdown_text).html))


def _lines(*names: str) -> str:
    """Names one per line, lower case, with a newline at each end for exact matching."""
    unique = dict.fromkeys(name.strip().lower() for name in names if name and name.strip())
    return "\n" + "\n".join(unique) + "\n"


def _document_fields(obj: Model) -> dict:
    document = obj.search_document()
    return {
        "title": document.title,
        "names": _lines(*document.names) if document.names else "",
        "summary": document.summary,
        "keywords": document.keywords,
        "body": _plain("\n\n".join(document.markdown)),
    }


def _weighted_vector() -> SearchVector:
    return (
        SearchVector("names", weight="A", config=SEARCH_CONFIG)
        + SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("keywords", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def _fields(obj: Model) -> dict:
    return {key: _CONTROL.sub(" ", value) for key, value in _document_fields(obj).items()}


def index(obj: Model) -> None:
    """Create or refresh the search document of one content item."""
    document, _ = SearchDocument.objects.update_or_create(kind=obj.link_scheme, object_id=obj.pk, defaults=_fields(obj))
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=document.pk).update(vector=_weighted_vector())


def rebuild(batch_size: int = 500) -> int:
    """Recreate every search document in bulk: a few queries per batch, not per item."""
    SearchDocument.objects.all().delete()
    count = 0
    for model in content_types():
        queryset = model.objects.prefetch_related(*model.search_follows).order_by("pk")
        documents = (
            SearchDocument(kind=model.link_scheme, object_id=obj.pk, **_fields(obj))
            for obj in queryset.iterator(chunk_size=batch_size)
        )
        count += len(SearchDocument.objects.bulk_create(documents, batch_size=batch_size))
    if connection.vendor == "postgresql":
        SearchDocument.objects.update(vector=_weighted_vector())
    return count


def published_documents() -> QuerySet:
    """Documents whose object is public right now, decided by each model's published().

    Asked per document (EXISTS on the object's primary key), not as `object_id IN (every
    published id)`: the database looks up the few documents a search matches instead of
    hashing every published article first (with 50,000 articles that was most of a search)."""
    public = Q()
    for model in content_types():
        public |= Q(Exists(model.objects.published().filter(pk=OuterRef("object_id"))), kind=model.link_scheme)
    return SearchDocument.objects.filter(public)


def search_documents(query: str) -> QuerySet:
    """Matching published documents, best first, each with a `snippet` to highlight."""
    exact = Case(
        When(names__contains=f"\n{query.lower()}\n", then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    documents = published_documents().annotate(exact=exact)
    if connection.vendor != "postgresql":
        return search_sqlite.search(documents, query)
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        documents.filter(Q(vector=tsquery) | Q(names__trigram_word_similar=query))
        .annotate(
            rank=SearchRank(F("vector"), tsquery),
            # How close a name is to what was typed matters where the words themselves did
            # not match (a misspelling); worked out only there, as it is the dearest part of
            # ranking a common word's many matches.
            similarity=Case(When(vector=tsquery, then=Value(0.0)), default=TrigramWordSimilarity(query, "names")),
            snippet=SearchHeadline(
                "summary",
                tsquery,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=40,
                min_words=15,
            ),
        )
        .annotate(score=F("rank") + F("similarity"))
        .order_by("-exact", "-score", "title")
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
    PostgreSQL, or by looking for the query's words elsewhere."""
    if _START not in snippet:
        words = [re.escape(word) for word in query.split() if len(word) > 1]
        if words:
            snippet = re.sub(
                "(" + "|".join(words) + ")", lambda m: f"{_START}{m[0]}{_STOP}", snippet, flags=re.IGNORECASE
            )
    safe = escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    obj: Model
    snippet: SafeString


def load_hits(documents: list[SearchDocument], query: str) -> list[Hit]:
    """The page's objects, one query per kind, in the documents' order."""
    ids_by_kind: dict[str, list[int]] = {}
    for document in documents:
        ids_by_kind.setdefault(document.kind, []).append(document.object_id)
    models = by_scheme()
    objects = {
        (kind, obj.pk): obj
        for kind, ids in ids_by_kind.items()
        if kind in models
        for obj in models[kind].objects.published().for_search_results().filter(pk__in=ids)
    }
    hits = []
    for document in documents:
        obj = objects.get((document.kind, document.object_id))
        if obj is not None:
            hits.append(Hit(document.kind, label(type(obj)), obj, highlight(document.snippet, query)))
    return hits


def label(model: type[Model]) -> str:
    return str(model.search_label) if model.search_label else str(model._meta.verbose_name).capitalize()

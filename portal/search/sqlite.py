"""Typo-tolerant search on SQLite, with no extra service: PostgreSQL's trigram word
similarity, as a function SQLite calls for each row.

`make run` uses SQLite, and a patient there should still find "gabapentn", "neurotin" or
"crow fukase". Names and brand names (the `names` column of a search document, one per
line) are compared with the query by trigrams, as pg_trgm does: each word is lower-cased,
padded with two spaces in front and one behind, and cut into three-letter pieces. A name
matches when, over the few consecutive words of one of its lines that match best, the
pieces it shares with the query are at least SIMILARITY_THRESHOLD of all the pieces of
both. PostgreSQL stays the ranked full-text path (portal/search/engine.py).
"""

import functools
import re

from django.db import connection
from django.db.models import F, FloatField, Func, Q, QuerySet, Value

SIMILARITY_THRESHOLD = 0.45
FUNCTION_NAME = "portal_name_similarity"
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def _trigrams(words: tuple[str, ...]) -> frozenset[str]:
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def name_similarity(query: str | None, names: str | None) -> float:
    """The best trigram similarity between the query and some consecutive words of a name."""
    if not query or not names:
        return 0.0
    query_words = _words(query)
    if not query_words:
        return 0.0
    wanted = _trigrams(query_words)
    width = len(query_words)
    best = 0.0
    for line in names.splitlines():
        words = _words(line)
        for size in {max(1, width - 1), width, width + 1}:
            for start in range(max(1, len(words) - size + 1)):
                found = _trigrams(words[start : start + size])
                if found:
                    best = max(best, len(wanted & found) / len(wanted | found))
    return best


def _register(sqlite_connection) -> None:
    sqlite_connection.create_function(FUNCTION_NAME, 2, name_similarity, deterministic=True)


class NameSimilarity(Func):
    function = FUNCTION_NAME
    output_field = FloatField()


def search(documents: QuerySet, query: str) -> QuerySet:
    """Documents whose names, brands, title, summary or keywords contain the query, or whose
    names are spelled nearly like it; the closest names first after exact ones."""
    connection.ensure_connection()
    _register(connection.connection)
    return (
        documents.annotate(similarity=NameSimilarity(Value(query), F("names")))
        .filter(
            Q(names__icontains=query)
            | Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(keywords__icontains=query)
            | Q(similarity__gte=SIMILARITY_THRESHOLD)
        )
        .annotate(snippet=F("summary"))
        .order_by("-exact", "-similarity", "title")
    )

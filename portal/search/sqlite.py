"""Typo-tolerant search on SQLite, with no extra service: PostgreSQL's trigram word
similarity, as a function SQLite calls for each row.

`make run` uses SQLite, and a patient there should still find "gabapentn", "neurotin" or
"crow fukase". Names and brand names (the `names` column of a search document, one per
line) are compared with the query by trigrams, as pg_trgm does: each word is folded
(lower case, accents taken away), padded with two spaces in front and one behind, and cut
into three-letter pieces. A name matches when, over the few consecutive words of one of its
lines that match best, the pieces it shares with the query are at least
SIMILARITY_THRESHOLD of all the pieces of both. Names, titles, summaries and keywords are
compared folded too, so that "neuropatia" finds "Neuropatía" (SQLite's own LIKE ignores the
case of ASCII letters only). PostgreSQL stays the ranked full-text path
(portal/search/engine.py).
"""

import functools
import re
import unicodedata

from django.db import connection
from django.db.models import F, FloatField, Func, Q, QuerySet, TextField, Value
from django.db.models.lookups import Contains

SIMILARITY_THRESHOLD = 0.45
FUNCTION_NAME = "portal_name_similarity"
FOLD_FUNCTION_NAME = "portal_fold"
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def fold_character(character: str) -> str:
    """One character in lower case without its accents ("Í" → "i", "ñ" → "n"); one that
    would not stay one character (a ligature, "İ") is left as it is."""
    lower = character.lower()
    if len(lower) != 1:
        return character
    bare = "".join(part for part in unicodedata.normalize("NFD", lower) if not unicodedata.combining(part))
    return bare if len(bare) == 1 else lower


def fold(text: str) -> str:
    """Text in lower case without accents, one character for each of the text's, so that a
    match in the folded text is at the same place in the text (highlighting relies on it)."""
    if text.isascii():
        return text.lower()
    return "".join(fold_character(character) for character in text)


@functools.lru_cache(maxsize=4096)
def _trigrams(words: tuple[str, ...]) -> frozenset[str]:
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


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


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


def _register(sqlite_connection) -> None:
    sqlite_connection.create_function(FUNCTION_NAME, 2, name_similarity, deterministic=True)
    sqlite_connection.create_function(FOLD_FUNCTION_NAME, 1, _fold_or_none, deterministic=True)


class NameSimilarity(Func):
    function = FUNCTION_NAME
    output_field = FloatField()


class Folded(Func):
    function = FOLD_FUNCTION_NAME
    output_field = TextField()


def search(documents: QuerySet, query: str, order: tuple[str, ...] = ()) -> QuerySet:
    """Documents whose names, brands, title, summary or keywords contain the query (folded:
    case and accents aside), or whose names are spelled nearly like it; after `order`, the
    exact names first, then the closest."""
    connection.ensure_connection()
    _register(connection.connection)
    folded = Value(fold(query))
    contains = [Contains(Folded(column), folded) for column in ("names", "title", "summary", "keywords")]
    return (
        documents.annotate(similarity=NameSimilarity(Value(query), F("names")))
        .filter(Q(*contains, _connector=Q.OR) | Q(similarity__gte=SIMILARITY_THRESHOLD))
        .annotate(snippet=F("summary"))
        .order_by(*order, "-exact", "-similarity", "title")
    )

"""Schemas every content type's API uses: errors, pages, people and clinical codes."""

import datetime
from typing import Literal

from ninja import Field, Query, Schema

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from portal.codes.systems import SYSTEMS
from portal.languages import content_languages, source_language
from portal.models import SourceChange

# The content languages, as the schema's enum of `lang` and `language`.
Language = Literal[tuple(content_languages())]


class ErrorDetail(Schema):
    status: int
    message: str
    details: list[dict] = []


class ErrorOut(Schema):
    error: ErrorDetail


class LanguageParams(Schema):
    lang: Language | None = Query(
        None,
        description=f"The answer's language. Without it, the best match of the Accept-Language header, "
        f"else {source_language()}. Items with no published version in it are given in {source_language()}, "
        "each with its own `language`.",
    )


class ListParams(LanguageParams):
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1 to 100).")
    cursor: str | None = Query(
        None, max_length=500, pattern=r"^[A-Za-z0-9_-]+$", description="The 'next' cursor of the previous page."
    )


class TranslationOut(Schema):
    language: Language
    slug: str
    title: str
    url: str
    api_url: str


class SourceVersionOut(Schema):
    published_at: datetime.datetime | None = Field(
        description="When the source version this translation was made from (or last checked against) went live."
    )
    stale_since: datetime.datetime | None = Field(
        description="When the source item changed in a way this translation has not caught up with yet."
    )


class Languages(Schema):
    """What every item says about its languages (api/languages.py)."""

    language: Language = Field(description="The language this item is written in.")
    translationStatus: Literal["source", "current", "stale"] = Field(  # as the issue tracker and EHRs spell it
        description="`source` for an item as first written; for a translation, `current` when it matches "
        "its source's published version, `stale` when the source changed since (it stays published and "
        "its page tells patients so).",
    )
    sourceVersion: SourceVersionOut | None = Field(
        description="For a translation: the source version it matches, and since when not."
    )
    translations: list[TranslationOut] = Field(
        description="The item's other published language versions (never drafts), the source language's included."
    )


class PersonOut(Schema):
    name: str
    slug: str
    credentials: str
    url: str


class CodeOut(Schema):
    system: str
    system_name: str
    system_uri: str
    oid: str | None
    code: str


class ReviewOut(Schema):
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None


def person(author, request) -> dict | None:
    if author is None:
        return None
    return {
        "name": author.name,
        "slug": author.slug,
        "credentials": author.shown_credentials,  # in the answer's language where translated
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


def codes(item) -> list[dict]:
    """An item's prefetched code rows: its source's, in every language version."""
    return [
        {
            "system": row.system,
            "system_name": SYSTEMS[row.system].schema_name,
            "system_uri": SYSTEMS[row.system].uri,
            "oid": SYSTEMS[row.system].oid,
            "code": row.code,
        }
        for row in item.source.codes.all()
    ]


# On every item's answer: whether its medical reviewer has yet to look at it again since an
# item it shows changed in a clinically significant way (portal/publishing/rereview.py).
SOURCE_CHANGED = Field(
    description="When an item this one shows or links to (a medication on a hub, a medicine in a guide) "
    "changed in a clinically significant way, if the item's medical reviewer has not looked at it again "
    "since: the moment of the earliest such change. null when the item awaits no re-review."
)


def review(item, request) -> dict:
    return {
        "last_reviewed": item.last_reviewed,
        "next_review_due": item.next_review_due,
        "reviewed_by": person(item.reviewed_by, request),
        "sourceChanged": SourceChange.objects.on_page(item)
        .pending()
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first(),
    }


def page(items: list, next_cursor: str | None, request) -> dict:
    """A list page: its items and the address of the next page, or null on the last one."""
    next_url = None
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": items, "next": next_url}

"""The glossary API: medical words in plain language (read-only, published only)."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.languages import api_url, find_by_slug, language_fields, versions_of
from api.pagination import Key, keyset_page
from api.redirects import moved
from api.schemas import SOURCE_CHANGED, ErrorOut, LanguageParams, Languages, ListParams, PersonOut, page, review
from glossary.models import Term
from portal.models import localised
from portal.text.markdown import render_many

router = Router(tags=["glossary"])
ORDER = [Key("term"), Key("id")]


class TermSummary(Languages):
    slug: str
    term: str
    definition: str
    synonyms: list[str]
    url: str
    api_url: str


class TermDetail(TermSummary):
    explanation_html: str
    see_also_url: str | None
    published_at: datetime.datetime
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None
    sourceChanged: datetime.datetime | None = SOURCE_CHANGED


class TermPage(Schema):
    items: list[TermSummary]
    next: str | None


def summary(term: Term, request: HttpRequest, versions: dict) -> dict:
    note_modified(request, term)
    return {
        **language_fields(term, request, "api-v1:term", versions),
        "slug": term.slug,
        "term": term.term,
        "definition": term.definition,
        "synonyms": term.synonym_list,
        "url": request.build_absolute_uri(term.get_absolute_url()),
        "api_url": api_url(request, "api-v1:term", term),
    }


@router.get("/terms", response={200: TermPage, 400: ErrorOut}, url_name="terms")
def list_terms(request: HttpRequest, params: Query[ListParams]):
    """Published glossary terms A–Z, each with its plain-language definition."""
    queryset = Term.objects.published().defer("explanation")
    items, next_cursor = keyset_page(queryset, ORDER, params.cursor, params.limit)
    versions = versions_of(items)
    return page([summary(item, request, versions) for item in items], next_cursor, request)


@router.get("/terms/{slug}", response={200: TermDetail, 301: None, 400: ErrorOut, 404: ErrorOut}, url_name="term")
def get_term(request: HttpRequest, slug: str, params: Query[LanguageParams]):
    """One published term, by the slug of any of its published language versions. A slug it
    used to have answers 301, as the page does. Its condition or medication to read next is
    the source's, in the answer's language where it is published."""
    queryset = (
        Term.objects.published().for_page().select_related("translation_of__condition", "translation_of__medication")
    )
    term = find_by_slug(queryset, slug)
    if term is None:
        return moved(request, Term, slug, "api-v1:term")
    [explanation] = render_many([term.explanation], for_others=True)
    source = term.source
    see_also = next((page for page in (source.condition, source.medication) if page and page.is_published), None)
    if see_also is not None:
        [see_also] = localised([see_also])
    return {
        **summary(term, request, versions_of([term])),
        "explanation_html": absolute_links(explanation, request),
        "see_also_url": request.build_absolute_uri(see_also.get_absolute_url()) if see_also else None,
        "published_at": term.published_at,
        "updated_at": term.updated_at,
        **review(term, request),
    }

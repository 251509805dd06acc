"""The glossary API: medical words in plain language (read-only, published only)."""

import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.pagination import Key, keyset_page
from api.redirects import moved
from api.schemas import ErrorOut, ListParams, PersonOut, page, review
from glossary.models import Term
from portal.text.markdown import render_many

router = Router(tags=["glossary"])
ORDER = [Key("term"), Key("id")]


class TermSummary(Schema):
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


class TermPage(Schema):
    items: list[TermSummary]
    next: str | None


def summary(term: Term, request: HttpRequest) -> dict:
    note_modified(request, term)
    return {
        "slug": term.slug,
        "term": term.term,
        "definition": term.definition,
        "synonyms": term.synonym_list,
        "url": request.build_absolute_uri(term.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api-v1:term", kwargs={"slug": term.slug})),
    }


@router.get("/terms", response={200: TermPage, 400: ErrorOut}, url_name="terms")
def list_terms(request: HttpRequest, params: Query[ListParams]):
    """Published glossary terms A–Z, each with its plain-language definition."""
    queryset = Term.objects.published().defer("explanation")
    items, next_cursor = keyset_page(queryset, ORDER, params.cursor, params.limit)
    return page([summary(item, request) for item in items], next_cursor, request)


@router.get("/terms/{slug}", response={200: TermDetail, 301: None, 404: ErrorOut}, url_name="term")
def get_term(request: HttpRequest, slug: str):
    """One published term. A slug it used to have answers 301, as the page does."""
    term = Term.objects.published().for_page().filter(slug=slug).first()
    if term is None:
        return moved(Term, slug, "api-v1:term")
    [explanation] = render_many([term.explanation])
    see_also = next((page for page in (term.condition, term.medication) if page and page.is_published), None)
    return {
        **summary(term, request),
        "explanation_html": absolute_links(explanation, request),
        "see_also_url": request.build_absolute_uri(see_also.get_absolute_url()) if see_also else None,
        "published_at": term.published_at,
        "updated_at": term.updated_at,
        **review(term, request),
    }

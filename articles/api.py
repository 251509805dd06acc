"""The articles API, and the condition hub's address (a condition with its curated guides,
which are defined in this app): read-only, published only."""

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.pagination import Key, keyset_page
from api.redirects import moved
from api.schemas import ErrorOut, ListParams, PersonOut, page, person, review
from articles.models import Article, ArticleKind, CuratedGuide
from conditions.api import ConditionDetail, ConditionSummary
from conditions.api import detail as condition_detail
from conditions.api import for_detail as conditions_for_detail
from conditions.api import summary as condition_summary
from conditions.models import Condition
from medications.api import MedicationSummary
from medications.api import for_api as medications_for_api
from medications.api import summary as medication_summary
from portal.text.markdown import render_many

router = Router(tags=["articles"])
ORDER = [Key("published_at", descending=True), Key("id", descending=True)]


class ArticleSummary(Schema):
    slug: str
    title: str
    kind: str
    summary: str
    author: PersonOut
    published_at: datetime.datetime
    url: str
    api_url: str


class SourceOut(Schema):
    title: str
    publisher: str
    url: str
    accessed_on: datetime.date | None


class ArticleDetail(ArticleSummary):
    body_html: str
    tags: list[str]
    sources: list[SourceOut]
    conditions: list[ConditionSummary]
    medications: list[MedicationSummary]
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None


class ArticleListParams(ListParams):
    kind: ArticleKind | None = Query(None, description="Only articles of this kind.")
    tag: str | None = Query(None, max_length=100, description="Only articles with this tag (its slug).")


class CuratedGuideOut(Schema):
    note: str
    article: ArticleSummary


class ConditionHub(ConditionDetail):
    curated_guides: list[CuratedGuideOut]


def summary(article: Article, request: HttpRequest) -> dict:
    note_modified(request, article)
    return {
        "slug": article.slug,
        "title": article.title,
        "kind": article.kind,
        "summary": article.summary,
        "author": person(article.author, request),
        "published_at": article.published_at,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api-v1:article", kwargs={"slug": article.slug})),
    }


@router.get("/articles", response={200: ArticlePage, 400: ErrorOut}, url_name="articles")
def list_articles(request: HttpRequest, params: Query[ArticleListParams]):
    """Published articles, newest first; filter by kind or tag."""
    queryset = Article.objects.published().select_related("author")
    if params.kind:
        queryset = queryset.filter(kind=params.kind)
    if params.tag:
        queryset = queryset.filter(tags__slug=params.tag)
    items, next_cursor = keyset_page(queryset, ORDER, params.cursor, params.limit)
    return page([summary(item, request) for item in items], next_cursor, request)


@router.get("/articles/{slug}", response={200: ArticleDetail, 301: None, 404: ErrorOut}, url_name="article")
def get_article(request: HttpRequest, slug: str):
    """One published article with its author and reviewer, sources, topics and rendered body."""
    queryset = (
        Article.objects.published()
        .select_related("author", "reviewed_by")
        .prefetch_related(
            "tags",
            "sources",
            Prefetch("conditions", queryset=Condition.objects.published().prefetch_related("codes").order_by("name")),
            Prefetch("medications", queryset=medications_for_api().order_by("name")),
        )
    )
    article = queryset.filter(slug=slug).first()
    if article is None:
        return moved(Article, slug, "api-v1:article")
    [body] = render_many([article.body])
    return {
        **summary(article, request),
        "body_html": absolute_links(body, request),
        "tags": sorted(tag.name for tag in article.tags.all()),
        "sources": [
            {"title": source.title, "publisher": source.publisher, "url": source.url, "accessed_on": source.accessed_on}
            for source in article.sources.all()
        ],
        "conditions": [condition_summary(condition, request) for condition in article.conditions.all()],
        "medications": [medication_summary(medication, request) for medication in article.medications.all()],
        "updated_at": article.updated_at,
        **review(article, request),
    }


@router.get(
    "/conditions/{slug}",
    response={200: ConditionHub, 301: None, 404: ErrorOut},
    url_name="condition",
    tags=["conditions"],
)
def get_condition(request: HttpRequest, slug: str):
    """One published condition: codes, components, treatments with their medications, curated guides."""
    condition = conditions_for_detail().filter(slug=slug).first()
    if condition is None:
        return moved(Condition, slug, "api-v1:condition")
    guides = list(CuratedGuide.objects.for_hub(condition))
    return {
        **condition_detail(condition, request),
        "curated_guides": [{"note": guide.note, "article": summary(guide.article, request)} for guide in guides],
    }

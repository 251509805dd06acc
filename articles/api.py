"""The articles API, and the condition hub's address (a condition with its curated guides,
which are defined in this app): read-only, published only."""

import datetime

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.languages import api_url, find_by_slug, language_fields, versions_of
from api.pagination import Key, keyset_page
from api.redirects import moved
from api.schemas import SOURCE_CHANGED, ErrorOut, LanguageParams, Languages, ListParams, PersonOut, page, person, review
from articles.models import Article, ArticleKind, CuratedGuide
from conditions.api import ConditionDetail, ConditionSummary
from conditions.api import detail as condition_detail
from conditions.api import for_detail as conditions_for_detail
from conditions.api import linked as condition_linked
from conditions.api import summary as condition_summary
from conditions.models import Condition
from images.api import ImageOut, embedded_images, lead_image
from medications.api import MedicationSummary
from medications.api import for_api as medications_for_api
from medications.api import summary as medication_summary
from medications.models import Medication
from portal.models import localised
from portal.text.markdown import render_many

router = Router(tags=["articles"])
ORDER = [Key("published_at", descending=True), Key("id", descending=True)]


class ArticleSummary(Languages):
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
    image: ImageOut | None
    images: list[ImageOut]
    tags: list[str]
    sources: list[SourceOut]
    conditions: list[ConditionSummary]
    medications: list[MedicationSummary]
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None
    sourceChanged: datetime.datetime | None = SOURCE_CHANGED


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


def summary(article: Article, request: HttpRequest, versions: dict) -> dict:
    note_modified(request, article)
    return {
        **language_fields(article, request, "api-v1:article", versions),
        "slug": article.slug,
        "title": article.title,
        "kind": article.kind,
        "summary": article.summary,
        "author": person(article.author, request),
        "published_at": article.published_at,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": api_url(request, "api-v1:article", article),
    }


@router.get("/articles", response={200: ArticlePage, 400: ErrorOut}, url_name="articles")
def list_articles(request: HttpRequest, params: Query[ArticleListParams]):
    """Published articles, newest first; filter by kind or tag (tags are the source's)."""
    queryset = Article.objects.published().select_related("author")
    if params.kind:
        queryset = queryset.filter(kind=params.kind)
    if params.tag:
        queryset = queryset.filter(Q(tags__slug=params.tag) | Q(translation_of__tags__slug=params.tag))
    items, next_cursor = keyset_page(queryset, ORDER, params.cursor, params.limit)
    versions = versions_of(items)
    return page([summary(item, request, versions) for item in items], next_cursor, request)


FACTS = (
    "tags",
    Prefetch(
        "conditions",
        queryset=Condition.objects.published_sources().prefetch_related("codes").order_by("name"),
    ),
    Prefetch("medications", queryset=medications_for_api(Medication.objects.published_sources()).order_by("name")),
)


@router.get(
    "/articles/{slug}", response={200: ArticleDetail, 301: None, 400: ErrorOut, 404: ErrorOut}, url_name="article"
)
def get_article(request: HttpRequest, slug: str, params: Query[LanguageParams]):
    """One published article, by the slug of any of its published language versions, with its
    author and reviewer, sources, topics and rendered body. Its tags, conditions and
    medications are the source's, each in the answer's language where it is published."""
    queryset = (
        Article.objects.published()
        .select_related("author", "reviewed_by", "translation_of", "image")
        .prefetch_related("sources")
    )
    article = find_by_slug(queryset, slug)
    if article is None:
        return moved(request, Article, slug, "api-v1:article")
    source = article.source
    prefetch_related_objects([source], *FACTS)
    conditions = localised(source.conditions.all())
    medications = localised(source.medications.all())
    versions = versions_of([article, *conditions, *medications])
    [body] = render_many([article.body], for_others=True)
    return {
        **summary(article, request, versions),
        "body_html": absolute_links(body, request),
        "image": lead_image(article, request),
        "images": embedded_images([article.body], request),
        "tags": sorted(tag.name for tag in source.tags.all()),
        "sources": [
            {
                "title": reference.title,
                "publisher": reference.publisher,
                "url": reference.url,
                "accessed_on": reference.accessed_on,
            }
            for reference in article.sources.all()
        ],
        "conditions": [condition_summary(condition, request, versions) for condition in conditions],
        "medications": [medication_summary(medication, request, versions) for medication in medications],
        "updated_at": article.updated_at,
        **review(article, request),
    }


@router.get(
    "/conditions/{slug}",
    response={200: ConditionHub, 301: None, 400: ErrorOut, 404: ErrorOut},
    url_name="condition",
    tags=["conditions"],
)
def get_condition(request: HttpRequest, slug: str, params: Query[LanguageParams]):
    """One published condition, by the slug of any of its published language versions: codes,
    components, treatments with their medications, curated guides (the source's codes,
    components and guides, each in the answer's language where it is published)."""
    condition = find_by_slug(conditions_for_detail(), slug)
    if condition is None:
        return moved(request, Condition, slug, "api-v1:condition")
    guides = list(CuratedGuide.objects.for_hub(condition.source))
    articles = localised(guide.article for guide in guides)
    prefetch_related_objects([article for article in articles if article.translation_of_id], "author")
    components, medications = condition_linked(condition)
    versions = versions_of([condition, *(related for _role, related in components), *medications.values(), *articles])
    return {
        **condition_detail(condition, request, versions),
        "curated_guides": [
            {"note": guide.note, "article": summary(article, request, versions)}
            for guide, article in zip(guides, articles, strict=True)
        ],
    }

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from taggit.models import Tag

from articles.models import Article, ArticleKind
from portal.caching.render_once import list_page, rendered_once
from portal.models import Author, localised, prefetch_version
from portal.pages.lists import ITEMS_PER_PAGE
from portal.pages.views import bad_request, follow_old_slugs, get_published_or_preview, render_page
from portal.seo import jsonld as seo
from portal.text.markdown import render_explained, to_html

WORDS_PER_MINUTE = 200
TABLE_OF_CONTENTS_MIN_HEADINGS = 3
RELATED_ARTICLES = 5


def article_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind and kind not in ArticleKind.values:
        return bad_request(request, gettext("There is no such kind of article."))
    tag_slug = request.GET.get("tag", "")
    key = ("articles", kind, tag_slug, request.GET.get("page", ""))
    return list_page(request, "articles/article_list.html", key, lambda: _article_list(request, kind, tag_slug))


def _article_list(request: HttpRequest, kind: str, tag_slug: str) -> dict:
    articles = Article.objects.published().for_list()
    if kind:
        articles = articles.filter(kind=kind)
    tag = None
    if tag_slug:
        tag = _published_tag(tag_slug)
        articles = articles.filter(tags=tag) if tag else articles.none()
    return {
        "page": Paginator(articles, ITEMS_PER_PAGE).get_page(request.GET.get("page")),
        "kinds": ArticleKind.choices,
        "kind": kind,
        "tag": tag,
        "tag_slug": tag_slug,
        "filter_query": urlencode({key: value for key, value in (("kind", kind), ("tag", tag_slug)) if value}),
    }


@follow_old_slugs("articles.article")
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article, preview = get_published_or_preview(
        request, Article.objects.select_related("author", "reviewed_by"), slug=slug
    )
    parts = rendered_once(request, ("article", article.pk), lambda: _article(request, article), preview)
    return render_page(request, "articles/article_detail.html", {"article": article, **parts}, preview, item=article)


def _article(request: HttpRequest, article: Article) -> dict[str, str]:
    """An article's main part and JSON-LD."""
    source = article.source  # conditions, medications and tags are the source's
    prefetch_version(article, Article.objects.for_page()._prefetch_related_lookups)
    page = render_explained([article.body])
    headings = to_html(article.body).headings
    words = len(article.body.split())
    context = {
        "article": article,
        "tags": source.tags.all(),
        "related_conditions": localised(source.conditions.all()),
        "related_medications": localised(source.medications.all()),
        "related_articles": localised(Article.objects.published_sources().related_to(source)[:RELATED_ARTICLES]),
        "body": page.fragments[0],
        "glossary_terms": page.terms,
        "table_of_contents": headings if len(headings) >= TABLE_OF_CONTENTS_MIN_HEADINGS else (),
        "reading_minutes": max(1, round(words / WORDS_PER_MINUTE)),
    }
    json_ld = seo.content_page(
        request,
        article,
        gettext("Guides"),
        {
            "headline": article.title,
            "description": article.summary,
            "author": seo.person(article.author, request),
            "datePublished": article.published_at.date().isoformat() if article.published_at else None,
        },
    )
    return {"main": render_to_string("articles/article_main.html", context, request), "json_ld": json_ld}


@follow_old_slugs("portal.author")
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(author=author).for_list()
    return render(request, "articles/author_detail.html", {"author": author, "articles": articles})


def _published_tag(slug: str) -> Tag | None:
    """A tag exists for the public only while a published article carries it."""
    return Tag.objects.filter(slug=slug, pk__in=Article.objects.published().values("tags__pk")).first()


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = _published_tag(slug)
    if tag is None:
        raise Http404("No such tag.")
    articles = Article.objects.published().filter(tags=tag).for_list()
    page = Paginator(articles, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})

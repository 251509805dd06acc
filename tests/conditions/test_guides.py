"""A hub shows the editors' first HUB_GUIDES curated guides; the guides page lists them all."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, CuratedGuide
from conditions.views import HUB_GUIDES
from portal.models import Status
from portal.pages.lists import ITEMS_PER_PAGE
from tests.conftest import create_generated_articles

FUTURE = timezone.now() + datetime.timedelta(days=7)
CARD_TITLE = re.compile(r'<h3><a href="/articles/([^"/]+)/">')


def _guides_url(condition, page: int | None = None) -> str:
    url = reverse("conditions:guides", args=[condition.slug])
    return f"{url}?page={page}" if page else url


def _section(html: str, start: str, end: str) -> str:
    html = html[html.index(start) :]
    return html[: html.index(end)] if end in html else html


def _curate(condition, articles) -> list[str]:
    """Curate `articles` on `condition` in reverse order of creation, so that the editors'
    order is not the order of primary keys; the slugs in the editors' order."""
    CuratedGuide.objects.bulk_create(
        CuratedGuide(condition=condition, article=article, position=len(articles) - index)
        for index, article in enumerate(articles)
    )
    return [article.slug for article in reversed(articles)]


@pytest.fixture
def hub_with(make_condition, make_article):
    def make(count: int, name: str = "Castleman disease", **condition_fields):
        hub = make_condition(name=name, **condition_fields)
        return hub, _curate(hub, [make_article() for _ in range(count)])

    return make


def test_a_hub_with_more_guides_shows_the_first_ones_and_links_to_all(client, hub_with):
    hub, slugs = hub_with(HUB_GUIDES + 3)

    html = client.get(hub.get_absolute_url()).content.decode()
    guides = _section(html, 'id="guides-heading"', "</section>")

    assert CARD_TITLE.findall(guides) == slugs[:HUB_GUIDES]
    assert f'<a href="{_guides_url(hub)}">All {HUB_GUIDES + 3} guides on Castleman disease</a>' in guides


def test_a_hub_with_few_guides_shows_them_all_without_a_link(client, hub_with):
    hub, slugs = hub_with(HUB_GUIDES)

    html = client.get(hub.get_absolute_url()).content.decode()

    assert CARD_TITLE.findall(_section(html, 'id="guides-heading"', "</section>")) == slugs
    assert _guides_url(hub) not in html


def test_the_hub_counts_only_published_guides(client, hub_with, make_article, make_curated_guide):
    hub, slugs = hub_with(HUB_GUIDES)
    make_curated_guide(hub, make_article(status=Status.DRAFT), position=0)
    make_curated_guide(hub, make_article(published_at=FUTURE), position=0)

    html = client.get(hub.get_absolute_url()).content.decode()

    assert CARD_TITLE.findall(_section(html, 'id="guides-heading"', "</section>")) == slugs
    assert _guides_url(hub) not in html


def test_more_on_this_topic_leaves_out_every_curated_guide(client, hub_with, make_article):
    hub, slugs = hub_with(HUB_GUIDES + 3)
    for slug in slugs:
        CuratedGuide.objects.get(article__slug=slug).article.conditions.add(hub)
    make_article(title="Only linked").conditions.add(hub)

    html = client.get(hub.get_absolute_url()).content.decode()
    more = _section(html, 'id="more-heading"', "</section>")

    assert "Only linked" in more
    assert not any(f"/articles/{slug}/" in more for slug in slugs)


def test_the_guides_page_lists_every_published_guide_in_order_across_pages(
    client, hub_with, make_article, make_curated_guide
):
    hub, slugs = hub_with(ITEMS_PER_PAGE + 5)
    make_curated_guide(hub, make_article(title="Hidden draft", status=Status.DRAFT))
    make_curated_guide(hub, make_article(title="Hidden scheduled", published_at=FUTURE))

    first = client.get(_guides_url(hub)).content.decode()
    second = client.get(_guides_url(hub, 2)).content.decode()

    assert CARD_TITLE.findall(_section(first, "<main", "</main>")) == slugs[:ITEMS_PER_PAGE]
    assert CARD_TITLE.findall(_section(second, "<main", "</main>")) == slugs[ITEMS_PER_PAGE:]
    assert "<title>Guides on Castleman disease" in first
    assert "<h1>Guides on Castleman disease</h1>" in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    breadcrumbs = _section(first, 'class="breadcrumbs"', "</nav>")
    assert re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)", breadcrumbs) == [
        "Home",
        "Conditions",
        "Castleman disease",
        "Guides",
    ]
    assert f'href="{hub.get_absolute_url()}"' in breadcrumbs
    for html in (first, second):
        assert "Hidden draft" not in html and "Hidden scheduled" not in html


def test_the_guides_page_shows_the_editors_notes(client, make_condition, make_article, make_curated_guide):
    hub = make_condition()
    make_curated_guide(hub, make_article(), note="Read this before your first cycle.")

    assert "Read this before your first cycle." in client.get(_guides_url(hub)).content.decode()


def test_the_guides_page_lists_only_this_conditions_guides(client, hub_with, make_condition, make_article):
    hub, _ = hub_with(2)
    other = make_condition()
    _curate(other, [make_article(title="About another condition")])

    assert "About another condition" not in client.get(_guides_url(hub)).content.decode()


@pytest.mark.parametrize("page", ["0", "3", "-1", "999999999999999999999", "abc", "1.5", "last"])
def test_a_page_out_of_range_or_not_a_number_is_a_404(client, hub_with, page):
    hub, _ = hub_with(ITEMS_PER_PAGE + 5)

    response = client.get(_guides_url(hub) + f"?page={page}")

    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()


@pytest.mark.parametrize(
    "unpublished", [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]
)
def test_the_guides_page_of_an_unpublished_condition_is_a_404(client, hub_with, unpublished):
    hub, _ = hub_with(HUB_GUIDES + 3, **unpublished)

    assert client.get(_guides_url(hub)).status_code == 404
    assert client.get(_guides_url(hub, 2)).status_code == 404


def test_staff_preview_the_guides_page_of_a_draft_uncached(admin_client, hub_with):
    hub, _ = hub_with(3, status=Status.DRAFT)

    response = admin_client.get(_guides_url(hub))

    assert response.status_code == 200
    assert "This page is not public" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"].startswith("noindex")


def test_a_renamed_condition_s_guides_page_answers_301(client, hub_with):
    hub, _ = hub_with(ITEMS_PER_PAGE + 5, slug="old-name")
    old_url = _guides_url(hub, 2)
    hub.slug = "new-name"
    hub.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == "/conditions/new-name/guides/?page=2"
    assert client.get(response["Location"]).status_code == 200


def test_the_guides_page_is_served_from_the_page_cache(client, settings, hub_with):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    hub, _ = hub_with(ITEMS_PER_PAGE + 5)

    first = client.get(_guides_url(hub, 2) + "&utm_source=x")
    second = client.get(_guides_url(hub, 2))

    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert client.get(_guides_url(hub))["X-Cache"] == "miss"  # another page is another entry


@pytest.mark.parametrize("count", [5, 60])
def test_guides_page_query_count_does_not_grow_with_guides(client, django_assert_num_queries, hub_with, count):
    hub, _ = hub_with(count)

    # 1 the published condition, 2 the count of its published guides, 3 a page of them with
    # articles and authors, 4 the condition's published language versions (hreflang).
    with django_assert_num_queries(4):
        response = client.get(_guides_url(hub, 2 if count > ITEMS_PER_PAGE else None))

    assert response.status_code == 200


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_of_the_hub_and_the_guides_page_do_not_grow_with_guides(client, hub_with):
    few, _ = hub_with(5)
    many, _ = hub_with(60, name="Many guides")

    assert _queries(client, few.get_absolute_url()) == _queries(client, many.get_absolute_url())
    assert _queries(client, _guides_url(few)) == _queries(client, _guides_url(many))
    assert _queries(client, _guides_url(many)) == _queries(client, _guides_url(many, 3))


def test_a_hub_with_500_guides_stays_small(client, make_condition, make_author):
    hub = make_condition(name="POEMS syndrome")
    create_generated_articles(make_author(), 500)
    _curate(hub, list(Article.objects.order_by("pk")))

    response = client.get(hub.get_absolute_url())

    assert response.status_code == 200
    assert len(response.content) < 60_000
    assert "All 500 guides on POEMS syndrome" in response.content.decode()

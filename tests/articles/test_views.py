import datetime

import pytest
from django.utils import timezone

from articles.models import Source
from portal.models import Status

FUTURE = timezone.now() + datetime.timedelta(days=7)
LONG_BODY = "\n\n".join(f"## Part {n}\n\n" + "word " * 150 for n in range(1, 5))


def test_article_page_shows_authorship_dates_and_sources(
    client, make_article, make_author, make_condition, make_medication
):
    article = make_article(
        title="Gabapentin Dosage Guide",
        kind="dosage_guide",
        author=make_author(name="Tomasz Nowak", credentials="MD, neurologist"),
        reviewed_by=make_author(name="Amira Haddad", credentials="MD, haematologist"),
        last_reviewed=datetime.date(2025, 10, 1),
        body=LONG_BODY + "\n\nSee [gabapentin](medication:gabapentin).",
    )
    article.tags.add("nerve pain")
    article.conditions.add(make_condition(name="Polyneuropathy", slug="polyneuropathy"))
    article.medications.add(make_medication(slug="gabapentin", name="gabapentin"))
    Source.objects.create(article=article, title="Gabapentin", publisher="NHS", url="https://www.nhs.uk/")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<h1>Gabapentin Dosage Guide</h1>" in html
    assert "Dosage guide" in html
    assert "Tomasz Nowak</a>, MD, neurologist" in html
    assert "Medically reviewed by" in html and "Amira Haddad</a>, MD, haematologist" in html
    assert 'Published <time datetime="2025-10-18">18 October 2025</time>' in html
    assert 'reviewed <time datetime="2025-10-01">1 October 2025</time>' in html
    assert "3 min read" in html
    assert '<a href="#part-1">Part 1</a>' in html  # table of contents
    assert '<a href="/tags/nerve-pain/">nerve pain</a>' in html
    assert '<a href="/medications/gabapentin/">gabapentin</a>' in html
    assert '<a href="/conditions/polyneuropathy/">Polyneuropathy</a>' in html
    assert '<a href="https://www.nhs.uk/">Gabapentin</a>. NHS' in html
    assert "not medical advice" in html  # the one disclaimer, in the footer


def test_short_articles_have_no_table_of_contents(client, make_article):
    html = client.get(make_article(body="## Only one\n\nShort.").get_absolute_url()).content.decode()

    assert "On this page" not in html


@pytest.mark.parametrize("count", [5, 100])
def test_article_page_query_count_does_not_grow(
    client, django_assert_num_queries, make_article, make_condition, make_medication, count
):
    article = make_article(reviewed_by=make_article().author)
    article.tags.add(*[f"tag {i}" for i in range(count)])
    for index in range(count):
        article.conditions.add(make_condition())
        article.medications.add(make_medication())
        Source.objects.create(article=article, title=f"Source {index}")

    # 1 article with author and reviewer, 2 tags, 3 sources, 4 published conditions, 5 their codes,
    # 6 published medications, 7 their brand names, 8 their codes, 9 published glossary terms,
    # 10 related articles with authors, 11 the article's published language versions (hreflang).
    with django_assert_num_queries(11):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize(
    "unpublished", [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]
)
def test_unpublished_articles_are_hidden_everywhere(client, make_article, make_author, unpublished):
    author = make_author(slug="writer")
    article = make_article(title="Not for patients", author=author, **unpublished)
    article.tags.add("secret")

    assert client.get(article.get_absolute_url()).status_code == 404
    for url in ["/", "/articles/", "/authors/writer/", "/tags/secret/", f"/articles/?kind={article.kind}"]:
        assert "Not for patients" not in client.get(url).content.decode(), url


@pytest.mark.parametrize("count", [10, 200])
def test_article_list_is_paginated_with_bounded_queries(client, django_assert_num_queries, make_article, count):
    for index in range(count):
        make_article(title=f"Article {index:03d}", published_at=timezone.now() - datetime.timedelta(hours=index))

    # 1 count for the paginator, 2 the page of articles with their authors.
    with django_assert_num_queries(2):
        html = client.get("/articles/").content.decode()

    assert "Article 000" in html
    assert html.count('<article class="card">') == min(count, 20)
    assert ("Page 1 of" in html) == (count > 20)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1.5", "%00", "", "2" * 40])
def test_bad_page_numbers_never_fail(client, make_article, page):
    for _ in range(25):
        make_article()

    response = client.get("/articles/", {"page": page})

    assert response.status_code in {200, 404}


def test_filter_by_kind_and_tag(client, make_article):
    make_article(title="A comparison", kind="drug_comparison").tags.add("diuretics")
    make_article(title="A guide", kind="guide").tags.add("diuretics")

    by_kind = client.get("/articles/", {"kind": "drug_comparison"}).content.decode()
    by_tag = client.get("/articles/", {"tag": "diuretics", "kind": "guide"}).content.decode()

    assert "A comparison" in by_kind and "A guide" not in by_kind
    assert "A guide" in by_tag and "A comparison" not in by_tag


def test_unknown_kind_is_a_clear_400_and_unknown_tag_lists_nothing(client, make_article):
    make_article(title="Visible")

    bad_kind = client.get("/articles/", {"kind": "<script>"})
    unknown_tag = client.get("/articles/", {"tag": "nothing-like-this"})

    assert bad_kind.status_code == 400
    assert "no such kind of article" in bad_kind.content.decode()
    assert "<script>" not in bad_kind.content.decode()
    assert unknown_tag.status_code == 200 and "Visible" not in unknown_tag.content.decode()


def test_author_page_lists_their_published_articles(client, django_assert_num_queries, make_article, make_author):
    author = make_author(slug="ruaridh-wood", name="Ruaridh Wood", credentials="MPharm")
    for index in range(12):
        make_article(title=f"By Ruaridh {index}", author=author)

    # 1 author, 2 their published articles.
    with django_assert_num_queries(2):
        html = client.get("/authors/ruaridh-wood/").content.decode()

    assert "<h1>Ruaridh Wood</h1>" in html and "MPharm" in html
    assert html.count('<article class="card">') == 12


def test_tag_page_and_unknown_slugs(client, django_assert_num_queries, make_article):
    for index in range(30):
        make_article(title=f"Tagged {index}").tags.add("self-care")

    # 1 tag, 2 count, 3 the page of articles with authors.
    with django_assert_num_queries(3):
        html = client.get("/tags/self-care/").content.decode()

    assert "30 articles" in html and html.count('<article class="card">') == 20
    assert client.get("/tags/no-such-tag/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404
    assert client.get("/articles/nothing/").status_code == 404


@pytest.mark.parametrize(
    "unpublished", [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]
)
def test_a_tag_used_only_by_unpublished_articles_does_not_exist(client, make_article, unpublished):
    make_article(title="Not for patients", **unpublished).tags.add("Unannounced trial")
    make_article(title="Visible").tags.add("self-care")

    tag_page = client.get("/tags/unannounced-trial/")
    filtered = client.get("/articles/", {"tag": "unannounced-trial"}).content.decode()

    assert tag_page.status_code == 404
    assert "Unannounced trial" not in tag_page.content.decode()
    assert "Unannounced trial" not in filtered and "Visible" not in filtered

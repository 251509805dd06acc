import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from medications.models import BrandName
from portal.models import Status
from portal.search import engine as search
from tests.conftest import create_generated_articles


@pytest.fixture
def catalogue(make_condition, make_medication, make_article):
    make_condition(
        slug="poems-syndrome", name="POEMS syndrome", short_name="POEMS", also_known_as="Crow–Fukase syndrome"
    )
    make_medication(slug="gabapentin", name="gabapentin", drug_class="gabapentinoid", brands=("Neurontin",))
    make_medication(slug="spironolactone", name="spironolactone", brands=("Aldactone",))
    make_article(title="Comparing diuretics").tags.add("fluid")
    make_article(title="Secret diuretic draft", status=Status.DRAFT)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neurontin", "/medications/gabapentin/"),
        ("gabapentinoid", "/medications/gabapentin/"),
        ("ALDACTONE", "/medications/spironolactone/"),
        ("poems", "/conditions/poems-syndrome/"),
        ("Crow–Fukase", "/conditions/poems-syndrome/"),
        ("diuretics", "Comparing diuretics"),
        ("fluid", "Comparing diuretics"),
    ],
)
def test_search_finds_names_brands_aliases_and_titles(client, catalogue, query, expected):
    html = client.get("/search/", {"q": query}).content.decode()

    assert expected in html


def test_snippets_show_the_summary_alone(client, catalogue):
    html = client.get("/search/", {"q": "gabapentinoid"}).content.decode()

    assert "Summary of gabapentin." in html and "gabapentin. gabapentinoid" not in html


def test_search_never_finds_drafts(client, catalogue):
    html = client.get("/search/", {"q": "secret"}).content.decode()

    assert "Secret diuretic draft" not in html
    assert "We found nothing for" in html


@pytest.mark.parametrize(
    "query",
    ["", " ", "\x01", "a\x1fb", "' OR 1=1 --", '"', "\\", "%", "_", "a & !b | c:*", "<script>alert(1)</script>"],
)
def test_hostile_search_input_gets_a_clear_answer(client, catalogue, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_search_is_a_400_with_a_message(client, db):
    response = client.get("/search/", {"q": "x" * 1000})

    assert response.status_code == 400
    assert "limited to 200 characters" in response.content.decode()


def test_broken_percent_encoding_is_not_an_error(client, db):
    response = client.get("/search/?q=%E0%A4%A")

    assert response.status_code == 200


on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking and trigram similarity need PostgreSQL"
)


def _first_result(client, query: str) -> str:
    html = client.get("/search/", {"q": query}).content.decode()
    match = re.search(r'<li class="result result-\w+">\s*<p class="kind">[^<]*</p>\s*<h3><a href="([^"]+)"', html)
    assert match, f"no result for {query!r}"
    return match[1]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@on_postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neurontin", "/medications/gabapentin/"),
        ("gabapentine", "/medications/gabapentin/"),
        ("gabapentn", "/medications/gabapentin/"),
        ("aldactone", "/medications/spironolactone/"),
        ("Aldacton", "/medications/spironolactone/"),
        ("poems", "/conditions/poems-syndrome/"),
        ("POEMS syndrome", "/conditions/poems-syndrome/"),
        ("crow fukase", "/conditions/poems-syndrome/"),
        ("lenalidomid", "/medications/lenalidomide/"),
        ("revlimid", "/medications/lenalidomide/"),
    ],
)
def test_typos_and_brand_names_find_the_right_page_first(client, demo, query, expected):
    assert _first_result(client, query) == expected


@on_postgres
def test_titles_outrank_bodies(client, make_article):
    make_article(slug="body-only", title="Everyday tips", body="Some words about hydration here.")
    make_article(slug="in-title", title="Hydration during treatment", body="Drink steadily.")

    assert _first_result(client, "hydration") == "/articles/in-title/"


@on_postgres
def test_web_search_syntax_is_understood(client, make_article):
    make_article(slug="with-both", title="Nerve pain and sleep")
    make_article(slug="pain-only", title="Nerve pain at night")

    html = client.get("/search/", {"q": "nerve pain -sleep"}).content.decode()

    assert "/articles/pain-only/" in html and "/articles/with-both/" not in html


@on_postgres
@pytest.mark.parametrize("query", ["neurontin", "gabapentine", "hydration"])
def test_the_query_plan_uses_the_search_indexes(corpus, make_medication, make_article, query):
    make_medication(slug="gabapentin", name="gabapentin", brands=("Neurontin",))
    make_article(title="Hydration during treatment")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchdocument")

    plan = search.search_documents(query).explain()

    assert "Seq Scan on portal_searchdocument" not in plan, plan
    assert "portal_search_vector_gin" in plan and "portal_search_names_trgm" in plan, plan


def test_snippets_are_highlighted_and_escaped(client, make_article):
    make_article(title="Diuretic basics", summary="Diuretics <b>help</b> the body clear fluid.")

    html = client.get("/search/", {"q": "fluid"}).content.decode()

    assert "<mark>fluid</mark>" in html
    assert "<b>help</b>" not in html and "help" in html


def test_results_are_labelled_by_type_and_paginated(client, make_article, make_condition):
    make_condition(name="Fluid retention")
    for index in range(25):
        make_article(title=f"Fluid guide {index}")

    first = client.get("/search/", {"q": "fluid"}).content.decode()
    second = client.get("/search/", {"q": "fluid", "page": "2"}).content.decode()

    assert "26 results" in first
    assert '<p class="kind">Condition</p>' in first + second and '<p class="kind">Guide</p>' in first
    assert first.count('<li class="result ') == 20 and second.count('<li class="result ') == 6
    assert 'href="?q=fluid&amp;page=2"' in first


def test_a_changed_brand_name_is_found_at_once(client, make_medication):
    medication = make_medication(slug="furosemide", name="furosemide")
    BrandName.objects.create(medication=medication, name="Frusol")

    assert "/medications/furosemide/" in client.get("/search/", {"q": "frusol"}).content.decode()


def test_a_page_that_goes_back_to_draft_disappears_from_search(client, make_article):
    article = make_article(title="Withdrawn advice")
    article.status = Status.DRAFT
    article.save()

    assert "Withdrawn advice" not in client.get("/search/", {"q": "withdrawn"}).content.decode()


@pytest.fixture
def corpus(make_author):
    """5,000 published articles, indexed in bulk."""
    create_generated_articles(make_author(), 5000)
    assert search.rebuild() == 5000


def test_search_of_a_large_corpus_has_bounded_queries(client, django_assert_max_num_queries, corpus):
    # 1 paginator count, 2 the page of documents, 3 the articles behind them with authors.
    with django_assert_max_num_queries(3):
        response = client.get("/search/", {"q": "fluid"})

    html = response.content.decode()
    assert "More than 1000 results; the best 1000 are shown" in html
    assert "Page 1 of 50" in html  # 20 a page


def test_a_search_with_fewer_matches_than_the_cap_counts_them_all(client, make_author, settings):
    create_generated_articles(make_author(), 30)
    search.rebuild()

    assert "30 results" in client.get("/search/", {"q": "fluid"}).content.decode()


def test_the_result_count_counts_only_published_items(client, make_article):
    for index in range(3):
        make_article(title=f"Salt guide {index}")
    for unpublished in (
        {"status": Status.DRAFT},
        {"status": Status.ARCHIVED},
        {"published_at": timezone.now() + datetime.timedelta(days=7)},
    ):
        make_article(title="Salt guide withdrawn", **unpublished)

    html = client.get("/search/", {"q": "salt"}).content.decode()

    assert "3 results" in html
    assert html.count("Salt guide") == 3 and "withdrawn" not in html

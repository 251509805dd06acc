"""Typos and brand names find the right page on every database: SQLite (make run's
default) as well as PostgreSQL."""

import pytest
from django.core.management import call_command

from tests.portal.search.test_search import _first_result


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gabapentn", "/medications/gabapentin/"),
        ("neurotin", "/medications/gabapentin/"),
        ("crow fukase", "/conditions/poems-syndrome/"),
        ("crow-fukase", "/conditions/poems-syndrome/"),
        ("Aldacton", "/medications/spironolactone/"),
        ("lenalidomid", "/medications/lenalidomide/"),
        ("neurontin", "/medications/gabapentin/"),
    ],
)
def test_typos_find_the_right_page_first(client, demo, query, expected):
    assert _first_result(client, query) == expected


def test_a_typo_does_not_find_everything(client, demo):
    html = client.get("/search/", {"q": "gabapentn"}).content.decode()

    assert "/medications/furosemide/" not in html
    assert "/conditions/poems-syndrome/" not in html

"""Caches keyed by language: the page cache, the parts rendered once and ETags. A Spanish change
never serves a stale English page, nor the reverse."""

import pytest
from django.core.cache import cache

from portal.publishing import working_copies
from tests.languages.test_content import spanish


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.RENDERED_ONCE_SECONDS = 60
    cache.clear()
    return settings


@pytest.fixture
def hub(make_condition):
    hub = make_condition(name="POEMS syndrome", slug="poems-syndrome", summary="A rare condition of the blood.")
    hub_es = spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una enfermedad rara de la sangre.")
    return hub, hub_es


def test_a_list_rendered_once_is_kept_apart_per_language(client, cached, hub):
    english = client.get("/conditions/").content.decode()
    spanish_page = client.get("/es/condiciones/").content.decode()
    assert "POEMS syndrome" in english and "Síndrome POEMS" not in english
    assert "Síndrome POEMS" in spanish_page and ">POEMS syndrome<" not in spanish_page
    again = client.get("/conditions/")
    assert again["X-Cache"] == "hit" and again.content.decode() == english


def test_the_etags_of_the_two_languages_differ(client, cached, hub):
    english, spanish_page = client.get("/conditions/poems-syndrome/"), client.get("/es/condiciones/sindrome-poems/")
    assert english["ETag"] != spanish_page["ETag"]
    not_modified = client.get("/es/condiciones/sindrome-poems/", headers={"if-none-match": english["ETag"]})
    assert not_modified.status_code == 200  # the English tag does not validate the Spanish page


def test_a_spanish_working_copy_approved_leaves_the_english_page_right(client, cached, approve, hub):
    source, version = hub
    english_before = client.get("/conditions/poems-syndrome/")
    client.get("/es/condiciones/sindrome-poems/")
    assert client.get("/conditions/poems-syndrome/")["X-Cache"] == "hit"

    snapshot = working_copies.capture(version)
    snapshot["records"][0]["fields"]["summary"] = "Una enfermedad rara de la sangre y los nervios."
    working_copies.save_copy(version, snapshot, None)
    assert "y los nervios" not in client.get("/es/condiciones/sindrome-poems/").content.decode()  # not yet approved

    approve(version)

    spanish_after = client.get("/es/condiciones/sindrome-poems/").content.decode()
    english_after = client.get("/conditions/poems-syndrome/")
    assert "y los nervios" in spanish_after
    assert english_after.status_code == 200
    assert english_after.content == english_before.content  # the English page is as it was
    assert "y los nervios" not in english_after.content.decode()


def test_an_english_change_reaches_the_spanish_pages_that_show_it(client, cached, hub, make_condition):
    other = make_condition(name="Organomegaly", slug="organomegaly", definition="Enlarged organs.")
    assert "Enlarged organs." in client.get("/es/condiciones/").content.decode()
    other.definition = "Organs larger than usual."
    other.save()
    html = client.get("/es/condiciones/").content.decode()
    assert "Organs larger than usual." in html and "Enlarged organs." not in html

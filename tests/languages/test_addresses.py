"""Spanish pages under /es/ with Spanish path words; the switcher and hreflang alternates."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import Status
from tests.languages.test_content import spanish


@pytest.fixture
def hub(make_condition):
    return make_condition(name="POEMS syndrome", slug="poems-syndrome", summary="A rare condition.")


@pytest.fixture
def hub_es(hub):
    return spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una enfermedad rara.")


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_the_spanish_version_lives_under_es_with_spanish_path_words(client, hub_es):
    assert hub_es.get_absolute_url() == "/es/condiciones/sindrome-poems/"
    response = client.get("/es/condiciones/sindrome-poems/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Síndrome POEMS" in html
    assert response["Content-Language"] == "es"


def test_english_addresses_stay_where_they_were(client, hub, hub_es):
    assert hub.get_absolute_url() == "/conditions/poems-syndrome/"
    response = client.get("/conditions/poems-syndrome/")
    assert response.status_code == 200
    assert '<html lang="en-GB">' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/es/conditions/sindrome-poems/",  # English path words
        "/es/condiciones/poems-syndrome/",  # the English slug
        "/conditions/sindrome-poems/",  # the Spanish slug without the prefix
        "/condiciones/sindrome-poems/",
    ],
)
def test_mixed_addresses_are_not_found(client, hub_es, path):
    assert client.get(path).status_code == 404


def test_the_switcher_and_hreflang_are_reciprocal(client, hub, hub_es):
    english = client.get("/conditions/poems-syndrome/").content.decode()
    spanish_page = client.get("/es/condiciones/sindrome-poems/").content.decode()
    expected = {
        "en": "http://testserver/conditions/poems-syndrome/",
        "es": "http://testserver/es/condiciones/sindrome-poems/",
        "x-default": "http://testserver/conditions/poems-syndrome/",
    }
    assert alternates(english) == expected
    assert alternates(spanish_page) == expected
    assert 'href="http://testserver/es/condiciones/sindrome-poems/" hreflang="es" lang="es">Español</a>' in english
    assert 'href="http://testserver/conditions/poems-syndrome/" hreflang="en" lang="en">English</a>' in spanish_page


def test_an_unpublished_version_is_neither_linked_nor_an_alternate(client, hub, hub_es):
    hub_es.status = Status.DRAFT
    hub_es.save()
    english = client.get("/conditions/poems-syndrome/").content.decode()
    assert alternates(english) == {}
    assert "sindrome-poems" not in english
    assert client.get("/es/condiciones/sindrome-poems/").status_code == 404


def test_a_sub_page_of_an_item_links_to_the_same_sub_page(client, hub, hub_es):
    html = client.get("/es/condiciones/sindrome-poems/guias/").content.decode()
    assert alternates(html)["en"] == "http://testserver/conditions/poems-syndrome/guides/"


def test_lists_exist_in_every_language(client, hub, hub_es):
    html = client.get("/es/condiciones/").content.decode()
    assert alternates(html) == {
        "en": "http://testserver/conditions/",
        "es": "http://testserver/es/condiciones/",
        "x-default": "http://testserver/conditions/",
    }


def test_a_spanish_list_marks_an_item_with_no_spanish_version_as_english(client, hub_es, make_condition):
    make_condition(name="Organomegaly", slug="organomegaly", definition="Enlarged organs.")
    html = client.get("/es/condiciones/").content.decode()
    assert '<a href="/es/condiciones/sindrome-poems/">Síndrome POEMS</a>' in html
    entry = re.search(r'<li lang="en"><a href="/conditions/organomegaly/">Organomegaly</a>[^\n]*', html)
    assert entry is not None, html
    assert '<span class="other-language" lang="es">(en inglés)</span>' in entry.group(0)


def test_the_header_and_urls_follow_the_page_language(client, hub_es):
    html = client.get("/es/").content.decode()
    assert 'href="/es/condiciones/"' in html
    assert 'action="/es/buscar/"' in html
    with translation.override("es"):
        assert reverse("medications:compare") == "/es/medicamentos/comparar/"

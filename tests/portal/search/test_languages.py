"""Search per language: each document knows its language; a Spanish search shows Spanish
pages first, then English pages of items with no published Spanish version, marked as
English; an English search shows English pages only. Accents never matter in Spanish: on
PostgreSQL through the Spanish text-search configuration with unaccent, on SQLite by
folding accents away."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from medications.models import BrandName
from portal.models import SearchDocument, Status
from portal.search import engine as search
from portal.search.sqlite import fold
from tests.conftest import create_generated_articles
from tests.portal.search.test_search import on_postgres

SPANISH_SEARCH = "/es/buscar/"


def spanish(source, **fields):
    """A Spanish version of `source`, published and signed off unless told otherwise."""
    fields.setdefault("status", Status.PUBLISHED)
    if hasattr(source, "author_id"):
        fields.setdefault("author_id", source.author_id)
    obj = type(source)(translation_of=source, language="es", **fields)
    obj._signed_off = True
    obj.save()
    return obj


def results(html: str) -> list[tuple[str, str]]:
    """(address, the title element's markup) of each result, in order."""
    return re.findall(
        r'<li class="result result-\w+">\s*<p class="kind">[^<]*</p>\s*<h3([^>]*)><a href="([^"]+)"', html
    )


def addresses(html: str) -> list[str]:
    return [address for _attributes, address in results(html)]


@pytest.fixture
def bilingual(make_condition, make_article):
    """The POEMS hub in both languages; an English item about POEMS with no Spanish version
    (its exact name is what is searched for); a Spanish page about nerve damage."""
    hub = make_condition(slug="poems-syndrome", name="POEMS syndrome", summary="A rare disease of plasma cells.")
    spanish(
        hub,
        slug="sindrome-poems",
        name="Síndrome POEMS",
        summary="Una enfermedad rara de las células plasmáticas.",
    )
    make_condition(slug="poems", name="POEMS", summary="The short name, in English only.")
    nerves = make_condition(slug="peripheral-neuropathy", name="Peripheral neuropathy", summary="Damaged nerves.")
    spanish(
        nerves,
        slug="neuropatia-periferica",
        name="Neuropatía periférica",
        summary="La neuropatía periférica daña un nervio de los brazos o las piernas.",
    )
    living = make_article(slug="living-with-neuropathy", title="Living with neuropathy", summary="Day to day.")
    spanish(living, slug="vivir-con-neuropatia", title="Vivir con neuropatía", summary="Día a día.")
    draft = make_article(slug="poems-draft-source", title="POEMS treatment plan")
    spanish(draft, slug="plan-poems", title="Plan de tratamiento del POEMS borrador", status=Status.DRAFT)


def test_each_document_knows_its_language(bilingual):
    languages = dict(SearchDocument.objects.values_list("title", "language"))

    assert languages["POEMS syndrome"] == "en" and languages["Síndrome POEMS"] == "es"

    search.rebuild()

    assert dict(SearchDocument.objects.values_list("title", "language")) == languages


def test_a_spanish_search_shows_spanish_pages_first_then_english_ones_marked(client, bilingual):
    html = client.get(SPANISH_SEARCH, {"q": "poems"}).content.decode()
    found = results(html)
    in_english = ['lang="en"' in attributes for attributes, _address in found]

    assert in_english == sorted(in_english), "a Spanish page after an English one"
    assert [address for (_attributes, address), english in zip(found, in_english, strict=True) if not english] == [
        "/es/condiciones/sindrome-poems/"
    ]
    # The English item named exactly "POEMS" comes after every Spanish page; the English hub
    # is not shown, as its Spanish version is; the Spanish draft is not, its source is.
    assert {address for (_attributes, address), english in zip(found, in_english, strict=True) if english} == {
        "/conditions/poems/",
        "/articles/poems-draft-source/",
    }
    assert addresses(html)[0] == "/es/condiciones/sindrome-poems/"
    assert html.count("(en inglés)") == 2
    assert '<span class="other-language" lang="es">(en inglés)</span>' in html
    assert "/conditions/poems-syndrome/" not in html and "borrador" not in html


def test_an_english_search_shows_english_pages_only(client, bilingual):
    html = client.get("/search/", {"q": "poems"}).content.decode()

    assert addresses(html)[0] == "/conditions/poems/"  # the exact name first, as before
    assert set(addresses(html)) == {
        "/conditions/poems/",
        "/conditions/poems-syndrome/",
        "/articles/poems-draft-source/",
    }
    assert all(attributes == "" for attributes, _address in results(html)) and "other-language" not in html
    by_spanish_word = client.get("/search/", {"q": "síndrome"}).content.decode()
    assert "/es/" not in " ".join(addresses(by_spanish_word)) and "Síndrome POEMS" not in by_spanish_word


def test_drafts_never_appear_in_either_language(client, bilingual):
    for address in ("/search/", SPANISH_SEARCH):
        html = client.get(address, {"q": "borrador"}).content.decode()
        assert addresses(html) == []


@pytest.mark.parametrize(
    "query", ["neuropatia", "NEUROPATIA", "neuropatía", "Neuropatia periferica", "neuropatia periferca"]
)
def test_spanish_names_are_found_without_accents_and_with_typos(client, bilingual, query):
    assert addresses(client.get(SPANISH_SEARCH, {"q": query}).content.decode())[0] == (
        "/es/condiciones/neuropatia-periferica/"
    )


@pytest.mark.parametrize("query", ["con neuropatia", "DIA A DIA", "vivir con neuropatía"])
def test_spanish_titles_and_summaries_are_found_without_accents(client, bilingual, query):
    # An article has no names (no typo matching): only accent folding finds it on SQLite.
    assert "/es/articulos/vivir-con-neuropatia/" in addresses(client.get(SPANISH_SEARCH, {"q": query}).content.decode())


def test_words_found_without_accents_are_highlighted_with_them(client, bilingual):
    html = client.get(SPANISH_SEARCH, {"q": "neuropatia"}).content.decode()

    assert "<mark>neuropatía</mark>" in html.lower()


def test_folding_takes_accents_and_case_away_and_nothing_else():
    assert fold("Neuropatía PERIFÉRICA, niño, pingüino, Sjögren") == "neuropatia periferica, nino, pinguino, sjogren"
    assert fold("Crow–Fukase") == "crow–fukase"


def test_a_spanish_search_and_an_english_one_are_kept_apart(client, bilingual, settings):
    settings.RENDERED_ONCE_SECONDS = 60
    english = client.get("/search/", {"q": "poems"}).content.decode()
    spanish_page = client.get(SPANISH_SEARCH, {"q": "poems"}).content.decode()

    assert "/es/condiciones/sindrome-poems/" in spanish_page and "/es/condiciones/sindrome-poems/" not in english
    assert "/conditions/poems-syndrome/" in client.get("/search/", {"q": "poems"}).content.decode()


def _queries(client, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SPANISH_SEARCH, {"q": query}).status_code == 200
    return len(queries)


def test_a_spanish_search_has_the_same_queries_for_few_or_many_results(
    client, settings, make_condition, make_medication, make_article
):
    settings.RENDERED_ONCE_SECONDS = 0

    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            condition = make_condition(slug=f"fatiga-en-{index}", name=f"Fatigue {index}", summary="fatiga")
            spanish(condition, slug=f"fatiga-{index}", name=f"Fatiga {index}", summary="fatiga")
            make_condition(slug=f"solo-{index}", name=f"Tiredness {index}", summary="fatiga in English")
            medication = make_medication(slug=f"med-{index}", name=f"medicine {index}", brands=(f"Brand {index}",))
            spanish(medication, slug=f"med-es-{index}", name=f"medicamento {index}", summary="fatiga")
            make_medication(slug=f"med-en-{index}", name=f"english medicine {index}", summary="fatiga")
            article = make_article(slug=f"guide-{index}", title=f"Guide {index}", summary="fatiga")
            spanish(article, slug=f"guia-{index}", title=f"Guía {index}", summary="fatiga")

    add(1, 0)
    few = _queries(client, "fatiga")
    add(4, 1)
    many = _queries(client, "fatiga")

    html = client.get(SPANISH_SEARCH, {"q": "fatiga"}).content.decode()
    assert "25 resultados" in html
    assert few == many


def test_the_api_search_is_in_english_unless_told_otherwise(client, bilingual):
    items = client.get("/api/v1/search", {"q": "poems"}).json()["items"]

    assert {item["url"].removeprefix("http://testserver") for item in items} == {
        "/conditions/poems/",
        "/conditions/poems-syndrome/",
        "/articles/poems-draft-source/",
    }


def test_search_documents_follow_the_active_language(bilingual):
    with translation.override("es"):
        spanish_titles = [document.title for document in search.search_documents("poems")]
    english_titles = [document.title for document in search.search_documents("poems", language="en")]

    assert spanish_titles[0] == "Síndrome POEMS" and "POEMS syndrome" not in spanish_titles
    assert "Síndrome POEMS" not in english_titles


@on_postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neuropatia", "/es/condiciones/neuropatia-periferica/"),
        ("nervios", "/es/condiciones/neuropatia-periferica/"),  # "nervio" in the summary: Spanish stems
        ("celula plasmatica", "/es/condiciones/sindrome-poems/"),  # "células plasmáticas"
        ("enfermedad raras", "/es/condiciones/sindrome-poems/"),  # "enfermedad rara"
    ],
)
def test_spanish_full_text_is_stemmed_and_accent_insensitive(client, bilingual, query, expected):
    assert addresses(client.get(SPANISH_SEARCH, {"q": query}).content.decode())[0] == expected


@on_postgres
def test_spanish_documents_use_the_spanish_configuration_and_english_ones_keep_theirs(bilingual):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT language, vector::text FROM portal_searchdocument WHERE title IN (%s, %s)",
            ["Neuropatía periférica", "Peripheral neuropathy"],
        )
        vectors = dict(cursor.fetchall())
    expected = {
        code: SearchDocument.objects.filter(language=code)
        .annotate(expected=search.weighted_vector(code))
        .values_list("expected", flat=True)
        for code in ("en", "es")
    }

    assert "'neuropati'" in vectors["es"] and "'nervi'" in vectors["es"]  # unaccented, Spanish stems
    assert "'neuropathi'" in vectors["en"] and "'nerv'" in vectors["en"]  # English stems, as before
    assert vectors["en"] in list(expected["en"]) and vectors["es"] in list(expected["es"])
    assert search.search_config("en") == search.SEARCH_CONFIG == "english"


@on_postgres
def test_an_english_search_asks_what_it_asked_before(bilingual):
    with translation.override("en-gb"):
        sql = str(search.search_documents("poems").query)

    assert "english" in sql and "spanish" not in sql and "unaccent" not in sql


@on_postgres
@pytest.mark.parametrize("query", ["neuropatia", "neuropatia periferca", "hidratación"])
def test_a_spanish_search_uses_the_search_indexes(make_author, bilingual, query):
    create_generated_articles(make_author(), 5000)
    search.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchdocument")

    with translation.override("es"):
        plan = search.search_documents(query).explain()

    assert "Seq Scan on portal_searchdocument" not in plan, plan
    assert "portal_search_vector_gin" in plan and "portal_search_names_trgm" in plan, plan


def test_a_brand_name_added_to_the_source_finds_its_spanish_version(client, make_medication):
    medication = make_medication(slug="furosemide", name="furosemide")
    spanish(medication, slug="furosemida", name="furosemida", summary="Un diurético.")
    BrandName.objects.create(medication=medication, name="Frusol")

    assert addresses(client.get(SPANISH_SEARCH, {"q": "frusol"}).content.decode()) == ["/es/medicamentos/furosemida/"]

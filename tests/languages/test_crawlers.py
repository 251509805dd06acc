"""What crawlers and feed readers see in each language: sitemap alternates, a feed per
language, JSON-LD `inLanguage`."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from portal.models import Status
from portal.registry import content_types
from tests.languages.test_content import spanish

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "a": "http://www.w3.org/2005/Atom",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN = "http://testserver"


@pytest.fixture
def hub(make_condition):
    return make_condition(name="POEMS syndrome", slug="poems-syndrome", summary="A rare condition.")


@pytest.fixture
def hub_es(hub):
    return spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una enfermedad rara.")


def spanish_article(article, title: str, slug: str):
    return spanish(article, title=title, slug=slug, summary="Una.", body="Texto.", author=article.author)


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each `<loc>` of the sitemap → its alternates (hreflang → address); each listed once."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries: dict[str, dict[str, str]] = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc not in entries, f"{loc} is listed twice"
        entries[loc] = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
    return entries


def feed(client, path: str) -> tuple[ET.Element, list[dict]]:
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = [
        {
            "title": entry.find("a:title", NS).text,
            "link": entry.find("a:link", NS).get("href"),
            "lang": entry.get(XML_LANG),
        }
        for entry in root.findall("a:entry", NS)
    ]
    return root, entries


def json_ld(html: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(block)


def test_the_versions_of_a_translated_item_list_each_other_in_the_sitemap(client, hub, hub_es):
    entries = sitemap(client)

    expected = {
        "en": f"{ORIGIN}/conditions/poems-syndrome/",
        "es": f"{ORIGIN}/es/condiciones/sindrome-poems/",
        "x-default": f"{ORIGIN}/conditions/poems-syndrome/",
    }
    assert entries[f"{ORIGIN}/conditions/poems-syndrome/"] == expected
    assert entries[f"{ORIGIN}/es/condiciones/sindrome-poems/"] == expected


def test_the_sitemap_carries_the_same_alternates_as_the_page(client, hub, hub_es):
    html = client.get("/es/condiciones/sindrome-poems/").content.decode()
    in_page = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))

    assert sitemap(client)[f"{ORIGIN}/es/condiciones/sindrome-poems/"] == in_page


def test_only_translated_items_carry_alternates(client, hub, hub_es, make_article):
    make_article(title="Living with neuropathy", slug="living-with-neuropathy")

    entries = sitemap(client)

    assert entries[f"{ORIGIN}/articles/living-with-neuropathy/"] == {}
    assert not any("living-with-neuropathy" in loc for loc in entries if loc.startswith(f"{ORIGIN}/es/"))
    assert entries[f"{ORIGIN}/conditions/poems-syndrome/"]  # a sitemap with alternates, not one without any


def test_list_pages_are_listed_in_every_language_with_alternates(client, db):
    entries = sitemap(client)

    expected = {
        "en": f"{ORIGIN}/conditions/",
        "es": f"{ORIGIN}/es/condiciones/",
        "x-default": f"{ORIGIN}/conditions/",
    }
    assert entries[f"{ORIGIN}/conditions/"] == expected
    assert entries[f"{ORIGIN}/es/condiciones/"] == expected
    assert entries[f"{ORIGIN}/es/"]["en"] == f"{ORIGIN}/"


def test_a_spanish_version_only_a_spanish_address(client, make_condition):
    # Published in Spanish while its source is not (archived): a Spanish page, nothing to pair it with.
    source = make_condition(name="Castleman disease", slug="castleman-disease", status=Status.ARCHIVED)
    spanish(source, name="Enfermedad de Castleman", slug="enfermedad-de-castleman", summary="Una.")

    entries = sitemap(client)

    assert entries[f"{ORIGIN}/es/condiciones/enfermedad-de-castleman/"] == {}
    assert not any("castleman-disease" in loc for loc in entries)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, "scheduled"])
def test_an_unpublished_spanish_version_appears_nowhere(client, hub, make_article, status):
    article = make_article(title="Living with POEMS", slug="living-with-poems")
    article.conditions.add(hub)
    versions = [
        spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una."),
        spanish_article(article, "Vivir con POEMS", "vivir-con-poems"),
    ]
    for version in versions:
        if status == "scheduled":
            version.published_at = version.published_at.replace(year=version.published_at.year + 1)
        else:
            version.status = status
        version.save()

    entries = sitemap(client)
    everything = " ".join([*entries, *(href for links in entries.values() for href in links.values())])
    assert "sindrome-poems" not in everything and "vivir-con-poems" not in everything
    assert entries[f"{ORIGIN}/conditions/poems-syndrome/"] == {}
    assert entries[f"{ORIGIN}/articles/living-with-poems/"] == {}

    _root, spanish_feed = feed(client, "/es/canales/articulos/")
    assert spanish_feed == [
        {"title": "Living with POEMS (en inglés)", "link": f"{ORIGIN}/articles/living-with-poems/", "lang": "en"}
    ]
    page = client.get("/conditions/poems-syndrome/").content.decode()
    assert "sindrome-poems" not in page and 'hreflang="x-default"' not in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_sitemap_reads_the_same_number_of_queries_however_many_items(
    client, make_condition, make_article, django_assert_num_queries, count
):
    for index in range(count):
        condition = make_condition(name=f"Condition {index}", slug=f"condition-{index}")
        spanish(condition, name=f"Enfermedad {index}", slug=f"enfermedad-{index}", summary="Una.")
        article = make_article(title=f"Guide {index}", slug=f"guide-{index}")
        spanish_article(article, f"Guía {index}", f"guia-{index}")

    # Whatever the number of items: one per content type in the sitemap (its published
    # versions, which are also their alternates); the list pages need none.
    in_sitemap = [model for model in content_types() if model.sitemap_priority is not None]
    with django_assert_num_queries(len(in_sitemap)):
        entries = sitemap(client)

    translated = [loc for loc, links in entries.items() if re.search(r"/(enfermedad|condition|guia|guide)-\d+/$", loc)]
    assert len(translated) == 4 * count
    assert all(len(entries[loc]) == 3 for loc in translated)


def test_the_spanish_feed_is_in_spanish_and_marks_english_guides(client, make_article):
    translated = make_article(title="Living with POEMS", slug="living-with-poems")
    spanish_article(translated, "Vivir con POEMS", "vivir-con-poems")
    make_article(title="Nerve tests explained", slug="nerve-tests-explained")
    feed(client, "/feeds/articles/")  # the English feed first: the page cache keeps it, by address

    root, entries = feed(client, "/es/canales/articulos/")

    assert root.get(XML_LANG) == "es"
    assert root.find("a:title", NS).text == "Portal de salud: últimas guías"
    assert root.find("a:subtitle", NS).text.startswith("Guías nuevas y actualizadas")
    assert root.find("a:link[@rel='alternate']", NS).get("href") == f"{ORIGIN}/es/articulos/"
    assert sorted(entries, key=lambda entry: entry["title"]) == [
        {
            "title": "Nerve tests explained (en inglés)",
            "link": f"{ORIGIN}/articles/nerve-tests-explained/",
            "lang": "en",
        },
        {"title": "Vivir con POEMS", "link": f"{ORIGIN}/es/articulos/vivir-con-poems/", "lang": None},
    ]


def test_the_english_feed_lists_english_guides_only(client, make_article):
    translated = make_article(title="Living with POEMS", slug="living-with-poems")
    spanish_article(translated, "Vivir con POEMS", "vivir-con-poems")
    feed(client, "/es/canales/articulos/")  # the Spanish feed first: each address has its own copy

    root, entries = feed(client, "/feeds/articles/")

    assert root.get(XML_LANG) == "en-GB"
    assert root.find("a:title", NS).text == "Health portal: latest guides"
    assert entries == [{"title": "Living with POEMS", "link": f"{ORIGIN}/articles/living-with-poems/", "lang": None}]


def _versions(kind, make_condition, make_medication, make_article, make_term):
    """An item of `kind` and its published Spanish version."""
    if kind == "condition":
        item = make_condition(name="POEMS syndrome", slug="poems-syndrome")
        return item, spanish(item, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    if kind == "medication":
        item = make_medication(name="gabapentin", slug="gabapentin")
        return item, spanish(item, name="gabapentina", slug="gabapentina", summary="Uno.")
    if kind == "article":
        item = make_article(title="Living with POEMS", slug="living-with-poems")
        return item, spanish_article(item, "Vivir con POEMS", "vivir-con-poems")
    item = make_term(term="neuropathy", slug="neuropathy")
    return item, spanish(item, term="neuropatía", slug="neuropatia", definition="Daño de los nervios.")


@pytest.mark.parametrize("kind", ["condition", "medication", "article", "term"])
def test_json_ld_names_the_page_language(client, make_condition, make_medication, make_article, make_term, kind):
    english, spanish_version = _versions(kind, make_condition, make_medication, make_article, make_term)

    english_page = client.get(english.get_absolute_url())
    spanish_page = client.get(spanish_version.get_absolute_url())

    assert spanish_version.get_absolute_url().startswith("/es/")
    assert '<html lang="en-GB">' in english_page.content.decode()
    assert json_ld(english_page.content.decode())["inLanguage"] == "en-GB"
    data = json_ld(spanish_page.content.decode())
    assert data["inLanguage"] == "es"
    assert data["url"] == f"{ORIGIN}{spanish_version.get_absolute_url()}"
    assert data["breadcrumb"]["itemListElement"][0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "Inicio",
        "item": f"{ORIGIN}/es/",
    }

"""The glossary as patients meet it: the A–Z, a term's page, words explained on every page, search."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from portal.models import Status
from portal.text.markdown import render

FUTURE = timezone.now() + datetime.timedelta(days=7)
UNPUBLISHED = [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") :]


def test_the_a_to_z_lists_published_terms_with_definitions_and_other_names(client, make_term):
    make_term("VEGF", slug="vegf", definition="A signal that makes blood vessels leak.", synonyms="vascular growth")
    make_term("plasma cell", slug="plasma-cell")

    html = _main(client.get("/glossary/"))

    assert '<a href="/glossary/vegf/">VEGF</a>' in html
    assert "A signal that makes blood vessels leak." in html
    assert "Also called: vascular growth" in html
    assert html.index('id="letter-P"') < html.index('id="letter-V"')


@pytest.mark.parametrize("unpublished", UNPUBLISHED)
def test_an_unpublished_term_is_nowhere_public(client, make_term, make_article, unpublished):
    make_term("organomegaly", slug="organomegaly", definition="Bigger organs.", **unpublished)
    article = make_article(body="Organomegaly can happen. See [the word](term:organomegaly).")

    assert "organomegaly" not in _main(client.get("/glossary/")).lower()
    assert client.get("/glossary/organomegaly/").status_code == 404
    page = _main(client.get(article.get_absolute_url()))
    assert "<dfn" not in page and "Medical words on this page" not in page and "/glossary/organomegaly/" not in page
    assert "/glossary/organomegaly/" not in client.get("/sitemap.xml").content.decode()
    assert "/glossary/organomegaly/" not in client.get("/search/", {"q": "organomegaly"}).content.decode()


@pytest.mark.parametrize("count", [10, 200])
def test_a_to_z_query_count_does_not_grow(client, django_assert_num_queries, make_term, count):
    for index in range(count):
        make_term(f"word {index:03d}")

    with django_assert_num_queries(1):  # 1 published terms
        response = client.get("/glossary/")

    assert response.content.decode().count("<dt>") == count


@pytest.mark.parametrize("count", [5, 100])
def test_term_page_query_count_does_not_grow(
    client, django_assert_num_queries, make_term, make_condition, make_author, count
):
    for index in range(count):
        make_term(f"word {index:03d}")
    explanation = " ".join(f"Word {index:03d} here." for index in range(count))
    condition = make_condition(name="Organomegaly", slug="organomegaly", definition="Enlarged organs.")
    term = make_term(
        "organomegaly", slug="organomegaly", explanation=explanation, condition=condition, reviewed_by=make_author()
    )

    # 1 the term with its reviewer, condition and medication, 2 published glossary terms,
    # 3 the term's published language versions (hreflang).
    with django_assert_num_queries(3):
        response = client.get(term.get_absolute_url())

    html = _main(response)
    assert html.count('<dfn class="term">') == count
    assert '<a href="/conditions/organomegaly/">Organomegaly</a>: Enlarged organs.' in html


def test_a_term_page_shows_its_definition_and_json_ld(client, make_term, make_medication):
    melphalan = make_medication(slug="melphalan", name="melphalan", status=Status.DRAFT)
    term = make_term(
        "autologous stem-cell transplant",
        slug="autologous-stem-cell-transplant",
        definition="Your own stem cells, given back after strong chemotherapy.",
        synonyms="stem-cell transplant",
        explanation="## How it goes\n\nThe cells are **your own**.",
        medication=melphalan,
    )

    response = client.get(term.get_absolute_url())

    html = _main(response)
    assert "<h1><dfn>Autologous stem-cell transplant</dfn></h1>" in html
    assert "Your own stem cells, given back after strong chemotherapy." in html
    assert "<strong>your own</strong>" in html
    assert "/medications/melphalan/" not in html  # a draft medication is not offered
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode())[1])
    assert data["about"]["@type"] == "DefinedTerm"
    assert data["about"]["alternateName"] == ["stem-cell transplant"]
    assert data["about"]["inDefinedTermSet"] == "http://testserver/glossary/"


def test_staff_preview_a_draft_term(client, django_user_model, make_term):
    term = make_term("remission", slug="remission", status=Status.DRAFT)
    editor = django_user_model.objects.create_user("edna", password="pw-editor-123", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(term.get_absolute_url())

    assert response.status_code == 200
    assert "Preview." in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_term_links_work_like_the_other_schemes(make_term):
    term = make_term("VEGF", slug="vegf")

    assert render("[VEGF](term:vegf)") == '<p><a href="/glossary/vegf/">VEGF</a></p>'
    term.status = Status.ARCHIVED
    term.save()
    assert render("[VEGF](term:vegf)") == "<p>VEGF</p>"


@pytest.fixture
def words(make_term):
    make_term("plasma cell", slug="plasma-cell", definition="A white blood cell that makes antibodies.")
    make_term(
        "monoclonal gammopathy",
        slug="monoclonal-gammopathy",
        definition="Identical plasma cells making one antibody.",
        synonyms="monoclonal plasma-cell disorder",
    )
    make_term("VEGF", slug="vegf", definition='A "signal" <script>alert(1)</script> in the blood.')


def test_the_first_use_of_each_term_is_marked_and_listed_with_its_definition(client, words, make_article):
    article = make_article(
        body="## Plasma cells\n\n"
        "A plasma cell makes antibodies. Each plasma cell is small.\n\n"
        "In a monoclonal plasma-cell disorder, `VEGF` in code and [VEGF](https://example.org/) in a link "
        "are left alone, and VEGF is marked here."
    )

    html = _main(client.get(article.get_absolute_url()))

    body = html[html.index('class="prose"') : html.index("Medical words on this page")]
    assert "<h2" in body and '<h2 id="plasma-cells">Plasma cells</h2>' in body  # headings untouched
    assert body.count('href="#word-plasma-cell"') == 1
    marked = '<dfn class="term"><a href="#word-plasma-cell" title="A white blood cell that makes antibodies.">'
    assert f"{marked}plasma cell</a></dfn> makes" in body
    assert ">monoclonal plasma-cell disorder</a></dfn>" in body  # a synonym, marked as its term
    assert "<code>VEGF</code>" in body and '<a href="https://example.org/">VEGF</a>' in body
    assert ">VEGF</a></dfn> is marked here" in body
    assert "<script>alert" not in html  # the definition is escaped
    words_list = html[html.index("Medical words on this page") :]
    assert '<dt id="word-plasma-cell"><a href="/glossary/plasma-cell/">Plasma cell</a></dt>' in words_list
    assert "<dd>Identical plasma cells making one antibody.</dd>" in words_list
    assert "&lt;script&gt;" in words_list


def test_words_are_marked_once_per_page_across_its_sections(client, make_term, make_medication):
    make_term("diuretic", slug="diuretic", definition="A water tablet.")
    medication = make_medication(body="A diuretic.", side_effects="More diuretic effects.", dosing="Diuretics daily.")

    html = _main(client.get(medication.get_absolute_url()))

    assert html.count('<dfn class="term">') == 1
    assert html.count('id="word-diuretic"') == 1


@pytest.mark.parametrize("count", [5, 100])
def test_an_article_using_many_terms_costs_the_same_queries(
    client, django_assert_num_queries, make_term, make_article, count
):
    for index in range(count):
        make_term(f"word {index:03d}")
    article = make_article(body=" ".join(f"Word {index:03d} here." for index in range(count)))
    article.tags.add("glossary")

    # 1 article with author and reviewer, 2 tags, 3 sources, 4 published conditions,
    # 5 published medications, 6 published glossary terms, 7 related articles, 8 the article's
    # published language versions (hreflang).
    with django_assert_num_queries(8):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count('<dfn class="term">') == count


@pytest.mark.parametrize(("query"), ["gammopathy", "monoclonal plasma-cell disorder", "Monoclonal gammopathy"])
def test_search_finds_a_term_by_its_name_and_synonyms(client, words, query):
    html = client.get("/search/", {"q": query}).content.decode()

    assert "/glossary/monoclonal-gammopathy/" in html
    assert "Medical word" in html


def test_the_sitemap_lists_the_glossary(client, words):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/glossary/" in sitemap
    assert "http://testserver/glossary/vegf/" in sitemap


def test_the_poems_hub_explains_its_medical_words(client, db):
    call_command("load_demo", verbosity=0)

    hub = _main(client.get("/conditions/poems-syndrome/"))
    glossary = _main(client.get("/glossary/"))

    overview = hub[hub.index("What happens in POEMS syndrome") : hub.index("Medical words on this page")]
    words_list = hub[hub.index("Medical words on this page") :]
    assert '<dfn class="term"><a href="#word-vegf"' in overview
    for word in ["Polyneuropathy", "Plasma cell", "VEGF", "Bone marrow", "M-protein", "Serum protein electrophoresis"]:
        assert f">{word}</a></dt>" in words_list, word
    for slug in ["polyneuropathy", "monoclonal-gammopathy", "plasma-cell", "serum-protein-electrophoresis",
                 "autologous-stem-cell-transplant"]:  # fmt: skip
        assert f'href="/glossary/{slug}/"' in glossary, slug


def test_the_glossary_has_one_name_on_every_public_page(client, make_term, make_article):
    make_term("VEGF", slug="vegf", definition="A signal that makes blood vessels leak.")
    article = make_article(body="VEGF is high in POEMS syndrome.")

    pages = {
        "A to Z": client.get("/glossary/").content.decode(),
        "term": client.get("/glossary/vegf/").content.decode(),
        "article": client.get(article.get_absolute_url()).content.decode(),
        "search": client.get("/search/", {"q": "vegf"}).content.decode(),
    }

    for name, html in pages.items():
        text = re.sub(r"<[^>]+>", " ", html)  # what people read, and the JSON-LD breadcrumb names
        assert "Glossary" not in text and "Words on this page" not in text, name
        assert '<a href="/glossary/">Medical words</a>' in html, name  # the header's link
    assert "<h1>Medical words</h1>" in pages["A to Z"]
    assert '<li aria-current="page">Medical words</li>' in pages["A to Z"]
    assert '<li><a href="/glossary/">Medical words</a></li>' in pages["term"]  # its breadcrumb
    assert '"name":"Medical words"' in pages["term"]  # the JSON-LD breadcrumb
    assert '<h2 id="words-heading">Medical words on this page</h2>' in pages["article"]
    assert '<p class="kind">Medical word</p>' in pages["search"]  # the kind of the result

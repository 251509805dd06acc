"""The API and the Infobutton in Spanish, as an app and a health record ask for it: `lang` or
Accept-Language, each item's language and published translations, facts from the source item,
query counts flat per language, and the Infobutton's Spanish pages with English ones marked."""

import xml.etree.ElementTree as ET

import pytest

from conditions.models import ConditionCode, ConditionRelation, Treatment
from medications.models import MedicationCode
from portal.codes.systems import SYSTEMS, CodeSystem
from portal.models import Status
from tests.api.conftest import assert_matches_schema, openapi

NS = {"a": "http://www.w3.org/2005/Atom", "schema": "https://schema.org/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ICD10CM, RXNORM = SYSTEMS[CodeSystem.ICD10CM].oid, SYSTEMS[CodeSystem.RXNORM].oid


def spanish(source, **fields):
    """A published Spanish version of `source`, signed off (as tests/languages/test_content.py)."""
    obj = type(source)(translation_of=source, language="es", status=Status.PUBLISHED, **fields)
    obj._signed_off = True
    obj.save()
    return obj


@pytest.fixture
def hub(make_condition):
    """POEMS syndrome with its code and a Spanish version; a component with no Spanish version."""
    hub = make_condition(name="POEMS syndrome", slug="poems-syndrome", summary="A rare condition.")
    ConditionCode.objects.create(condition=hub, system=CodeSystem.ICD10CM, code="D47.Z9")
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una enfermedad rara.")
    return hub


@pytest.fixture
def gabapentin(make_medication):
    source = make_medication(name="gabapentin", slug="gabapentin", brands=("Neurontin",))
    MedicationCode.objects.create(medication=source, system=CodeSystem.RXNORM, code="25480")
    spanish(source, name="gabapentina", slug="gabapentina", summary="Alivia el dolor de los nervios.")
    return source


# The content API: which language


def test_lang_es_lists_spanish_versions_and_english_items_lacking_one(client, hub, make_condition):
    make_condition(name="Organomegaly", slug="organomegaly")

    response = client.get("/api/v1/conditions", {"lang": "es"})
    body = assert_matches_schema(response, "/api/v1/conditions")

    shown = {item["slug"]: item for item in body["items"]}
    assert set(shown) == {"sindrome-poems", "organomegaly"}
    assert shown["sindrome-poems"]["language"] == "es"
    assert shown["sindrome-poems"]["name"] == "Síndrome POEMS"
    assert shown["sindrome-poems"]["url"] == "http://testserver/es/condiciones/sindrome-poems/"
    assert shown["sindrome-poems"]["api_url"] == "http://testserver/api/v1/conditions/sindrome-poems?lang=es"
    assert shown["organomegaly"]["language"] == "en"
    assert shown["organomegaly"]["url"] == "http://testserver/conditions/organomegaly/"
    assert response["Content-Language"] == "es"
    assert "Accept-Language" not in response.get("Vary", "")  # the parameter chose, not the header


def test_english_is_the_default_and_lists_english_items_only(client, hub):
    response = client.get("/api/v1/conditions")
    body = assert_matches_schema(response, "/api/v1/conditions")

    [item] = body["items"]
    assert item["slug"] == "poems-syndrome" and item["language"] == "en"
    assert item["api_url"] == "http://testserver/api/v1/conditions/poems-syndrome"  # as before languages
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("ES-es", "es"),
        ("en;q=0.5, es", "es"),
        ("es;q=0.5, en", "en"),
        ("fr-FR, de", "en"),
        ("*", "en"),
        ("es;q=0, en;q=0.1", "en"),
        ("es;q=abc, en", "en"),
        (";;,,;q=", "en"),
    ],
)
def test_accept_language_chooses_the_best_supported_language(client, hub, header, language):
    response = client.get("/api/v1/conditions", headers={"accept-language": header})

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    assert response.json()["items"][0]["language"] == language


def test_lang_wins_over_accept_language(client, hub):
    response = client.get("/api/v1/conditions", {"lang": "en"}, headers={"accept-language": "es"})

    assert response.json()["items"][0]["slug"] == "poems-syndrome"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("value", ["xx", "ES", "", "es-MX", "spa", "ｅｓ"])
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/conditions", {}),
        ("/api/v1/conditions/poems-syndrome", {}),
        ("/api/v1/terms", {"limit": 5}),
        ("/api/v1/search", {"q": "poems"}),
    ],
)
def test_an_unknown_lang_is_a_400_in_the_error_format(client, hub, path, params, value):
    response = client.get(path, {**params, "lang": value})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["details"][0]["location"] == "query.lang"
    assert "en, es" in error["details"][0]["problem"]


def test_an_unknown_lang_is_told_in_the_headers_language(client, db):
    response = client.get("/api/v1/conditions", {"lang": "xx"}, headers={"accept-language": "es"})

    assert response.status_code == 400
    assert response["Content-Language"] == "es"
    assert response.json()["error"]["message"] != "The request's parameters are not valid."


def test_the_schema_declares_lang_on_every_content_address(db):
    document = openapi()

    for path, methods in document["paths"].items():
        parameters = {parameter["name"]: parameter for parameter in methods["get"].get("parameters", [])}
        assert "lang" in parameters, path
        assert parameters["lang"]["in"] == "query"
        assert "es" in str(parameters["lang"]["schema"]) and "en" in str(parameters["lang"]["schema"])
        assert "400" in methods["get"]["responses"], path  # an unknown lang is a documented answer


# Detail addresses: which slug finds what


def test_a_spanish_slug_in_spanish_and_an_english_slug_in_english(client, hub):
    es = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"})
    en = client.get("/api/v1/conditions/poems-syndrome")

    assert assert_matches_schema(es, "/api/v1/conditions/{slug}")["name"] == "Síndrome POEMS"
    assert es.json()["language"] == "es"
    assert en.json()["name"] == "POEMS syndrome" and en.json()["language"] == "en"


def test_an_english_slug_asked_in_spanish_answers_the_spanish_version(client, hub):
    response = client.get("/api/v1/conditions/poems-syndrome", {"lang": "es"})
    body = assert_matches_schema(response, "/api/v1/conditions/{slug}")

    assert response.status_code == 200  # not a redirect: integrators know the English slugs
    assert body["slug"] == "sindrome-poems" and body["language"] == "es"
    assert body["api_url"] == "http://testserver/api/v1/conditions/sindrome-poems?lang=es"


def test_a_spanish_slug_asked_in_english_answers_the_english_version(client, hub):
    body = client.get("/api/v1/conditions/sindrome-poems").json()

    assert body["slug"] == "poems-syndrome" and body["language"] == "en"


def test_an_item_with_no_spanish_version_is_answered_in_english_marked_as_english(client, make_medication):
    make_medication(name="furosemide", slug="furosemide")

    response = client.get("/api/v1/medications/furosemide", {"lang": "es"})
    body = assert_matches_schema(response, "/api/v1/medications/{slug}")

    assert body["slug"] == "furosemide" and body["language"] == "en" and body["translations"] == []
    assert response["Content-Language"] == "es"  # the answer's language; the item says its own


def test_an_unpublished_spanish_version_is_never_shown_nor_listed(client, hub):
    draft = hub.translations.get()
    draft.status = Status.DRAFT
    draft.save()

    assert client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"}).status_code == 404
    body = client.get("/api/v1/conditions/poems-syndrome", {"lang": "es"}).json()
    assert body["language"] == "en" and body["translations"] == []
    listed = client.get("/api/v1/conditions", {"lang": "es"}).json()["items"]
    assert [(item["slug"], item["translations"]) for item in listed] == [("poems-syndrome", [])]


def test_an_old_slug_keeps_the_language_through_its_redirect(client, hub):
    version = hub.translations.get()
    version.slug = "sindrome-de-poems"
    version.save()

    response = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/conditions/sindrome-de-poems?lang=es"
    assert client.get(response["Location"]).json()["name"] == "Síndrome POEMS"


def test_a_brand_slug_keeps_the_language_through_its_redirect(client, gabapentin):
    response = client.get("/api/v1/medications/neurontin", {"lang": "es"})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/medications/gabapentin?lang=es"
    assert client.get(response["Location"]).json()["slug"] == "gabapentina"


# Translations and facts


def test_each_item_lists_its_published_translations(client, hub):
    english = client.get("/api/v1/conditions/poems-syndrome").json()
    spanish_body = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"}).json()

    assert english["translations"] == [
        {
            "language": "es",
            "slug": "sindrome-poems",
            "title": "Síndrome POEMS",
            "url": "http://testserver/es/condiciones/sindrome-poems/",
            "api_url": "http://testserver/api/v1/conditions/sindrome-poems?lang=es",
        }
    ]
    assert spanish_body["translations"] == [
        {
            "language": "en",
            "slug": "poems-syndrome",
            "title": "POEMS syndrome",
            "url": "http://testserver/conditions/poems-syndrome/",
            "api_url": "http://testserver/api/v1/conditions/poems-syndrome?lang=en",
        }
    ]


def test_a_translations_codes_and_brands_are_its_sources(client, hub, gabapentin):
    medication = client.get("/api/v1/medications/gabapentina", {"lang": "es"}).json()
    listed = client.get("/api/v1/medications", {"lang": "es"}).json()["items"]
    condition = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"}).json()

    assert medication["name"] == "gabapentina"
    assert medication["brands"] == [{"name": "Neurontin", "slug": "neurontin"}]
    assert [code["code"] for code in medication["codes"]] == ["25480"]
    assert listed[0]["brands"] == medication["brands"] and listed[0]["codes"] == medication["codes"]
    assert [code["code"] for code in condition["codes"]] == ["D47.Z9"]


def test_a_spanish_hub_shows_its_sources_components_guides_and_medications_in_spanish(
    client, hub, gabapentin, make_condition, make_article, make_curated_guide
):
    neuropathy = make_condition(name="Polyneuropathy", slug="polyneuropathy")
    ConditionCode.objects.create(condition=neuropathy, system=CodeSystem.ICD10CM, code="G62.9")
    spanish(neuropathy, name="Polineuropatía", slug="polineuropatia", summary="Nervios dañados.")
    ConditionRelation.objects.create(condition=hub, related=neuropathy, position=0)
    ConditionRelation.objects.create(condition=hub, related=make_condition(name="Skin changes"), position=1)
    guide = make_article(title="Living with POEMS", slug="living-with-poems")
    spanish(guide, title="Vivir con POEMS", slug="vivir-con-poems", summary="Consejos.", author=guide.author)
    make_curated_guide(hub, guide)
    version = hub.translations.get()
    Treatment.objects.create(condition=version, name="Tratamiento del dolor", category="monitoring").medications.add(
        gabapentin
    )

    response = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"})
    body = assert_matches_schema(response, "/api/v1/conditions/{slug}")

    components = [(c["condition"]["name"], c["condition"]["language"]) for c in body["components"]]
    assert components == [("Polineuropatía", "es"), ("Skin changes", "en")]
    assert body["components"][0]["condition"]["codes"][0]["code"] == "G62.9"
    [treatment] = body["treatments"]
    assert treatment["medications"][0]["name"] == "gabapentina"
    assert treatment["medications"][0]["brands"][0]["name"] == "Neurontin"
    [curated] = body["curated_guides"]
    assert curated["article"]["title"] == "Vivir con POEMS" and curated["article"]["language"] == "es"
    assert curated["article"]["translations"][0]["slug"] == "living-with-poems"


def test_a_spanish_articles_tags_conditions_and_medications_are_its_sources(client, hub, gabapentin, make_article):
    source = make_article(title="Nerve pain", slug="nerve-pain")
    source.tags.add("nerve pain")
    source.conditions.add(hub)
    source.medications.add(gabapentin)
    spanish(source, title="Dolor de nervios", slug="dolor-de-nervios", summary="Qué es.", author=source.author)

    response = client.get("/api/v1/articles/nerve-pain", {"lang": "es"})
    body = assert_matches_schema(response, "/api/v1/articles/{slug}")
    tagged = client.get("/api/v1/articles", {"lang": "es", "tag": "nerve-pain"}).json()["items"]

    assert body["title"] == "Dolor de nervios" and body["language"] == "es"
    assert body["tags"] == ["nerve pain"]
    assert [condition["name"] for condition in body["conditions"]] == ["Síndrome POEMS"]
    assert [medication["name"] for medication in body["medications"]] == ["gabapentina"]
    assert [item["slug"] for item in tagged] == ["dolor-de-nervios"]


def test_an_authors_credentials_follow_the_answers_language(client, make_article, make_author):
    author = make_author(credentials="PharmD, clinical pharmacist", translated_credentials={"es": "Farmacéutica"})
    make_article(slug="doses", author=author)

    english = client.get("/api/v1/articles/doses").json()["author"]
    in_spanish = client.get("/api/v1/articles/doses", {"lang": "es"}).json()["author"]

    assert english["credentials"] == "PharmD, clinical pharmacist"
    assert in_spanish["credentials"] == "Farmacéutica"


def test_search_in_spanish_marks_each_hits_language(client, hub, make_condition):
    make_condition(name="POEMS-like disorder", slug="poems-like")

    response = client.get("/api/v1/search", {"q": "poems", "lang": "es"})
    body = assert_matches_schema(response, "/api/v1/search")

    found = {item["slug"]: item for item in body["items"]}
    assert found["sindrome-poems"]["language"] == "es"
    assert found["sindrome-poems"]["api_url"] == "http://testserver/api/v1/conditions/sindrome-poems?lang=es"
    assert found["poems-like"]["language"] == "en"
    assert "poems-syndrome" not in found


def test_a_glossary_term_in_spanish(client, make_term):
    source = make_term("neuropathy", slug="neuropathy")
    spanish(source, term="neuropatía", slug="neuropatia", definition="Daño de los nervios.")

    response = client.get("/api/v1/terms/neuropathy", {"lang": "es"})
    body = assert_matches_schema(response, "/api/v1/terms/{slug}")

    assert body["term"] == "neuropatía" and body["url"] == "http://testserver/es/glosario/neuropatia/"


# Validators


def test_each_language_has_its_own_etag_and_a_304_keeps_the_language_headers(client, hub):
    english = client.get("/api/v1/conditions")
    spanish_answer = client.get("/api/v1/conditions", headers={"accept-language": "es"})

    again = client.get("/api/v1/conditions", headers={"accept-language": "es", "if-none-match": spanish_answer["ETag"]})
    crossed = client.get("/api/v1/conditions", headers={"accept-language": "es", "if-none-match": english["ETag"]})

    assert english["ETag"] != spanish_answer["ETag"]
    assert again.status_code == 304
    assert "Accept-Language" in again["Vary"] and again["Content-Language"] == "es"
    assert crossed.status_code == 200


# Query counts, per language


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("count", [3, 30])
def test_list_query_counts_are_flat_per_language(
    client, django_assert_num_queries, make_medication, make_condition, make_article, make_term, language, count
):
    for index in range(count):
        medication = make_medication(brands=(f"Brand{index}",))
        MedicationCode.objects.create(medication=medication, system="rxnorm", code=str(1000 + index))
        condition = make_condition()
        ConditionCode.objects.create(condition=condition, system="icd10cm", code="G62.9")
        article = make_article()
        term = make_term()
        if index % 2:  # half of them in Spanish
            spanish(medication, name=f"es-{medication.name}", slug=f"es-{medication.slug}")
            spanish(condition, name=f"es-{condition.name}", slug=f"es-{condition.slug}")
            spanish(article, title=f"es-{article.title}", slug=f"es-{article.slug}", author=article.author)
            spanish(term, term=f"es-{term.term}", slug=f"es-{term.slug}", definition="Una.")

    # English: 1 page, 2 brand names, 3 codes, 4 translations. Spanish: and the sources' brand
    # names and codes.
    with django_assert_num_queries({"en": 4, "es": 6}[language]):
        assert client.get("/api/v1/medications", {"limit": 100, "lang": language}).status_code == 200
    # 1 page with sources, 2 codes, 3 translations; Spanish: and the sources' codes.
    with django_assert_num_queries({"en": 3, "es": 4}[language]):
        assert client.get("/api/v1/conditions", {"limit": 100, "lang": language}).status_code == 200
    # 1 page with authors, 2 translations.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/articles", {"limit": 100, "lang": language}).status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/api/v1/terms", {"limit": 100, "lang": language}).status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("count", [2, 20])
def test_detail_query_counts_are_flat_per_language(
    client,
    django_assert_num_queries,
    make_condition,
    make_medication,
    make_article,
    make_curated_guide,
    language,
    count,  # noqa: E501
):
    hub = make_condition(slug="hub", overview="See [x](medication:none).")
    spanish(hub, name="Centro", slug="centro", overview="Vea [x](medication:none).")
    article = make_article(slug="piece", body="[hub](condition:hub)")
    spanish(article, title="Pieza", slug="pieza", body="[centro](condition:hub)", author=article.author)
    for index in range(count):
        medication = make_medication(brands=(f"B{index}",))
        related = make_condition()
        guide = make_article()
        if index % 2:
            spanish(medication, name=f"es-{medication.name}", slug=f"es-{medication.slug}")
            spanish(related, name=f"es-{related.name}", slug=f"es-{related.slug}")
            spanish(guide, title=f"es-{guide.title}", slug=f"es-{guide.slug}", author=guide.author)
        for version in hub.source.translations.all() if language == "es" else [hub]:
            Treatment.objects.create(condition=version, name=f"T{index}", category="monitoring").medications.add(
                medication
            )
        ConditionRelation.objects.create(condition=hub, related=related, position=index)
        make_curated_guide(hub, guide, position=index)
        article.conditions.add(related)
        article.medications.add(medication)
        article.tags.add(f"tag {index}")

    hub_slug, article_slug = {"en": ("hub", "piece"), "es": ("centro", "pieza")}[language]
    medication_slug = medication.slug if language == "en" else f"es-{medication.slug}"
    # English: 1 condition, 2 care team, 3 treatments, 4 their medications, 5 their brands,
    # 6 their codes, 7 codes, 8 published components, 9 their codes, 10 curated guides,
    # 11-13 translations of the conditions, medications and guides, 14-15 the overview's links.
    # Spanish: and the Spanish versions of the components, medications and guides (with their
    # authors, as the English guides came). Last, whether the hub awaits re-review (sourceChanged).
    with django_assert_num_queries({"en": 16, "es": 19}[language]):
        assert client.get(f"/api/v1/conditions/{hub_slug}", {"lang": language}).status_code == 200
    # English: 1 article, 2 sources, 3 tags, 4 conditions, 5 their codes, 6 medications, 7 their
    # brands, 8 their codes, 9-11 translations, 12 the body's links. Spanish: and the Spanish
    # versions of the conditions and medications, and the body's links to a Spanish page; sourceChanged.
    with django_assert_num_queries({"en": 13, "es": 16}[language]):
        assert client.get(f"/api/v1/articles/{article_slug}", {"lang": language}).status_code == 200
    # 1 medication, 2 brands, 3 codes, 4 translations, 5 sourceChanged; Spanish: and the source's
    # brands and codes.
    with django_assert_num_queries({"en": 5, "es": 7}[language]):
        assert client.get(f"/api/v1/medications/{medication_slug}", {"lang": language}).status_code == 200


def test_an_english_slug_asked_in_spanish_costs_two_queries_more(client, django_assert_num_queries, gabapentin):
    # 1 the slug in Spanish, 2 the version with that slug in another language, then as by its
    # Spanish slug: 3 the Spanish version, 4-7 brands and codes, 8 translations, 9 sourceChanged.
    with django_assert_num_queries(9):
        assert client.get("/api/v1/medications/gabapentin", {"lang": "es"}).json()["slug"] == "gabapentina"


# The Infobutton


def _atom(client, **params):
    response = client.get("/infobutton/", {key.replace("_", "."): value for key, value in params.items()})
    assert response.status_code == 200, response.content
    return response, ET.fromstring(response.content)


def _entries(feed: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (entry.findtext("a:title", namespaces=NS), entry.get(XML_LANG), entry.find("a:link", NS).get("href"))
        for entry in feed.findall("a:entry", NS)
    ]


@pytest.mark.parametrize("code", ["es", "es-MX", "spa", "ES", "SPA", "es_MX", "Es-mx"])
def test_the_infobutton_answers_spanish_with_spanish_pages(client, hub, code):
    response, feed = _atom(
        client,
        mainSearchCriteria_v_c="D47.Z9",
        mainSearchCriteria_v_cs=ICD10CM,
        informationRecipient_languageCode_c=code,
    )

    assert _entries(feed) == [("Síndrome POEMS", "es", "http://testserver/es/condiciones/sindrome-poems/")]
    [entry] = feed.findall("a:entry", NS)
    assert entry.findtext("a:summary", namespaces=NS) == "Una enfermedad rara."
    assert entry.find("a:link", NS).get("hreflang") == "es"
    assert feed.get(XML_LANG) == "es" and response["Content-Language"] == "es"
    assert "páginas" in feed.findtext("a:title", namespaces=NS)  # the feed's own words in Spanish
    categories = {c.get("scheme"): c.get("term") for c in feed.findall("a:category", NS)}
    assert categories["informationRecipient.languageCode.c"] == code  # as asked


def test_the_infobutton_falls_back_to_english_pages_marked_as_english(client, make_medication, gabapentin):
    furosemide = make_medication(name="furosemide", slug="furosemide")
    MedicationCode.objects.create(medication=furosemide, system=CodeSystem.RXNORM, code="4603")

    _response, feed = _atom(
        client, mainSearchCriteria_v_c="4603", mainSearchCriteria_v_cs=RXNORM, informationRecipient_languageCode_c="es"
    )

    assert feed.get(XML_LANG) == "es"
    assert _entries(feed) == [("furosemide", "en", "http://testserver/medications/furosemide/")]
    assert feed.find("a:entry/a:link", NS).get("hreflang") == "en"


def test_the_infobutton_in_json_says_each_entrys_language(client, hub, make_condition):
    other = make_condition(name="Castleman disease", slug="castleman")
    ConditionCode.objects.create(condition=other, system=CodeSystem.ICD10CM, code="D47.Z9")

    response = client.get(
        "/infobutton/",
        {
            "mainSearchCriteria.v.c": "D47.Z9",
            "mainSearchCriteria.v.cs": ICD10CM,
            "informationRecipient.languageCode.c": "es-MX",
            "knowledgeResponseType": "application/json",
        },
    )
    feed = response.json()["feed"]

    assert feed["lang"] == "es" and response["Content-Language"] == "es"
    entries = {entry["title"]["_value"]: entry for entry in feed["entry"]}
    assert entries["Síndrome POEMS"]["lang"] == "es"
    assert entries["Síndrome POEMS"]["link"][0]["href"] == "http://testserver/es/condiciones/sindrome-poems/"
    assert entries["Castleman disease"]["lang"] == "en"
    assert entries["Castleman disease"]["link"][0]["hreflang"] == "en"


@pytest.mark.parametrize("code", ["fr", "xx", "fra", "en-US", "eng", "zz-Latn-XX"])
def test_a_language_the_site_does_not_have_is_answered_in_english_not_refused(client, hub, code):
    response, feed = _atom(
        client,
        mainSearchCriteria_v_c="D47.Z9",
        mainSearchCriteria_v_cs=ICD10CM,
        informationRecipient_languageCode_c=code,
    )

    assert feed.get(XML_LANG) == "en" and response["Content-Language"] == "en"
    assert _entries(feed) == [("POEMS syndrome", "en", "http://testserver/conditions/poems-syndrome/")]


def test_the_infobutton_never_answers_an_unpublished_spanish_version(client, hub):
    version = hub.translations.get()
    version.status = Status.DRAFT
    version.save()

    _response, feed = _atom(
        client,
        mainSearchCriteria_v_c="D47.Z9",
        mainSearchCriteria_v_cs=ICD10CM,
        informationRecipient_languageCode_c="es",
    )

    assert _entries(feed) == [("POEMS syndrome", "en", "http://testserver/conditions/poems-syndrome/")]


def test_the_infobutton_searches_a_display_name_in_spanish(client, hub):
    _response, feed = _atom(client, mainSearchCriteria_v_dn="POEMS", informationRecipient_languageCode_c="es")

    assert ("Síndrome POEMS", "es", "http://testserver/es/condiciones/sindrome-poems/") in _entries(feed)


@pytest.mark.parametrize("count", [2, 30])
def test_the_infobutton_query_count_is_flat_in_spanish(client, django_assert_num_queries, make_condition, count):
    for index in range(count):
        condition = make_condition(name=f"C{index}")
        ConditionCode.objects.create(condition=condition, system=CodeSystem.ICD10CM, code="G62.9")
        if index % 2:
            spanish(condition, name=f"E{index}", slug=f"e-{index}")

    # 1 published source conditions with the code or its parents, 2 their Spanish versions.
    with django_assert_num_queries(2):
        _response, feed = _atom(
            client,
            mainSearchCriteria_v_c="G62.9",
            mainSearchCriteria_v_cs=ICD10CM,
            informationRecipient_languageCode_c="es",
        )

    entries = _entries(feed)
    assert len(entries) == min(count, 20)
    assert {language for _title, language, _url in entries} == {"en", "es"}

"""The content API as an integrator meets it: shapes that match the published schema, only
published content, pages that follow one another, validators, CORS and clear errors."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from conditions.models import ConditionCode, ConditionRelation, Treatment
from medications.models import Medication, MedicationCode
from portal.codes.systems import CodeSystem
from portal.models import Status
from tests.api.conftest import assert_matches_schema, openapi

FUTURE = timezone.now() + datetime.timedelta(days=7)
UNPUBLISHED = [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]


def test_it_works(client, demo):
    response = client.get("/api/v1/conditions")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = assert_matches_schema(response, "/api/v1/conditions")
    assert "poems-syndrome" in [item["slug"] for item in body["items"]]


def test_openapi_is_version_3_1_and_lists_every_address(client, db):
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/conditions",
        "/api/v1/conditions/{slug}",
        "/api/v1/medications",
        "/api/v1/medications/{slug}",
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/terms",
        "/api/v1/terms/{slug}",
        "/api/v1/search",
    }


def test_condition_has_codes_components_treatments_and_curated_guides(client, demo):
    response = client.get("/api/v1/conditions/poems-syndrome")
    body = assert_matches_schema(response, "/api/v1/conditions/{slug}")

    assert body["codes"] == [
        {
            "system": "icd10cm",
            "system_name": "ICD-10-CM",
            "system_uri": "http://hl7.org/fhir/sid/icd-10-cm",
            "oid": "2.16.840.1.113883.6.90",
            "code": "D47.Z9",
        }
    ]
    assert [component["condition"]["slug"] for component in body["components"]][0] == "polyneuropathy"
    assert body["components"][0]["condition"]["codes"][0]["code"] == "G62.9"
    gabapentin = next(t for t in body["treatments"] if t["name"] == "Gabapentin for nerve pain")["medications"][0]
    assert gabapentin["brands"] == [{"name": "Neurontin", "slug": "neurontin"}]
    assert {"system": "rxnorm", "code": "25480"}.items() <= gabapentin["codes"][0].items()
    assert body["curated_guides"][0]["article"]["author"]["credentials"]
    assert body["reviewed_by"]["name"] == "Dr Amira Haddad"
    assert body["url"] == "http://testserver/conditions/poems-syndrome/"
    assert 'href="http://testserver/medications/gabapentin/"' in body["overview_html"]


def test_medication_by_brand_slug_redirects_like_the_page(client, demo):
    response = client.get("/api/v1/medications/neurontin")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/medications/gabapentin"
    body = assert_matches_schema(client.get(response["Location"]), "/api/v1/medications/{slug}")
    assert body["drug_class"] == "gabapentinoid" and body["prescription_status"] == "PrescriptionOnly"
    assert [code["code"] for code in body["codes"]] == ["25480", "N03AX12"]
    assert "<li>Drowsiness and dizziness</li>" in body["side_effects_html"]


@pytest.mark.parametrize("kind", ["conditions", "medications", "articles"])
def test_an_old_slug_answers_301_to_the_new_address(client, make_condition, make_medication, make_article, kind):
    make = {"conditions": make_condition, "medications": make_medication, "articles": make_article}[kind]
    item = make(slug="old-name")
    item.slug = "new-name"
    item.save()

    response = client.get(f"/api/v1/{kind}/old-name")

    assert response.status_code == 301 and response["Location"] == f"/api/v1/{kind}/new-name"
    assert client.get(response["Location"]).status_code == 200


def test_article_has_author_reviewer_sources_and_sanitised_html(client, demo, make_article, make_author):
    reviewer = make_author(name="Dr Rev", credentials="MD, FRCP")
    article = make_article(
        slug="unsafe",
        body="## Hi\n\n<script>alert(1)</script> [x](javascript:alert(1)) [gaba](medication:gabapentin)",
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2025, 10, 1),
    )
    article.sources.create(title="A paper", publisher="A journal", url="https://example.org/p")

    body = assert_matches_schema(client.get("/api/v1/articles/unsafe"), "/api/v1/articles/{slug}")

    assert body["reviewed_by"] == {
        "name": "Dr Rev",
        "slug": reviewer.slug,
        "credentials": "MD, FRCP",
        "url": f"http://testserver/authors/{reviewer.slug}/",
    }
    assert body["last_reviewed"] == "2025-10-01" and body["next_review_due"] == "2028-10-01"
    assert body["sources"][0]["publisher"] == "A journal"
    assert "<script" not in body["body_html"] and "javascript:" not in body["body_html"]
    assert '<a href="http://testserver/medications/gabapentin/">gaba</a>' in body["body_html"]


def test_demo_article_detail_matches_schema(client, demo):
    slug = Article.objects.published().first().slug
    body = assert_matches_schema(client.get(f"/api/v1/articles/{slug}"), "/api/v1/articles/{slug}")

    assert body["author"]["credentials"]


@pytest.mark.parametrize("path", ["/api/v1/medications", "/api/v1/conditions", "/api/v1/articles"])
def test_cursor_pages_follow_one_another_without_gaps_or_repeats(client, demo, make_article, path):
    for index in range(7):
        make_article(published_at=timezone.now() - datetime.timedelta(minutes=index))
    seen = []
    url = f"{path}?limit=2"
    while url:
        body = assert_matches_schema(client.get(url), path)
        assert len(body["items"]) <= 2
        seen += [item["slug"] for item in body["items"]]
        url = body["next"]

    all_items = assert_matches_schema(client.get(f"{path}?limit=100"), path)["items"]
    assert seen == [item["slug"] for item in all_items]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "limit=ten", "cursor=not-a-cursor", "cursor=WyJ4Il0", "kind=poetry"]
)
def test_bad_list_parameters_are_a_clear_400(client, demo, query):
    response = client.get(f"/api/v1/articles?{query}")

    assert response.status_code == 400
    body = assert_matches_schema(response, "/api/v1/articles")
    assert body["error"]["status"] == 400 and body["error"]["message"]


def test_unknown_slug_is_a_404_in_the_error_format(client, demo):
    response = client.get("/api/v1/conditions/no-such-thing")

    assert response.status_code == 404
    assert assert_matches_schema(response, "/api/v1/conditions/{slug}")["error"]["status"] == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_conditional_get_answers_304(client, demo):
    first = client.get("/api/v1/medications/gabapentin")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    by_etag = client.get("/api/v1/medications/gabapentin", HTTP_IF_NONE_MATCH=etag)
    by_date = client.get("/api/v1/medications/gabapentin", HTTP_IF_MODIFIED_SINCE=last_modified)
    changed = client.get("/api/v1/medications/gabapentin", HTTP_IF_NONE_MATCH='"something-else"')

    assert by_etag.status_code == 304 and by_etag.content == b"" and by_etag["ETag"] == etag
    assert by_date.status_code == 304
    assert changed.status_code == 200
    assert first["Cache-Control"] == "public, max-age=0"  # PAGE_CACHE_SECONDS, as public pages (0 in tests)


def test_an_edit_changes_the_etag(client, demo):
    etag = client.get("/api/v1/medications/gabapentin")["ETag"]
    gabapentin = Medication.objects.get(slug="gabapentin")
    MedicationCode.objects.create(medication=gabapentin, system="atc", code="N03A")

    response = client.get("/api/v1/medications/gabapentin", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200 and response["ETag"] != etag


def test_cors_for_any_origin_with_preflight_and_head(client, demo):
    get = client.get("/api/v1/conditions", HTTP_ORIGIN="https://partner.example")
    preflight = client.options("/api/v1/conditions", HTTP_ORIGIN="https://partner.example")
    head = client.head("/api/v1/conditions")

    assert get["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in get["Access-Control-Expose-Headers"]
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == get["ETag"]


def test_search_finds_a_medication_by_brand(client, demo):
    response = client.get("/api/v1/search?q=neurontin")
    body = assert_matches_schema(response, "/api/v1/search")

    assert body["items"][0]["slug"] == "gabapentin"
    assert body["items"][0]["api_url"] == "http://testserver/api/v1/medications/gabapentin"


@pytest.mark.parametrize("query", ["", "q=", "q=" + "x" * 201, "q=a&page=0", "q=a&limit=51"])
def test_bad_searches_are_a_400(client, db, query):
    response = client.get(f"/api/v1/search?{query}")

    assert response.status_code == 400
    assert_matches_schema(response, "/api/v1/search")


@pytest.mark.parametrize("unpublished", UNPUBLISHED)
def test_unpublished_items_never_appear(client, make_condition, make_medication, make_article, unpublished):
    hub = make_condition(slug="hub", name="Hub")
    hidden_condition = make_condition(slug="hidden-condition", name="Hidden condition", **unpublished)
    hidden_medication = make_medication(slug="hidden-drug", brands=("Hiddenbrand",), **unpublished)
    hidden_article = make_article(slug="hidden-article", title="Hidden article", **unpublished)
    ConditionRelation.objects.create(condition=hub, related=hidden_condition)
    Treatment.objects.create(condition=hub, name="T", category="monitoring").medications.add(hidden_medication)
    hub.curated_guides.create(article=hidden_article)
    shown = make_article(slug="shown")
    shown.conditions.add(hidden_condition)
    shown.medications.add(hidden_medication)
    ConditionCode.objects.create(condition=hidden_condition, system=CodeSystem.ICD10CM, code="G62.9")

    texts = [
        client.get(url).content.decode()
        for url in [
            "/api/v1/conditions",
            "/api/v1/medications",
            "/api/v1/articles",
            "/api/v1/conditions/hub",
            "/api/v1/articles/shown",
        ]
    ]

    for text in texts:
        assert "hidden" not in text.lower()
    for query in ["hidden", "hiddenbrand"]:
        assert client.get(f"/api/v1/search?q={query}").json()["items"] == []
    for url in [
        "/api/v1/conditions/hidden-condition",
        "/api/v1/medications/hidden-drug",
        "/api/v1/articles/hidden-article",
    ]:
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/medications/hiddenbrand").status_code == 404


@pytest.mark.parametrize("count", [3, 40])
def test_list_query_counts_are_flat(
    client, django_assert_num_queries, make_medication, make_condition, make_article, count
):
    for index in range(count):
        medication = make_medication(brands=(f"Brand{index}",))
        MedicationCode.objects.create(medication=medication, system="rxnorm", code=str(1000 + index))
        condition = make_condition()
        ConditionCode.objects.create(condition=condition, system="icd10cm", code="G62.9")
        make_article()

    with django_assert_num_queries(4):  # 1 medications page, 2 their brand names, 3 their codes, 4 translations
        assert client.get("/api/v1/medications?limit=100").status_code == 200
    with django_assert_num_queries(3):  # 1 conditions page, 2 their codes, 3 translations
        assert client.get("/api/v1/conditions?limit=100").status_code == 200
    with django_assert_num_queries(2):  # 1 articles page with authors, 2 translations
        assert client.get("/api/v1/articles?limit=100").status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_detail_query_counts_are_flat(
    client, django_assert_num_queries, make_condition, make_medication, make_article, make_curated_guide, count
):
    hub = make_condition(slug="hub", overview="See [x](medication:none).")
    article = make_article(slug="piece", body="[hub](condition:hub)")
    for index in range(count):
        medication = make_medication(brands=(f"B{index}",))
        Treatment.objects.create(condition=hub, name=f"T{index}", category="monitoring").medications.add(medication)
        ConditionRelation.objects.create(condition=hub, related=make_condition(), position=index)
        make_curated_guide(hub, make_article(), position=index)
        article.conditions.add(make_condition())
        article.medications.add(medication)
        article.tags.add(f"tag {index}")
        article.sources.create(title=f"S{index}")

    # 1 condition with reviewer, 2 care team, 3 treatments, 4 published medications, 5 their
    # brands, 6 their codes, 7 codes, 8 published components, 9 their codes, 10 curated guides
    # with articles and authors, 11-13 translations of the conditions, medications and guides,
    # 14 internal links of the overview, 15 old addresses of the one that is broken, 16 whether
    # it awaits re-review (sourceChanged).
    with django_assert_num_queries(16):
        assert client.get("/api/v1/conditions/hub").status_code == 200
    # 1 article with author and reviewer, 2 sources, 3 tags, 4 published conditions, 5 their codes,
    # 6 published medications, 7 their brands, 8 their codes, 9-11 translations of the article,
    # conditions and medications, 12 internal links of the body, 13 sourceChanged.
    with django_assert_num_queries(13):
        assert client.get("/api/v1/articles/piece").status_code == 200
    # 1 medication with reviewer, 2 brands, 3 codes, 4 translations, 5 sourceChanged.
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/medications/{medication.slug}").status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_search_query_count_is_flat(client, django_assert_num_queries, make_medication, make_condition, count):
    for index in range(count):
        make_medication(name=f"fluid pill {index}")
        make_condition(name=f"Fluid trouble {index}")

    # 1 matching published documents, 2 their conditions, 3 their medications, 4 those medications' brands.
    with django_assert_num_queries(4):
        body = client.get("/api/v1/search?q=fluid&limit=50").json()

    assert len(body["items"]) == min(2 * count, 50)


def test_docs_page_is_readable_without_scripts(client, db):
    response = client.get("/api/v1/docs")
    html = response.content.decode()

    assert response.status_code == 200
    assert "GET /api/v1/conditions/{slug}" in html and "MedicationDetail" in html
    assert "curl -i 'http://testserver/api/v1/medications'" in html
    assert "<script src=" not in html.split("<main", 1)[1]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert openapi()["openapi"].startswith("3.1")

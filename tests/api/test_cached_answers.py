"""The API and the Infobutton are cached like pages, by the same dependency record: a repeat
call is a cache hit answered with no query, a change reaches exactly the answers that show the
changed item, and answers in different formats and languages are kept apart."""

import pytest
from django.core.cache import cache

from conditions.models import ConditionCode, Treatment
from medications.models import Medication
from portal.codes.systems import SYSTEMS, CodeSystem
from portal.models import Status

ICD10CM = SYSTEMS[CodeSystem.ICD10CM].oid


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def site(make_condition, make_medication):
    medicine = make_medication(name="spironolactone", slug="spironolactone")
    hub = make_condition(name="Cached syndrome", slug="cached-syndrome")
    Treatment.objects.create(condition=hub, name="Fluid control", category="supportive").medications.add(medicine)
    ConditionCode.objects.create(condition=hub, system=CodeSystem.ICD10CM, code="D47.Z9")
    make_condition(name="Unrelated syndrome", slug="unrelated-syndrome")
    return {
        "medicine": medicine,
        "answers": {
            "medication": "/api/v1/medications/spironolactone",
            "medications": "/api/v1/medications",
            "condition": "/api/v1/conditions/cached-syndrome",
            "unrelated condition": "/api/v1/conditions/unrelated-syndrome",
            "infobutton": f"/infobutton/?mainSearchCriteria.v.c=D47.Z9&mainSearchCriteria.v.cs={ICD10CM}",
        },
    }


def test_a_repeat_call_is_answered_from_the_cache_with_no_query(client, caching, site, django_assert_max_num_queries):
    for url in site["answers"].values():
        first = client.get(url)
        assert first.status_code == 200 and first["X-Cache"] == "miss"
        # At most the database's content generation, read once a second (the fallback).
        with django_assert_max_num_queries(1):
            again = client.get(url)
        assert again["X-Cache"] == "hit" and again.content == first.content
        assert again["Access-Control-Allow-Origin"] == "*"


def test_a_change_reaches_exactly_the_answers_that_show_it(client, caching, site):
    answers = site["answers"]
    for url in answers.values():
        client.get(url)

    medicine = Medication.objects.get(pk=site["medicine"].pk)
    medicine.summary = "Keeps potassium, lets water go."
    medicine.save()

    after = {name: client.get(url) for name, url in answers.items()}
    assert {name: response["X-Cache"] for name, response in after.items()} == {
        "medication": "miss",
        "medications": "miss",
        "condition": "miss",
        "unrelated condition": "hit",
        "infobutton": "hit",  # it answers with the condition's page, which names no medicine
    }
    assert after["medication"].json()["summary"] == "Keeps potassium, lets water go."


def test_a_change_to_a_coded_condition_reaches_the_infobutton_at_once(client, caching, site):
    url = site["answers"]["infobutton"]
    client.get(url)
    condition = ConditionCode.objects.get(code="D47.Z9").condition
    condition.summary = "A summary the health record must see at once."
    condition.save()

    answer = client.get(url)
    assert answer["X-Cache"] == "miss"
    assert "A summary the health record must see at once." in answer.content.decode()
    assert client.get(site["answers"]["unrelated condition"])["X-Cache"] == "miss"  # first call


def test_an_archived_item_leaves_every_cached_answer_at_once(client, caching, site):
    for url in site["answers"].values():
        client.get(url)

    medicine = Medication.objects.get(pk=site["medicine"].pk)
    medicine.status = Status.ARCHIVED
    medicine.save()

    assert client.get(site["answers"]["medication"]).status_code == 404
    slugs = [item["slug"] for item in client.get(site["answers"]["medications"]).json()["items"]]
    assert "spironolactone" not in slugs


def test_formats_and_languages_are_cached_apart(client, caching, site):
    url = site["answers"]["infobutton"]
    atom = client.get(url)
    as_json = client.get(url + "&knowledgeResponseType=application/json")
    assert atom["Content-Type"].startswith("text/xml") and as_json["Content-Type"].startswith("application/json")
    assert client.get(url)["Content-Type"].startswith("text/xml")

    english = client.get("/api/v1/medications", HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get("/api/v1/medications", HTTP_ACCEPT_LANGUAGE="es")
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"
    assert client.get("/api/v1/medications", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "es"
    assert client.get("/api/v1/medications", HTTP_ACCEPT_LANGUAGE="es")["X-Cache"] == "hit"


def test_a_conditional_call_to_a_cached_answer_gets_a_304(client, caching, site):
    url = site["answers"]["medication"]
    etag = client.get(url)["ETag"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified["X-Cache"] == "hit"


def test_errors_are_never_cached(client, caching, site):
    assert client.get("/api/v1/medications/no-such-medicine").status_code == 404
    assert "X-Cache" not in client.get("/api/v1/medications/no-such-medicine")
    assert client.get("/api/v1/medications?lang=xx").status_code == 400

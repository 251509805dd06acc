"""The Infobutton endpoint as a health record calls it: coded requests in both formats."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from conditions.models import ConditionCode
from medications.models import MedicationCode
from portal.codes.systems import SYSTEMS, CodeSystem
from portal.models import Status

NS = {"a": "http://www.w3.org/2005/Atom", "schema": "https://schema.org/"}
ICD10CM, SNOMEDCT, RXNORM = (SYSTEMS[s].oid for s in (CodeSystem.ICD10CM, CodeSystem.SNOMEDCT, CodeSystem.RXNORM))
OID = {CodeSystem.ICD10CM: ICD10CM, CodeSystem.SNOMEDCT: SNOMEDCT, CodeSystem.RXNORM: RXNORM}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def _atom(client, **params) -> ET.Element:
    response = client.get("/infobutton/", {key.replace("_", "."): value for key, value in params.items()})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def _json(client, **params) -> dict:
    query = {key.replace("_", "."): value for key, value in params.items()}
    response = client.get("/infobutton/", {**query, "knowledgeResponseType": "application/json"})
    assert response.status_code == 200, response.content
    return response.json()["feed"]


def _titles(feed: ET.Element) -> list[str]:
    return [entry.findtext("a:title", namespaces=NS) for entry in feed.findall("a:entry", NS)]


def test_it_works_for_poems_syndromes_icd10cm_code(client, demo):
    feed = _atom(client, mainSearchCriteria_v_c="D47.Z9", mainSearchCriteria_v_cs=ICD10CM)

    [entry] = feed.findall("a:entry", NS)
    assert entry.findtext("a:title", namespaces=NS) == "POEMS syndrome"
    assert entry.find("a:link", NS).get("href") == "http://testserver/conditions/poems-syndrome/"
    assert "plasma cells" in entry.findtext("a:summary", namespaces=NS)
    assert entry.findtext("schema:lastReviewed", namespaces=NS) == "2025-10-01"
    assert entry.findtext("a:updated", namespaces=NS).endswith("Z")
    assert feed.findtext("a:id", namespaces=NS).startswith("http://testserver/infobutton/")
    schemes = {c.get("scheme"): c.get("term") for c in feed.findall("a:category", NS)}
    assert schemes["mainSearchCriteria.v.c"] == "D47.Z9" and schemes["informationRecipient"] == "PAT"


def test_a_more_specific_icd10cm_code_finds_its_parents_page(client, demo, make_condition):
    castleman = make_condition(slug="castleman", name="Castleman disease")
    ConditionCode.objects.create(condition=castleman, system=CodeSystem.ICD10CM, code="D47.Z")

    assert _titles(_atom(client, mainSearchCriteria_v_c="D47.Z2", mainSearchCriteria_v_cs=ICD10CM)) == [
        "Castleman disease"
    ]
    # The exact code wins over its parent.
    assert _titles(_atom(client, mainSearchCriteria_v_c="D47Z9", mainSearchCriteria_v_cs=ICD10CM)) == ["POEMS syndrome"]
    assert _titles(_atom(client, mainSearchCriteria_v_c="D47.0", mainSearchCriteria_v_cs=ICD10CM)) == []


def test_gabapentins_rxcui_in_json(client, demo):
    feed = _json(client, mainSearchCriteria_v_c="25480", mainSearchCriteria_v_cs=RXNORM, informationRecipient="PROV")

    [entry] = feed["entry"]
    assert entry["title"]["_value"] == "gabapentin"
    assert entry["link"][0]["href"] == "http://testserver/medications/gabapentin/"
    assert entry["summary"]["_value"].startswith("Gabapentin eases nerve pain")
    assert entry["lastReviewed"]["_value"] == "2025-10-01"
    assert {"scheme": "informationRecipient", "term": "PROV"} in feed["category"]


def _demo_codes():
    call_command("load_demo", verbosity=0)
    rows = [(row.system, row.code, row.condition.name) for row in ConditionCode.objects.select_related("condition")]
    rows += [
        (row.system, row.code, row.medication.name)
        for row in MedicationCode.objects.select_related("medication")
        if row.system in OID
    ]
    return rows


@pytest.mark.django_db
def test_every_demo_code_answers_in_both_formats(client):
    rows = _demo_codes()
    assert len(rows) >= 15

    for system, code, name in rows:
        atom_titles = _titles(_atom(client, mainSearchCriteria_v_c=code, mainSearchCriteria_v_cs=OID[system]))
        feed = _json(client, mainSearchCriteria_v_c=code, mainSearchCriteria_v_cs=OID[system])
        assert name in atom_titles, (system, code)
        assert name in [entry["title"]["_value"] for entry in feed["entry"]], (system, code)


def test_display_name_is_a_text_fallback(client, demo):
    by_name = _titles(_atom(client, mainSearchCriteria_v_dn="Neurontin"))
    unknown_code_with_name = _titles(
        _atom(client, mainSearchCriteria_v_c="999999", mainSearchCriteria_v_cs=RXNORM, mainSearchCriteria_v_dn="POEMS")
    )

    assert by_name[0] == "gabapentin"
    assert "POEMS syndrome" in unknown_code_with_name


def test_no_match_is_an_empty_valid_feed(client, demo):
    for output in (_atom, _json):
        feed = output(client, mainSearchCriteria_v_c="I10", mainSearchCriteria_v_cs=ICD10CM)
        if output is _atom:
            assert feed.tag == "{http://www.w3.org/2005/Atom}feed" and feed.findall("a:entry", NS) == []
            assert feed.findtext("a:title", namespaces=NS) and feed.findtext("a:updated", namespaces=NS)
        else:
            assert feed["entry"] == [] and feed["title"]["_value"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "mainSearchCriteria.v.c"),
        ({"mainSearchCriteria.v.c": "D47.Z9"}, "mainSearchCriteria.v.cs"),
        ({"mainSearchCriteria.v.cs": ICD10CM}, "mainSearchCriteria.v.c"),
        (
            {"mainSearchCriteria.v.c": "D47.Z9", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.1"},
            "mainSearchCriteria.v.cs",
        ),
        (
            {"mainSearchCriteria.v.c": "N03AX12", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.73"},
            "mainSearchCriteria.v.cs",
        ),
        ({"mainSearchCriteria.v.c": "47.Z9", "mainSearchCriteria.v.cs": ICD10CM}, "mainSearchCriteria.v.c"),
        ({"mainSearchCriteria.v.c": "22298007", "mainSearchCriteria.v.cs": SNOMEDCT}, "mainSearchCriteria.v.c"),
        ({"mainSearchCriteria.v.c": "gaba", "mainSearchCriteria.v.cs": RXNORM}, "mainSearchCriteria.v.c"),
        ({"mainSearchCriteria.v.dn": "x", "informationRecipient": "PAYOR"}, "informationRecipient"),
        ({"mainSearchCriteria.v.dn": "x", "informationRecipient.languageCode.c": "english!"}, "languageCode"),
        ({"mainSearchCriteria.v.dn": "x", "knowledgeResponseType": "text/html"}, "knowledgeResponseType"),
    ],
)
def test_bad_requests_get_a_clear_400_in_the_requested_format(client, db, params, parameter):
    xml = client.get("/infobutton/", params)
    as_json = client.get("/infobutton/", {"knowledgeResponseType": "application/json", **params})

    assert xml.status_code == 400 and xml["Content-Type"].startswith("text/xml")
    error = ET.fromstring(xml.content)
    assert error.findtext("parameter") == parameter and error.findtext("message")
    if params.get("knowledgeResponseType") != "text/html":
        assert as_json.status_code == 400
        assert as_json.json()["error"]["parameter"] == parameter


@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": Status.DRAFT},
        {"status": Status.ARCHIVED},
        {"published_at": timezone.now() + datetime.timedelta(days=3)},
    ],
)
def test_an_unpublished_items_code_returns_nothing(client, make_condition, make_medication, unpublished):
    draft = make_condition(name="Draft condition", **unpublished)
    ConditionCode.objects.create(condition=draft, system=CodeSystem.ICD10CM, code="G62.9")
    MedicationCode.objects.create(medication=make_medication(**unpublished), system=CodeSystem.RXNORM, code="25480")

    for code, oid in [("G62.9", ICD10CM), ("G62.91", ICD10CM), ("25480", RXNORM)]:
        assert _titles(_atom(client, mainSearchCriteria_v_c=code, mainSearchCriteria_v_cs=oid)) == []
    assert _titles(_atom(client, mainSearchCriteria_v_dn="Draft condition")) == []


def test_infobutton_answers_carry_cors_validators_and_304(client, demo):
    params = {"mainSearchCriteria.v.c": "25480", "mainSearchCriteria.v.cs": RXNORM}
    first = client.get("/infobutton/", params)

    again = client.get("/infobutton/", params, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Access-Control-Allow-Origin"] == "*" and first["Last-Modified"]
    assert again.status_code == 304


@pytest.mark.parametrize("count", [2, 30])
def test_infobutton_query_count_is_flat(client, django_assert_num_queries, make_condition, count):
    for index in range(count):
        ConditionCode.objects.create(
            condition=make_condition(name=f"C{index}"), system=CodeSystem.ICD10CM, code="G62.9"
        )

    with django_assert_num_queries(1):  # 1 published conditions with the code or its parents
        feed = _atom(client, mainSearchCriteria_v_c="G62.9", mainSearchCriteria_v_cs=ICD10CM)

    assert len(_titles(feed)) == min(count, 20)

"""Where features meet and input is hostile, the machine-readable surfaces (the API, the
Atom feed, the Infobutton) still answer in their own format: never a 500, never live HTML,
never a body its parser rejects."""

import base64
import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.http import http_date

from tests.api.conftest import assert_matches_schema

ATOM = {"a": "http://www.w3.org/2005/Atom"}
INFOBUTTON = "/infobutton/?mainSearchCriteria.v.c=D47.Z9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _api_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"]["status"] == status and body["error"]["message"]
    return body


@pytest.mark.parametrize("query", ["POEMS", "VEGF", "nerve", "diuretic", "or"])
def test_api_search_answers_common_words_that_glossary_terms_share(client, demo, query):
    response = client.get("/api/v1/search", {"q": query})

    body = assert_matches_schema(response, "/api/v1/search")
    assert response.status_code == 200
    assert body["items"]


def test_api_search_links_a_glossary_term_to_its_api_address(client, demo):
    body = client.get("/api/v1/search", {"q": "VEGF"}).json()

    term = next(item for item in body["items"] if item["kind"] == "term")
    assert term["url"] == "http://testserver/glossary/vegf/"
    detail = client.get(term["api_url"])
    assert assert_matches_schema(detail, "/api/v1/terms/{slug}")["term"] == "VEGF"


def test_the_feed_gives_readers_the_summary_as_text_not_markup(client, make_article):
    make_article(title="Fluid", summary='Salt <img src=x onerror="alert(1)"> & <script>alert(2)</script> water')

    feed = ET.fromstring(client.get("/feeds/articles/").content)

    summary = feed.find("a:entry/a:summary", ATOM)
    # What a reader renders as HTML must show the editor's characters, not run them.
    assert "<img" not in summary.text and "<script" not in summary.text
    assert "&lt;img" in summary.text and "&amp;" in summary.text


def test_the_feed_is_well_formed_whatever_the_stored_text(client, make_article):
    make_article(title="Bell\x07 and \ufffe", summary="Form\x0cfeed and \x1b escape")

    response = client.get("/feeds/articles/")

    assert response.status_code == 200
    entry = ET.fromstring(response.content).find("a:entry", ATOM)
    assert entry.findtext("a:title", namespaces=ATOM) == "Bell and "


@pytest.mark.parametrize("path", ["/api/v1/conditions", "/api/v1/medications", "/api/v1/articles"])
@pytest.mark.parametrize(
    "values", [["\u0000", 4], ["\ud800", 4], ["a\u0000b", 1], ["2025-10-18T09:00:00+00:00\u0000", 1]]
)
def test_a_forged_cursor_is_a_400_not_a_500(client, demo, path, values):
    response = client.get(path, {"cursor": _cursor(values)})

    _api_error(response, 400)


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/conditions/poems-syndrome/extra", "/api/v2/x"])
def test_an_unknown_api_address_is_a_json_404(client, db, path):
    _api_error(client.get(path), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/conditions", "/api/v1/search?q=x", "/api/v1/medications/gabapentin"])
def test_writing_to_the_read_only_api_is_a_json_405(client, demo, method, path):
    response = getattr(client, method)(path)

    _api_error(response, 405)
    assert "GET" in response["Allow"]


def test_a_nul_in_an_api_address_is_a_json_400(client, db):
    _api_error(client.get("/api/v1/search", {"q": "a\x00b"}), 400)


@pytest.mark.parametrize(
    ("response_type", "content_type"),
    [("text/xml", "text/xml"), ("application/json", "application/json"), ("APPLICATION/JSON", "application/json")],
)
def test_a_nul_in_an_infobutton_request_is_a_400_in_the_asked_format(client, db, response_type, content_type):
    response = client.get("/infobutton/", {"mainSearchCriteria.v.dn": "a\x00b", "knowledgeResponseType": response_type})

    assert response.status_code == 400
    assert response["Content-Type"].startswith(content_type)
    if content_type == "text/xml":
        assert ET.fromstring(response.content).findtext("message")
    else:
        assert response.json()["error"]["message"]


def test_the_infobutton_answers_only_reads(client, demo):
    response = client.post(INFOBUTTON)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert ET.fromstring(response.content).findtext("status") == "405"


def test_the_infobutton_response_type_is_matched_without_regard_to_case(client, demo):
    response = client.get(INFOBUTTON + "&knowledgeResponseType=APPLICATION/JSON")

    assert response.status_code == 200
    assert response.json()["feed"]["entry"][0]["title"]["_value"] == "POEMS syndrome"


# As sent on the wire: a control character, U+FFFE, an escape sequence, a lone surrogate's bytes.
@pytest.mark.parametrize("text", ["POEMS%01", "POEMS%EF%BF%BE", "POEMS%1B%5B0m", "POEMS%ED%A0%80"])
@pytest.mark.parametrize("response_type", ["text/xml", "application/json"])
def test_infobutton_answers_parse_whatever_the_parameters_carry(client, demo, text, response_type):
    for parameter in ("mainSearchCriteria.v.dn", "mainSearchCriteria.v.c", "informationRecipient"):
        query = f"mainSearchCriteria.v.dn=POEMS&{parameter}={text}&knowledgeResponseType={response_type}"
        response = client.get(f"/infobutton/?{query}")

        assert response.status_code in (200, 400), parameter
        if response_type == "text/xml":
            ET.fromstring(response.content)
        else:
            json.loads(response.content)


@pytest.mark.parametrize("path", ["/api/v1/medications/gabapentin", INFOBUTTON])
def test_a_validator_from_the_future_is_ignored(client, demo, path):
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    response = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(tomorrow.timestamp()))

    assert response.status_code == 200

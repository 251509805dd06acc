"""Every public address, with every query parameter any public view reads, given hostile
values: never a 500, and machine-readable answers (API, Infobutton, feed, sitemap) always
parse in their own format."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

PATHS = [
    "/", "/conditions/", "/conditions/poems-syndrome/", "/conditions/poems-syndrome/guides/", "/medications/",
    "/medications/gabapentin/", "/medications/compare/", "/articles/", "/tags/poems/", "/glossary/",
    "/glossary/vegf/", "/search/", "/sitemap.xml", "/feeds/articles/", "/robots.txt", "/api/v1/conditions",
    "/api/v1/medications/gabapentin", "/api/v1/articles", "/api/v1/search", "/api/v1/terms", "/infobutton/",
]  # fmt: skip
PARAMETERS = [
    "q", "page", "kind", "tag", "m", "p", "cursor", "limit", "mainSearchCriteria.v.c", "mainSearchCriteria.v.cs",
    "mainSearchCriteria.v.dn", "knowledgeResponseType", "informationRecipient.languageCode.c",
]  # fmt: skip
# As sent on the wire: NUL, an invalid UTF-8 byte, a lone surrogate's bytes, U+FFFE, a control
# character, markup, a huge number, a long value, a zero-width space, a path.
VALUES = ["%00", "%FF", "%ED%A0%80", "%EF%BF%BE", "%01", "%3Cscript%3E", "99999999999999999999", "a" * 2000,
          "%E2%80%8B", "..%2F..", "-1", ""]  # fmt: skip


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("path", PATHS)
def test_hostile_query_values_never_break_a_public_address(client, demo, path):
    client.raise_request_exception = False
    for parameter in PARAMETERS:
        for value in VALUES:
            response = client.get(f"{path}?{parameter}={value}")
            assert response.status_code < 500, (parameter, value, response.status_code)
            kind = response.get("Content-Type", "")
            if kind.startswith("application/json"):
                json.loads(response.content)
            elif "xml" in kind:
                ET.fromstring(response.content)

"""Every content type the registry finds, on every surface it appears on, in every state.

Each content type gets a published, a draft, a scheduled and an archived item, and a
published item whose text carries hostile markup. Every surface (its page, its A–Z list,
search, the API's list, detail and search, the sitemap, the feed, the Infobutton, the page's
JSON-LD and its "words on this page") answers 200 or 404 as due, never a 500; shows the
published item and never the others; never lets the markup through; and a machine-readable
answer always parses. Items are made from the models' own fields, so a new content type (the
test-only fourth type included) is covered with no edit here.
"""

import datetime
import itertools
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.db import models
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from articles.feeds import LatestArticlesFeed
from portal.models import Publishable, Status
from portal.registry import content_types
from tests.conftest import signed_off

PAST = timezone.make_aware(datetime.datetime(2025, 10, 18, 9, 0))
FUTURE = timezone.now() + datetime.timedelta(days=30)
STATES = {
    "published": {"status": Status.PUBLISHED, "published_at": PAST},
    "draft": {"status": Status.DRAFT},
    "in review": {"status": Status.IN_REVIEW},
    "scheduled": {"status": Status.PUBLISHED, "published_at": FUTURE},
    "archived": {"status": Status.ARCHIVED, "published_at": PAST},
}
HOSTILE = (
    'Zq <script>alert("x")</script> <img src=x onerror=alert(1)> <a href="javascript:alert(2)">go</a> '
    "<style>body{}</style> <iframe src=//evil></iframe> \x01\x1b"
)
HOSTILE_MARKDOWN = HOSTILE + "\n\n[click](javascript:alert(3)) [data](data:text/html,<b>x</b>)\n"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
_numbers = itertools.count(1)
TYPES = content_types()


def _label(model: type[Publishable]) -> str:
    return model._meta.label_lower


@dataclass
class Item:
    obj: Publishable
    token: str  # a word that only this item's title carries, to find it by search

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()


def _value(field: models.Field, token: str, text: str, markdown: str):
    """A value for a required field, from its type alone."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.SlugField):
        return f"{token}-{next(_numbers)}"
    if isinstance(field, models.TextField):
        return markdown
    if isinstance(field, models.CharField):
        return f"{token} {field.name} {text}"[: field.max_length]
    if isinstance(field, models.ForeignKey):
        return _make(field.related_model, f"{token}-{field.name}", text="Related", markdown="")
    if isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField)):
        return 0
    if isinstance(field, models.DateTimeField):
        return PAST
    if isinstance(field, models.DateField):
        return PAST.date()
    raise NotImplementedError(f"no value for {field!r}")


def _make(model: type[models.Model], token: str, *, text: str, markdown: str, **given) -> models.Model:
    """An instance of `model` with every field filled that the model cannot leave empty, and
    its title, summary and Markdown fields carrying `text` and `markdown`."""
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.auto_created:
            continue
        if field.name == getattr(model, "title_field", None):
            values[field.name] = f"{token} {text}"[: field.max_length]
        elif field.name in getattr(model, "markdown_fields", ()) or field.name == "summary":
            values[field.name] = markdown
        elif not (field.blank or field.null or field.has_default()):
            values[field.name] = _value(field, token, text, markdown)
    if issubclass(model, Publishable):
        return signed_off(model, **values)
    return model.objects.create(**values)


def make_item(model: type[Publishable], state: str, *, hostile: bool = False) -> Item:
    token = f"zq{next(_numbers)}{state.replace(' ', '')}"
    text, markdown = (HOSTILE, HOSTILE_MARKDOWN) if hostile else ("Item", f"About {token}, in words.")
    return Item(_make(model, token, text=text, markdown=markdown, **STATES[state]), token)


def _has_page(item: Item) -> bool:
    try:
        resolve(item.url)
    except Resolver404:
        return False
    return True


def _api(name: str, **kwargs) -> str | None:
    try:
        return reverse(f"api-v1:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return None


class LiveMarkup(HTMLParser):
    """The elements and attributes that would run or restyle something in a browser."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in {"iframe", "object", "embed", "style", "form"} and "action" not in attributes:
            self.found.append(tag)
        if tag == "script" and attributes.get("type") != "application/ld+json" and "src" not in attributes:
            self.found.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in {"href", "src", "action"} and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                self.found.append(f"{tag} {name}={value}")


def assert_no_live_markup(html: str) -> None:
    parser = LiveMarkup()
    parser.feed(html)
    assert parser.found == [], parser.found


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert_no_live_markup(html)
    return html


def _check_html_fields(value) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.endswith("_html") and isinstance(inner, str):
                assert_no_live_markup(inner)
            _check_html_fields(inner)
    elif isinstance(value, list):
        for inner in value:
            _check_html_fields(inner)


def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    _check_html_fields(body)
    return body


def _xml(response) -> ET.Element:
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    for element in root.iter():
        if element.get("type") == "html":  # a feed reader renders it as HTML
            assert_no_live_markup(element.text or "")
    return root


@pytest.fixture(params=TYPES, ids=_label)
def content_type(request, db) -> type[Publishable]:
    return request.param


@pytest.fixture
def items(content_type) -> dict[str, Item]:
    made = {state: make_item(content_type, state) for state in STATES}
    made["hostile"] = make_item(content_type, "published", hostile=True)
    return made


def _shown(items: dict[str, Item]) -> list[Item]:
    return [items["published"], items["hostile"]]


def _hidden(items: dict[str, Item]) -> list[Item]:
    return [item for state, item in items.items() if state not in {"published", "hostile"}]


def test_its_own_page(client, items):
    if not _has_page(items["published"]):
        pytest.skip("this content type has no public page")
    for item in _shown(items):
        html = _html(client.get(item.url))
        assert item.token in html
    for item in _hidden(items):
        assert client.get(item.url).status_code == 404


def test_its_json_ld_parses_and_carries_no_markup(client, items):
    if not _has_page(items["published"]):
        pytest.skip("this content type has no public page")
    html = _html(client.get(items["hostile"].url))
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    for block in blocks:
        json.loads(block)
        assert "<" not in block  # JSON-LD in HTML escapes '<', so no text can close its script


def test_its_list(client, content_type, items):
    if not getattr(content_type, "list_url_name", None):
        pytest.skip("this content type has no list")
    html = _html(client.get(reverse(content_type.list_url_name)))
    assert all(item.token in html for item in _shown(items))
    assert not any(item.token in html for item in _hidden(items))


def test_search_page(client, items):
    for item in items.values():
        html = _html(client.get("/search/", {"q": item.token}))
        assert (item.url in html) == (item in _shown(items)), item.token


def test_api_list_and_detail(client, content_type, items):
    scheme = content_type.link_scheme
    if _api(scheme, slug=items["published"].obj.slug) is None:
        pytest.skip("this content type has no API")
    listed = {row["slug"] for row in _json(client.get(_api(f"{scheme}s"), {"limit": 100}))["items"]}
    for item in _shown(items):
        assert item.obj.slug in listed
        assert _json(client.get(_api(scheme, slug=item.obj.slug)))["slug"] == item.obj.slug
    for item in _hidden(items):
        assert item.obj.slug not in listed
        response = client.get(_api(scheme, slug=item.obj.slug))
        assert response.status_code == 404 and _json(response)["error"]["status"] == 404


def test_api_search(client, items):
    for item in items.values():
        response = client.get("/api/v1/search", {"q": item.token})
        assert response.status_code == 200
        found = {(hit["kind"], hit["slug"]) for hit in _json(response)["items"]}
        expected = (item.obj.link_scheme, item.obj.slug) in found
        assert expected == (item in _shown(items)), item.token


def test_sitemap(client, items):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {element.text for element in ET.fromstring(response.content).iter() if element.tag.endswith("loc")}
    for item in items.values():
        listed = any(location.endswith(item.url) for location in locations)
        assert listed == (item in _shown(items)), item.token


def test_feed(client, content_type, items):
    root = _xml(client.get("/feeds/articles/"))
    links = {link.get("href") for link in root.iterfind("a:entry/a:link", ATOM)}
    in_feed = content_type is LatestArticlesFeed().items().model
    for item in items.values():
        listed = any(link.endswith(item.url) for link in links)
        assert listed == (in_feed and item in _shown(items)), item.token


@pytest.mark.parametrize("response_type", ["text/xml", "application/json"])
def test_infobutton_by_name(client, items, response_type):
    for item in items.values():
        params = {"mainSearchCriteria.v.dn": item.token, "knowledgeResponseType": response_type}
        response = client.get("/infobutton/", params)
        if response_type == "text/xml":
            entries = _xml(response).iterfind("a:entry/a:link", ATOM)
            links = {link.get("href") for link in entries}
        else:
            links = {entry["link"][0]["href"] for entry in _json(response)["feed"]["entry"]}
        assert any(link.endswith(item.url) for link in links) == (item in _shown(items)), item.token


@pytest.mark.parametrize("explainer", [model for model in TYPES if model.explains_terms], ids=_label)
def test_words_on_this_page(client, content_type, explainer):
    """A page explains the published terms it uses and never a draft one."""
    published, draft = make_item(explainer, "published"), make_item(explainer, "draft")
    words = f"{published.obj.term_names()[0]} and {draft.obj.term_names()[0]}"
    page = _make(content_type, "zqpage", text="Page", markdown=f"Both {words}.", **STATES["published"])
    item = Item(page, "zqpage")
    if not _has_page(item) or not type(page).markdown_fields:
        pytest.skip("this content type has no page with Markdown")
    html = _html(client.get(item.url))
    assert published.obj.term_definition() in html
    assert draft.obj.term_definition() not in html


def test_a_to_z_never_fails_on_a_hostile_title(client, content_type, items):
    """The letter groups of an A–Z list take the first character of a title, whatever it is."""
    if not getattr(content_type, "list_url_name", None):
        pytest.skip("this content type has no list")
    title = {content_type.title_field: "\x01«Odd» zqodd"}
    _make(content_type, "zqodd", text="", markdown="", **title, **STATES["published"])
    html = _html(client.get(reverse(content_type.list_url_name)))
    assert "zqodd" in html

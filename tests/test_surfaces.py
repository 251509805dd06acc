"""Every content type the registry finds, on every surface it appears on, in every state, in
every language.

Each content type gets a published, a draft, an in-review, a scheduled and an archived item,
and a published item whose text carries hostile markup. Every surface (its page, its A–Z
list, search, the API's list, detail and search, the sitemap, the feed, the Infobutton, the
page's JSON-LD and its "words on this page") answers 200 or 404 as due, never a 500; shows the
published item and never the others; never lets the markup through; and a machine-readable
answer always parses. Items are made from the models' own fields, so a new content type (the
test-only fourth type included) is covered with no edit here.

The same matrix runs once per content language. In a language other than the source's, each
item is a version of its own published source item, and each surface is asked in that
language (the page at its address there, the list and search under the language's prefix,
the API with `?lang=`, the feed in that language, the Infobutton with its language code). A
hidden version leaves its source on that language's pages, marked as in the source language:
that is the fallback, so what must be absent is the version's own token, never the source's.
A surface in the source language never shows a version in another language, published or not.
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
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import timezone, translation

from articles.feeds import LatestArticlesFeed
from portal.languages import activation_code, content_languages, source_language
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
SOURCE = source_language()


def _label(model: type[Publishable]) -> str:
    return model._meta.label_lower


@dataclass
class Item:
    obj: Publishable
    token: str  # a word that only this item's title carries, to find it by search
    source: "Item | None" = None  # the published item this one is a version of, in the source language

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()

    @property
    def language(self) -> str:
        return self.obj.language


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


def _made(model: type[Publishable], token: str, language: str, **given) -> tuple[Publishable, "Item | None"]:
    """`_make` in `language`: in another language than the source's, a version of a published
    source item made for it with its own token; that source is given too."""
    if language == SOURCE:
        return _make(model, token, **given), None
    source = make_item(model, "published")
    return _make(model, token, language=language, translation_of=source.obj, **given), source


def make_item(model: type[Publishable], state: str, language: str = SOURCE, *, hostile: bool = False) -> Item:
    token = f"zq{next(_numbers)}{state.replace(' ', '')}"
    text, markdown = (HOSTILE, HOSTILE_MARKDOWN) if hostile else ("Item", f"About {token}, in words.")
    obj, source = _made(model, token, language, text=text, markdown=markdown, **STATES[state])
    return Item(obj, token, source)


def _address(name: str, language: str, **kwargs) -> str:
    """The address of URL `name` in a page language."""
    with translation.override(activation_code(language)):
        return reverse(name, kwargs=kwargs)


def _surface_languages(language: str) -> list[str]:
    """The languages whose surfaces are asked about items in `language`: their own, and the source's."""
    return list(dict.fromkeys([language, SOURCE]))


def _lang(language: str) -> dict[str, str]:
    """The API's query parameter for an answer in `language` (none in the source language, as before languages)."""
    return {} if language == SOURCE else {"lang": language}


def _has_page(item: Item) -> bool:
    try:
        with translation.override(activation_code(item.language)):
            resolve(item.url)
    except Resolver404:
        return False
    return True


def _alternates(html: str) -> set[str]:
    """The paths of the page's `<link rel="alternate" hreflang>` (x-default included)."""
    return set(re.findall(r'<link rel="alternate" hreflang="[^"]+" href="https?://[^/"]+([^"]*)">', html))


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


@pytest.fixture(params=content_languages())
def language(request) -> str:
    return request.param


@pytest.fixture
def items(content_type, language) -> dict[str, Item]:
    made = {state: make_item(content_type, state, language) for state in STATES}
    made["hostile"] = make_item(content_type, "published", language, hostile=True)
    return made


def _shown(items: dict[str, Item], surface: str | None = None) -> list[Item]:
    """What a surface in language `surface` (the items' own, by default) shows of `items`: the
    published and the hostile item in their own language, and none in another."""
    if surface not in {None, items["published"].language}:
        return []
    return [items["published"], items["hostile"]]


def _hidden(items: dict[str, Item]) -> list[Item]:
    return [item for state, item in items.items() if state not in {"published", "hostile"}]


def test_its_own_page(client, items):
    if not _has_page(items["published"]):
        pytest.skip("this content type has no public page")
    for item in _shown(items):
        html = _html(client.get(item.url))
        assert item.token in html
        # It is the same page as its source's (hreflang alternates); an item in one language has none.
        assert _alternates(html) == ({item.url, item.source.url} if item.source else set()), item.token
    for item in _hidden(items):
        assert client.get(item.url).status_code == 404
    for item in items.values():
        if item.source is not None:  # its source's page names it as an alternate when shown, else never names it
            html = _html(client.get(item.source.url))
            assert _alternates(html) == ({item.url, item.source.url} if item in _shown(items) else set())
            assert item in _shown(items) or item.token not in html, item.token
        if item.language != SOURCE:  # a version has no page at its address in the source language
            with translation.override(activation_code(item.language)):
                address = translate_url(item.url, activation_code(SOURCE))
            assert address != item.url
            assert client.get(address).status_code == 404, address


def test_its_json_ld_parses_and_carries_no_markup(client, items):
    if not _has_page(items["published"]):
        pytest.skip("this content type has no public page")
    html = _html(client.get(items["hostile"].url))
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    for block in blocks:
        json.loads(block)
        assert "<" not in block  # JSON-LD in HTML escapes '<', so no text can close its script


def test_its_list(client, content_type, items, language):
    if not getattr(content_type, "list_url_name", None):
        pytest.skip("this content type has no list")
    for surface in _surface_languages(language):
        html = _html(client.get(_address(content_type.list_url_name, surface)))
        for item in items.values():
            assert (item.token in html) == (item in _shown(items, surface)), (surface, item.token)
            if item.source is not None and surface == item.language:
                # A hidden version's source stands in for it (the fallback); a shown one replaces it.
                assert (item.source.token in html) == (item in _hidden(items)), (surface, item.source.token)


def test_search_page(client, items, language):
    for surface in _surface_languages(language):
        for item in items.values():
            html = _html(client.get(_address("search", surface), {"q": item.token}))
            assert (item.url in html) == (item in _shown(items, surface)), (surface, item.token)


def test_api_list_and_detail(client, content_type, items, language):
    scheme = content_type.link_scheme
    if _api(scheme, slug=items["published"].obj.slug) is None:
        pytest.skip("this content type has no API")
    for surface in _surface_languages(language):
        lang = _lang(surface)
        listed = {row["slug"] for row in _json(client.get(_api(f"{scheme}s"), {"limit": 100, **lang}))["items"]}
        for item in items.values():
            assert (item.obj.slug in listed) == (item in _shown(items, surface)), (surface, item.token)
            response = client.get(_api(scheme, slug=item.obj.slug), lang)
            if item in _hidden(items):
                assert response.status_code == 404 and _json(response)["error"]["status"] == 404
                continue
            body = _json(response)
            assert response.status_code == 200 and body["language"] == surface
            # A published version's slug asked in another language answers its source.
            assert body["slug"] == (item if item in _shown(items, surface) else item.source).obj.slug


def test_api_search(client, items, language):
    for surface in _surface_languages(language):
        for item in items.values():
            response = client.get("/api/v1/search", {"q": item.token, **_lang(surface)})
            assert response.status_code == 200
            found = {(hit["kind"], hit["slug"]) for hit in _json(response)["items"]}
            expected = (item.obj.link_scheme, item.obj.slug) in found
            assert expected == (item in _shown(items, surface)), (surface, item.token)


def test_sitemap(client, items):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    text = response.content.decode()
    locations = {element.text for element in ET.fromstring(text).iter() if element.tag.endswith("loc")}
    for item in items.values():
        listed = any(location.endswith(item.url) for location in locations)
        assert listed == (item in _shown(items)), item.token
        if item in _hidden(items):  # nor an alternate of its source's address
            assert item.token not in text, item.token


def test_feed(client, content_type, items, language):
    in_feed = content_type is LatestArticlesFeed().items().model
    for surface in _surface_languages(language):
        root = _xml(client.get(_address("feeds:articles", surface)))
        links = {link.get("href") for link in root.iterfind("a:entry/a:link", ATOM)}
        for item in items.values():
            listed = any(link.endswith(item.url) for link in links)
            assert listed == (in_feed and item in _shown(items, surface)), (surface, item.token)


@pytest.mark.parametrize("response_type", ["text/xml", "application/json"])
def test_infobutton_by_name(client, items, language, response_type):
    for surface in _surface_languages(language):
        asked = {} if surface == SOURCE else {"informationRecipient.languageCode.c": surface}
        for item in items.values():
            params = {"mainSearchCriteria.v.dn": item.token, "knowledgeResponseType": response_type, **asked}
            response = client.get("/infobutton/", params)
            if response_type == "text/xml":
                entries = _xml(response).iterfind("a:entry/a:link", ATOM)
                links = {link.get("href") for link in entries}
            else:
                links = {entry["link"][0]["href"] for entry in _json(response)["feed"]["entry"]}
            listed = any(link.endswith(item.url) for link in links)
            assert listed == (item in _shown(items, surface)), (surface, item.token)


@pytest.mark.parametrize("explainer", [model for model in TYPES if model.explains_terms], ids=_label)
def test_words_on_this_page(client, content_type, explainer, language):
    """A page explains the published terms of its language that it uses, never a draft one, and
    a page in the source language never explains a term with another language's definition."""
    published, draft = make_item(explainer, "published", language), make_item(explainer, "draft", language)
    words = f"{published.obj.term_names()[0]} and {draft.obj.term_names()[0]}"
    fields = {"text": "Page", "markdown": f"Both {words}.", **STATES["published"]}
    item = Item(_made(content_type, "zqpage", language, **fields)[0], "zqpage")
    if not _has_page(item) or not content_type.markdown_fields:
        pytest.skip("this content type has no page with Markdown")
    html = _html(client.get(item.url))
    assert published.obj.term_definition() in html
    assert draft.obj.term_definition() not in html
    if language != SOURCE:
        in_source_language = Item(_make(content_type, "zqsource", **fields), "zqsource")
        html = _html(client.get(in_source_language.url))
        assert published.obj.term_definition() not in html
        assert draft.obj.term_definition() not in html


def test_a_to_z_never_fails_on_a_hostile_title(client, content_type, items, language):
    """The letter groups of an A–Z list take the first character of a title, whatever it is."""
    if not getattr(content_type, "list_url_name", None):
        pytest.skip("this content type has no list")
    title = {content_type.title_field: "\x01«Odd» zqodd"}
    _made(content_type, "zqodd", language, text="", markdown="", **title, **STATES["published"])
    html = _html(client.get(_address(content_type.list_url_name, language)))
    assert "zqodd" in html

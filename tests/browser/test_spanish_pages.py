"""The Spanish pages under /es/, in a real Chromium: axe finds nothing, the language switcher
takes a patient between the English and Spanish POEMS hubs (with the mouse and the keyboard),
and no English interface words are left in the Spanish pages' chrome or main content."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import screenshot, scrolls_sideways

SPANISH_PATHS = {
    "es-home": "/es/",
    "es-hub": "/es/condiciones/sindrome-poems/",
    "es-guides": "/es/condiciones/sindrome-poems/guias/",
    "es-conditions": "/es/condiciones/",
    "es-medications": "/es/medicamentos/",
    "es-lenalidomide": "/es/medicamentos/lenalidomida/",
    "es-articles": "/es/articulos/",
    "es-article": "/es/articulos/lenalidomida-para-el-sindrome-poems-mecanismo-beneficios-y-riesgos/",
    "es-glossary": "/es/glosario/",
    "es-glossary-word": "/es/glosario/polineuropatia/",
    "es-search": "/es/buscar/?q=neuropatia",
    "es-search-nothing": "/es/buscar/?q=zzzzqqq",
    "es-compare-picker": "/es/medicamentos/comparar/",
    "es-compare": "/es/medicamentos/comparar/?m=lenalidomida&m=bortezomib",
    "es-not-found": "/es/condiciones/no-existe/",
}
EN_HUB = "/conditions/poems-syndrome/"
ES_HUB = "/es/condiciones/sindrome-poems/"

# Interface words of the English templates and template tags. Words spelt the same in Spanish
# ("General", "Total") and the content's proper nouns (POEMS, brand names) are left out: those
# are not untranslated interface.
ENGLISH_INTERFACE = [
    "Skip to main content",
    "Health portal",
    "Search",
    "Conditions",
    "Medications",
    "Medicines",
    "Medical words",
    "Guides",
    "Related",
    "Read next",
    "More on this topic",
    "On this page",
    "Also known as",
    "Brand names",
    "Drug class",
    "Common side effects",
    "Serious warnings",
    "How to get it",
    "Page last reviewed",
    "Last reviewed",
    "Medically reviewed",
    "Next review due",
    "Reviewed by",
    "Written by",
    "Sources",
    "Overview",
    "Home",
    "Compare",
    "Side by side",
    "Choose",
    "Show all",
    "Previous",
    "Next",
    "Page not found",
    "No published",
    "not medical advice",
    "Featured",
    "in English",
    "results",
    "Filter",
    "Tags",
    "Other languages",
    "Main",
    "Breadcrumb",
]
# Names in the content that hold an interface word: the publisher of a cited source.
PROPER_NOUNS = ["Electronic Medicines Compendium"]
ENGLISH_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, ENGLISH_INTERFACE)) + r")\b")

# Visible text of the page, and the accessible names and alternatives screen readers read out,
# whose language is Spanish: its nearest lang attribute is "es". Text in an element with
# lang="en" (an item without a Spanish version, shown in English on purpose) is left out, but
# not a lang="es" note inside one. The page's <title> counts too.
SPANISH_TEXT = """() => {
  const spanish = el => (el.closest('[lang]')?.lang || '').split('-')[0] === 'es';
  const visible = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    || el.matches('.skip-link, .skip-link *, .visually-hidden, .visually-hidden *');
  const found = [{where: 'title', text: document.title}];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.data.trim();
    if (!text || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName)) continue;
    if (spanish(el) && visible(el)) found.push({where: el.tagName.toLowerCase(), text});
  }
  for (const el of document.body.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
    if (!spanish(el)) continue;
    for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) found.push({where: `${el.tagName.toLowerCase()}[${name}]`, text: value});
    }
  }
  return found;
}"""


def language(page) -> str:
    return page.evaluate("document.documentElement.lang").split("-")[0]


def english_left(page) -> list[str]:
    lines = []
    for piece in page.evaluate(SPANISH_TEXT):
        text = piece["text"]
        for name in PROPER_NOUNS:
            text = text.replace(name, "")
        words = ENGLISH_WORDS.findall(text)
        if words:
            lines.append(f"{page.url} <{piece['where']}> {piece['text']!r}: {', '.join(words)}")
    return lines


@pytest.mark.parametrize("width", [1280, 390])
def test_every_spanish_page_passes_axe_at(width, live_server, new_page, axe):
    call_command("load_demo", verbosity=0)
    page = new_page(width=width)
    violations, sideways, statuses = [], [], {}
    for name, path in {**SPANISH_PATHS, "en-hub": EN_HUB}.items():
        response = page.goto(live_server.url + path)
        statuses[path] = response.status
        violations += axe(page)
        if scrolls_sideways(page):
            sideways.append(path)
        screenshot(page, name, width)
    assert {path: status for path, status in statuses.items() if status != 200} == {SPANISH_PATHS["es-not-found"]: 404}
    assert violations == [], "\n".join(violations)
    assert sideways == []


def test_the_switcher_is_visible_in_the_header_area(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page(width=390)
    page.goto(live_server.url + EN_HUB)
    switcher = page.get_by_role("navigation", name="Other languages")
    link = switcher.get_by_role("link", name="Español")
    expect(link).to_be_visible()
    header = page.locator(".site-header").bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    box = link.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1  # below the header …
    assert box["y"] + box["height"] <= heading["y"]  # … and above the page's heading
    assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.2 target size (minimum)
    assert page.evaluate("getComputedStyle(document.querySelector('.languages ul')).listStyleType") == "none"
    page.emulate_media(media="print")
    expect(link).to_be_hidden()


def test_the_switcher_goes_from_the_english_hub_to_the_spanish_one_and_back(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page()
    page.goto(live_server.url + EN_HUB)
    assert language(page) == "en"

    page.get_by_role("navigation", name="Other languages").get_by_role("link", name="Español").click()
    page.wait_for_url(live_server.url + ES_HUB)
    assert language(page) == "es"
    expect(page.get_by_role("heading", level=1)).to_have_text("Síndrome POEMS")

    page.get_by_role("navigation", name="Otros idiomas").get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + EN_HUB)
    assert language(page) == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("POEMS syndrome")


def test_the_switcher_is_reached_and_followed_with_the_keyboard(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page()
    page.goto(live_server.url + EN_HUB)
    link = page.get_by_role("navigation", name="Other languages").get_by_role("link", name="Español")
    for _ in range(20):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the link to the Spanish page")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + ES_HUB)
    assert language(page) == "es"


def test_no_english_interface_words_are_left_in_spanish_pages(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page()
    left = []
    for path in SPANISH_PATHS.values():
        page.goto(live_server.url + path)
        assert language(page) == "es", path
        left += english_left(page)
    assert left == [], "\n".join(left)


def test_the_scan_sees_english_interface_words(live_server, new_page):
    """The scan itself: it finds the English words of an English page, and skips lang="en"."""
    call_command("load_demo", verbosity=0)
    page = new_page()
    page.goto(live_server.url + EN_HUB)
    page.evaluate("document.documentElement.lang = 'es'")
    found = "\n".join(english_left(page))
    assert "Skip to main content" in found and "Search" in found
    page.evaluate("document.body.setAttribute('lang', 'en')")
    assert [line for line in english_left(page) if "<title>" not in line] == []

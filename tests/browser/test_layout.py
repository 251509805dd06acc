"""Patients' pages on small screens, zoomed, printed, and the error pages."""

import pytest
from django.core.management import call_command

from .conftest import screenshot, scrolls_sideways
from .test_public_pages import public_paths


def test_the_404_and_500_pages_pass_axe_with_debug_off(live_server, new_page, axe, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.browser.urls"
    page = new_page()
    violations = []
    for path, status in (("/no-such-page/", 404), ("/browser-test-failure/", 500)):
        response = page.goto(live_server.url + path)
        assert response.status == status
        assert page.get_by_role("heading", level=1).count() == 1
        violations += axe(page)
        screenshot(page, f"error-{status}", 1280)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize(("width", "zoom"), [(320, 1), (640, 2)], ids=["320px", "200%-zoom"])
def test_no_page_scrolls_sideways(width, zoom, live_server, new_page):
    """200% zoom of a 1280 px window is a 640 px wide layout drawn at twice the size."""
    call_command("load_demo", verbosity=0)
    page = new_page(width=width, zoom=zoom)
    sideways = []
    for path in public_paths().values():
        page.goto(live_server.url + path)
        if scrolls_sideways(page):
            sideways.append(path)
    assert sideways == []


def test_the_comparison_shows_every_drug_on_a_phone(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page(width=390)
    page.goto(live_server.url + "/medications/compare/?m=spironolactone&m=furosemide&m=gabapentin")

    for name in ("Spironolactone", "Furosemide", "Gabapentin"):
        heading = page.get_by_role("heading", name=name, exact=True)
        assert heading.is_visible()
        box = heading.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    note = page.get_by_text("Side by side: general information only.")
    assert note.is_visible()
    box = note.bounding_box()
    assert box["x"] + box["width"] <= 390


def test_print_keeps_the_disclaimer_and_hides_the_search_form(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page()
    page.goto(live_server.url + "/conditions/poems-syndrome/")
    page.emulate_media(media="print")

    assert not page.get_by_role("search").is_visible()
    assert page.get_by_text("not medical advice").first.is_visible()


def test_keyboard_focus_is_visible(live_server, new_page):
    call_command("load_demo", verbosity=0)
    page = new_page()
    page.goto(live_server.url + "/medications/gabapentin/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

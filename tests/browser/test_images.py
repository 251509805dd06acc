"""Pages with images, in a real browser: accessible, and no layout shift as pictures arrive."""

import pytest
from django.core.management import call_command

from .conftest import screenshot, scrolls_sideways

# Layout shifts the page reports while it loads, not caused by input (Layout Instability API).
WATCH_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "path",
    [
        "/conditions/poems-syndrome/",
        "/es/articulos/lenalidomida-para-el-sindrome-poems-mecanismo-beneficios-y-riesgos/",
    ],
)
def test_a_page_with_images_is_accessible_and_does_not_shift(live_server, new_page, axe, width, path):
    call_command("load_demo", verbosity=0)
    page = new_page(width=width)
    page.add_init_script(WATCH_SHIFTS)

    page.goto(live_server.url + path)
    figure = page.locator("figure img").first
    before = figure.bounding_box()
    figure.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('figure img')].every(img => img.complete)")
    page.wait_for_timeout(300)
    after = figure.bounding_box()

    assert figure.evaluate("img => img.naturalWidth") > 0  # the rendition arrived
    assert figure.get_attribute("width") and figure.get_attribute("height")
    assert before["height"] > 0 and abs(after["height"] - before["height"]) < 1
    assert page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)") < 0.01
    assert not scrolls_sideways(page)
    assert axe(page) == []
    screenshot(page, f"images-{path.strip('/').replace('/', '-')}", width)

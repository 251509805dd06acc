"""Browser tests: Playwright for Python driving Debian's Chromium, with axe-core from npm.

They need /usr/bin/chromium (apt-get install chromium chromium-driver) and
node_modules/axe-core (npm ci). Without them the tests are skipped with the reason, except
in CI (CI=true), where a skipped browser test is an error: `.ci/run` installs both.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HERE = Path(__file__).resolve().parent


def _missing() -> str:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium chromium-driver)")
    if not AXE.exists():
        missing.append(f"{AXE.relative_to(ROOT)} (npm ci)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (make venv)")
    return ", ".join(missing)


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if HERE in Path(str(item.fspath)).parents]
    missing = _missing()
    if not browser_items or not missing:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but browser tests cannot run; missing: {missing}")
    skip = pytest.mark.skip(reason=f"browser tests need {missing}")
    for item in browser_items:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = len(
            {
                r.nodeid
                for r in reports
                if r.nodeid.startswith("tests/browser/") and getattr(r, "when", "call") in {"call", "setup"}
            }
        )
    if any(counts.values()):
        terminalreporter.write_line(
            "Browser tests: {passed} passed, {failed} failed, {error} errors, {skipped} skipped".format(**counts)
        )


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Playwright's sync API keeps an event loop in this
    thread, which Django's async-safety check takes for async code: the ORM calls the
    tests make around the browser are ordinary synchronous ones, so the check is lifted
    for the browser tests only, and restored after them."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser):
    """Pages at a given viewport width; every page in a test shares one context (cookies)."""
    contexts = []

    def make(width: int = 1280, height: int = 900, zoom: float = 1, context=None):
        if context is None:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=zoom)
            contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """The live server's flushes give content types new ids: forget the cached ones."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """Run axe on the page (injected with evaluate: the site's CSP blocks script tags) and
    return its violations as readable lines."""

    def run(page) -> list[str]:
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        lines = []
        for violation in result["violations"]:
            for node in violation["nodes"]:
                lines.append(
                    f"{page.url} {violation['id']}: {', '.join(map(str, node['target']))} — {violation['help']}"
                )
        return lines

    return run


def screenshot(page, name: str, width: int) -> None:
    folder = SCREENSHOTS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")

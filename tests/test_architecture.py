"""The structure the README promises: dependencies run one way, and the shared core finds
content types from their declarations instead of lists kept by hand."""

import ast
import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from portal.caching import generation as cache_generation
from portal.models import Status
from portal.ops.backup import export_content
from portal.publishing.review import review_queue
from portal.text.markdown import render
from tests.conftest import signed_off
from tests.leaflets.models import Leaflet

ROOT = Path(__file__).resolve().parent.parent
CORE = ["portal", "api"]  # the shared core, and the API's shared pieces
CONTENT_APPS = ["medications", "conditions", "articles", "glossary"]  # each built on the ones before it
WIRING = ["demo", "config"]  # the demo content and the project's settings and root URLs
# Modules that define data: their dependencies follow the content apps' chain.
DATA_MODULES = {"models.py", "admin.py", "apps.py"}
PAST = timezone.make_aware(datetime.datetime(2025, 10, 18, 9, 0))


def _imported_packages(path: Path) -> set[str]:
    """Top-level packages a module imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_the_shared_core_imports_no_content_app_and_no_wiring():
    upward = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for package in CORE
        for path in _modules(package)
        for imported in _imported_packages(path) & {*CONTENT_APPS, *WIRING}
    ]
    assert upward == []


def test_content_apps_never_import_the_wiring():
    upward = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for app in CONTENT_APPS
        for path in _modules(app)
        for imported in _imported_packages(path) & set(WIRING)
    ]
    assert upward == []


def test_content_models_depend_only_on_the_apps_before_them():
    """medications ← conditions ← articles: pages may show what links to them, but the data
    of an app never depends on an app built on top of it."""
    upward = []
    for rank, app in enumerate(CONTENT_APPS):
        for path in _modules(app):
            if path.name in DATA_MODULES or "migrations" in path.parts:
                for imported in _imported_packages(path) & set(CONTENT_APPS[rank + 1 :]):
                    upward.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert upward == []


def test_the_import_check_notices_an_import_that_runs_back_up(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from articles.models import Article\n    return Article\n")
    assert "articles" in _imported_packages(module)


@pytest.fixture
def leaflet(db):
    return signed_off(
        Leaflet,
        title="Compression stockings",
        slug="compression-stockings",
        summary="How to put them on.",
        text="Wear them [daily](article:none).",
        status=Status.PUBLISHED,
        published_at=PAST,
    )


def test_search_finds_a_fourth_content_type_only_when_published(client, leaflet):
    response = client.get("/search/", {"q": "stockings"})
    assert "/leaflets/compression-stockings/" in response.content.decode()

    leaflet.status = Status.DRAFT
    leaflet.save()
    response = client.get("/search/", {"q": "stockings"})
    assert "/leaflets/compression-stockings/" not in response.content.decode()


def test_internal_links_reach_a_fourth_content_type(leaflet):
    assert render("[stockings](leaflet:compression-stockings)") == (
        '<p><a href="/leaflets/compression-stockings/">stockings</a></p>'
    )
    leaflet.status = Status.ARCHIVED
    leaflet.save()
    assert render("[stockings](leaflet:compression-stockings)") == "<p>stockings</p>"


def test_the_sitemap_lists_a_fourth_content_type(client, leaflet):
    Leaflet.objects.create(title="Draft", slug="draft-leaflet", status=Status.DRAFT)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/leaflets/compression-stockings/" in sitemap
    assert "/leaflets/draft-leaflet/" not in sitemap


def test_the_review_queue_includes_a_fourth_content_type(leaflet):
    submitted = Leaflet.objects.create(title="Sent", slug="sent", status=Status.IN_REVIEW)
    leaflet.last_reviewed = datetime.date(2020, 1, 1)
    leaflet.next_review_due = datetime.date(2021, 1, 1)
    leaflet.save()
    queue = review_queue()
    assert submitted in queue.submitted
    assert leaflet in queue.overdue


def test_backup_exports_a_fourth_content_type_with_its_parts(leaflet):
    leaflet.translations.create(language="cy")
    models = {record["model"] for record in json.loads(export_content())}
    assert {"leaflets.leaflet", "leaflets.leaflettranslation"} <= models


def test_a_change_to_a_fourth_content_type_invalidates_cached_pages(leaflet):
    before = cache_generation.current_generation()
    leaflet.title = "Compression stockings, revised"
    leaflet.save()
    assert cache_generation.current_generation() != before

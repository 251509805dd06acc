"""The structure the README promises: dependencies run one way, between the apps and between
the core's rooms; the core has no import circle; and the shared core finds content types from
their declarations instead of lists kept by hand."""

import ast
import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from portal.models import Status
from portal.ops.backup import export_content
from portal.publishing.review import review_queue
from portal.text.markdown import render
from tests.conftest import signed_off
from tests.leaflets.models import Leaflet

ROOT = Path(__file__).resolve().parent.parent
CORE = ["portal", "api"]  # the shared core, and the API's shared pieces
CONTENT_APPS = ["medications", "conditions", "articles", "glossary"]  # each built on the ones before it
# Apps below the content apps and above the core: any content app may use them (a lead image),
# they use the core (references, caching) and know no content app.
LIBRARIES = ["images"]
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
        for imported in _imported_packages(path) & {*CONTENT_APPS, *LIBRARIES, *WIRING}
    ]
    assert upward == []


def test_libraries_import_no_content_app_and_no_wiring():
    upward = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for package in LIBRARIES
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


# The core's rooms, lowest first: each may import the rooms listed for it, and nothing above.
# `base` is the core's own ground floor: the models, the content-type registry and small
# helpers every room uses. Declared here once; the tests below hold the code to it.
CORE_ROOMS = {
    "base": set(),
    "text": {"base"},
    "publishing": {"base", "text"},
    "search": {"base", "text", "publishing"},
    "caching": {"base", "publishing"},
    "codes": {"base"},
    "seo": {"base", "codes"},
    "pages": {"base", "text", "publishing", "search", "caching"},
    "admin": {"base", "text", "publishing", "search", "caching", "codes", "pages"},
    "ops": {"base", "publishing", "search", "caching", "pages"},
    "api": {"base", "text", "publishing", "search", "codes", "pages"},
    # Django's entry points into the core: they connect and register whatever the rooms hold.
    "entry": {"base", "text", "publishing", "search", "caching", "codes", "seo", "pages", "admin", "ops"},
}
BASE_MODULES = {"models", "registry", "serialising", "urls_fast", "plain_text", "admin_urls", "languages", "reads"}
ENTRY_MODULES = {"apps", "management", "templatetags"}
# How pages are stored is known to these modules only (and to the wiring that installs them).
PAGE_STORE = {"portal.caching.store", "portal.caching.backend", "portal.caching.local"}


def _core_modules() -> dict[str, Path]:
    modules = {}
    for package in CORE:
        for path in _modules(package):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def _core_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The core modules a module imports (`from portal.x import y` names y when y is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name not in {"portal", "api"}:
                found.add(name)
    return found


def _room(module: str) -> str:
    package, _, rest = module.partition(".")
    if package == "api":
        return "api"
    first = rest.split(".")[0]
    if first in BASE_MODULES:
        return "base"
    if first in ENTRY_MODULES:
        return "entry"
    return first


def test_every_core_module_is_in_a_declared_room():
    assert {_room(module) for module in _core_modules() if module not in CORE} <= set(CORE_ROOMS)


def test_the_core_rooms_import_only_the_rooms_below_them():
    modules = _core_modules()
    wrong = [
        f"{module} ({_room(module)}) imports {imported} ({_room(imported)})"
        for module, path in modules.items()
        for imported in _core_imports(path, modules)
        if _room(imported) != _room(module) and _room(imported) not in CORE_ROOMS[_room(module)]
    ]
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_the_cores_modules():
    modules = _core_modules()
    graph = {module: _core_imports(path, modules) - {module} for module, path in modules.items()}
    assert _cycles(graph) == []


def test_the_cycle_check_notices_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_caching_room_knows_how_pages_are_stored():
    modules = _core_modules()
    outside = [
        f"{module} imports {imported}"
        for module, path in modules.items()
        if not module.startswith("portal.caching")
        for imported in _core_imports(path, modules) & PAGE_STORE
    ]
    assert outside == []


def _closure(start: str, modules: dict[str, Path]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += _core_imports(modules[module], modules)
    return seen


def test_rendering_markdown_imports_no_readability_machinery():
    modules = _core_modules()
    reached = _closure("portal.text.markdown", modules)
    assert "portal.text.readability" not in reached
    assert not any("textstat" in _imported_packages(modules[module]) for module in reached)


def test_a_function_local_import_says_why():
    """An import inside a function defers something on purpose (a heavy package, or code that
    needs the app registry ready); it says so in a comment just above, or it is a circle dodged."""
    unexplained = []
    for module, path in _core_modules().items():
        lines = path.read_text().splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    above = lines[max(0, node.lineno - 4) : node.lineno]
                    if not any("#" in line for line in above):
                        unexplained.append(f"{module}:{node.lineno}")
    assert unexplained == []


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
    leaflet.notes.create(label="cy")
    models = {record["model"] for record in json.loads(export_content())}
    assert {"leaflets.leaflet", "leaflets.leafletnote"} <= models


def test_a_change_to_a_fourth_content_type_reaches_the_cached_pages_that_list_it(client, settings, leaflet):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/sitemap.xml")
    assert client.get("/sitemap.xml")["X-Cache"] == "hit"
    assert "leaflet-list" in client.get("/sitemap.xml")["Surrogate-Key"].split()

    leaflet.slug = "stockings"
    leaflet.save()

    sitemap = client.get("/sitemap.xml")
    assert sitemap["X-Cache"] == "miss"
    assert "/leaflets/stockings/" in sitemap.content.decode()

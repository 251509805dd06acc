"""Feedback is built on the core and the content apps, never the other way round: the core and
the content apps work without it (templates/base.html and the admin home include its tags)."""

from tests.test_architecture import CONTENT_APPS, CORE, ROOT, _imported_packages, _modules


def test_neither_the_core_nor_the_content_apps_import_feedback():
    upward = [
        f"{path.relative_to(ROOT)} imports feedback"
        for package in [*CORE, *CONTENT_APPS]
        for path in _modules(package)
        if "feedback" in _imported_packages(path)
    ]
    assert upward == []


def test_feedback_imports_only_the_core():
    used = set().union(*(_imported_packages(path) for path in _modules("feedback")))
    assert not used & {*CONTENT_APPS, "config", "demo"}

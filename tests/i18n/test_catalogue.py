"""The Spanish catalogue is complete, compiled and in step with the code (.ci/catalogue)."""

import importlib.machinery
import importlib.util
import os
import shutil
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_catalogue_tool():
    loader = importlib.machinery.SourceFileLoader("catalogue_tool", str(ROOT / ".ci" / "catalogue"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


catalogue = _load_catalogue_tool()


def test_every_entry_is_translated_and_the_mo_is_compiled_from_the_po():
    assert catalogue.catalogue_problems("es") == []


def test_the_catalogue_has_every_string_the_code_marks():
    """makemessages, run on a copy of the project, finds no string the catalogue lacks."""
    missing = catalogue.gettext_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"GNU gettext is not installed ({', '.join(missing)})")
        pytest.skip(f"needs GNU gettext ({', '.join(missing)}): apt-get install gettext")
    assert catalogue.strings_problems("es") == []


def _entry(msgid: str, msgstr: str = "", **fields) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **fields)


def test_the_check_names_what_is_wrong_with_an_entry():
    assert catalogue.entry_problems(_entry("Sources", "Fuentes")) == []
    assert catalogue.entry_problems(_entry("Sources")) == ["untranslated entry 'Sources'"]
    fuzzy = catalogue.entry_problems(_entry("Sources", "Fuentes", flags=["fuzzy"]))
    assert fuzzy and "fuzzy" in fuzzy[0]
    lost = catalogue.entry_problems(_entry("About %(name)s", "Acerca de", flags=["python-format"]))
    assert lost and "lost placeholders" in lost[0]
    invented = catalogue.entry_problems(_entry("About %(name)s", "Acerca de %(nombre)s", flags=["python-format"]))
    assert any("placeholders the English does not" in problem for problem in invented)
    tags = catalogue.entry_problems(_entry('<a href="%(url)s">preview</a>', '<a href="%(url)s">vista previa'))
    assert tags and "HTML tags" in tags[0]


def test_a_plural_may_say_one_in_words_but_must_keep_the_count_in_its_other_forms():
    entry = polib.POEntry(
        msgid="All %(counter)s guide on %(name)s",
        msgid_plural="All %(counter)s guides on %(name)s",
        msgstr_plural={0: "La guía sobre %(name)s", 1: "Las %(counter)s guías sobre %(name)s"},
        flags=["python-format"],
    )
    assert catalogue.entry_problems(entry) == []
    entry.msgstr_plural[1] = "Las guías sobre %(name)s"
    assert catalogue.entry_problems(entry)
    entry.msgstr_plural[1] = ""
    assert catalogue.entry_problems(entry) == ["untranslated entry 'All %(counter)s guide on %(name)s'"]


def test_a_stale_mo_is_found(tmp_path):
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(catalogue.po_path("es"), folder / "django.po")
    shutil.copy(catalogue.po_path("es").with_suffix(".mo"), folder / "django.mo")
    assert catalogue.catalogue_problems("es", tmp_path) == []

    po = polib.pofile(str(folder / "django.po"))
    po.find("Sources").msgstr = "Referencias"
    po.save()

    assert catalogue.catalogue_problems("es", tmp_path) == [
        "es: locale/es/LC_MESSAGES/django.mo is not django.po compiled: run `make messages`"
    ]

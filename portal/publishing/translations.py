"""Translating an item: its draft in another language, linked to it, and what is missing where.

A translation is a row of the same content type (`language`, `translation_of`): its own text,
slug, status, working copy, sign-off and review dates. `translate()` starts it as a draft
copy of the source's text, with copies of the parts edited on its page that hold text (a
hub's treatments and care team, an article's sources); the parts that are language-neutral
facts (`language_neutral`: codes, brand names, components, curated guides) and the links
between items (an article's conditions) stay with the source, and every language version
shows the source's. So they cannot differ between languages: there is one of each.
"""

from dataclasses import dataclass

import reversion
from django.db import models, transaction
from django.utils.translation import gettext

from portal import registry
from portal.languages import other_languages
from portal.models import Publishable, Status
from portal.publishing import working_copies

# Fields a translation does not take from its source: its own identity, state and sign-off.
_OWN_FIELDS = {
    "id",
    "language",
    "translation_of",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    "last_reviewed",
    "next_review_due",
    "reviewed_by",
    "source_publication",
    "stale_since",
}


class TranslationRefused(Exception):
    """The item cannot be translated into that language (said in the message)."""


def translate(item: Publishable, language: str, user=None) -> Publishable:
    """The `language` version of `item`: the existing one, or a new draft copied from the
    source's text and text-holding parts, for an editor to translate."""
    source = item.source
    if language not in other_languages():
        raise TranslationRefused(gettext("Items are translated into the site's other languages only."))
    existing = type(source)._default_manager.filter(translation_of=source, language=language).first()
    if existing is not None:
        return existing
    with transaction.atomic(), reversion.create_revision():
        version = type(source)(
            **{
                field.attname: getattr(source, field.attname)
                for field in source._meta.concrete_fields
                if field.name not in _OWN_FIELDS
            },
            language=language,
            translation_of=source,
            status=Status.DRAFT,
            source_publication=working_copies.publications_of(source).first(),  # translated from this
        )
        version.save()
        for part, fk_name in registry.parts_of(type(source)):
            if not getattr(part, "language_neutral", False):
                _copy_rows(part, fk_name, source, version)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(gettext("Translation started from “%(source)s”") % {"source": source})
    return version


def _copy_rows(part: type[models.Model], fk_name: str, source: Publishable, version: Publishable) -> None:
    """Copy `source`'s rows of `part` onto `version`, with their many-to-many links (a
    treatment's medications)."""
    for row in part._default_manager.filter(**{fk_name: source}):
        links = {field.name: list(getattr(row, field.name).all()) for field in part._meta.many_to_many}
        row.pk = row.id = None
        row._state.adding = True
        setattr(row, fk_name, version)
        row.save()
        for name, targets in links.items():
            getattr(row, name).set(targets)


def sync_links(source: Publishable) -> None:
    """Give the translations' parts the links of the source's matching parts (a treatment's
    medications), part by part in their order: links between items are facts, the same in
    every language. Called whenever the source goes live."""
    versions = list(type(source)._default_manager.filter(translation_of=source))
    if not versions:
        return
    for part, fk_name in registry.parts_of(type(source)):
        links = [field.name for field in part._meta.many_to_many]
        if getattr(part, "language_neutral", False) or not links:
            continue
        order = part._meta.ordering or ["pk"]
        source_rows = list(part._default_manager.filter(**{fk_name: source}).order_by(*order))
        for version in versions:
            rows = part._default_manager.filter(**{fk_name: version}).order_by(*order)
            for row, source_row in zip(rows, source_rows, strict=False):
                for name in links:
                    getattr(row, name).set(getattr(source_row, name).all())


@dataclass(frozen=True)
class Cell:
    """One item in one language, for the items × languages table."""

    item: Publishable | None
    state: str  # "published", "scheduled", "in_review", "draft", "archived", "missing"

    @property
    def stale_since(self):
        return self.item.stale_since if self.item is not None else None


@dataclass(frozen=True)
class Row:
    source: Publishable
    cells: list[Cell]


def coverage(model: type[Publishable]) -> list[Row]:
    """Each source item of `model` with its state in each other language: two queries."""
    languages = other_languages()
    sources = list(model._default_manager.filter(translation_of__isnull=True).order_by(model.title_field))
    versions = {
        (version.translation_of_id, version.language): version
        for version in model._default_manager.filter(translation_of__in=sources, language__in=languages)
    }
    rows = []
    for source in sources:
        cells = [_cell(versions.get((source.pk, language))) for language in languages]
        rows.append(Row(source, [_cell(source), *cells]))
    return rows


def _cell(item: Publishable | None) -> Cell:
    if item is None:
        return Cell(None, "missing")
    if item.is_published:
        return Cell(item, "published")
    if item.is_scheduled:
        return Cell(item, "scheduled")
    return Cell(item, item.status)

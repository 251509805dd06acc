"""Field-by-field differences between two saved versions of an object and its inlines."""

import difflib
import re
from dataclasses import dataclass

from django.db.models import Model
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from reversion.models import Version

# A number, with a unit when it has one: what a dose change looks like.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*(?:mg|mcg|µg|g|ml|mL|%|units?|IU|days?|weeks?|hours?))?")
SKIPPED_FIELDS = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString
    numbers_changed: tuple[list[str], list[str]] | None
    key: str = ""  # "field:<name>", what a review comment on it names


@dataclass(frozen=True)
class RowChange:
    model: str
    title: str
    kind: str  # "added", "removed" or "changed"
    fields: list[FieldChange]
    key: str = ""  # "row:<app.model>:<number>", what a review comment on it names


def _display(field, value) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        related = field.related_model._default_manager
        ids = value if isinstance(value, list) else [value]
        names = {obj.pk: str(obj) for obj in related.filter(pk__in=ids)}
        deleted = gettext("(deleted #%(id)s)")
        return ", ".join(names.get(pk, deleted % {"id": pk}) for pk in ids)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def word_diff(old: str, new: str) -> SafeString:
    """Old and new text in one, removed words in <del>, added ones in <ins>, all escaped."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def field_changes(model: type[Model], old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        name = field.attname if field.many_to_one else field.name
        # Reversion stores only serialised fields; for the others (taggit's tags) a version
        # holds a live manager, not the value it had then.
        if not field.serialize and field.many_to_many:
            continue
        if field.name in SKIPPED_FIELDS or (name not in old and name not in new):
            continue
        before, after = _display(field, old.get(name)), _display(field, new.get(name))
        if before == after:
            continue
        old_numbers, new_numbers = NUMBER.findall(before), NUMBER.findall(after)
        changes.append(
            FieldChange(
                label=str(field.verbose_name),
                old=before,
                new=after,
                diff=word_diff(before, after),
                numbers_changed=(old_numbers, new_numbers) if old_numbers != new_numbers else None,
                key=f"field:{field.name}",
            )
        )
    return changes


def _versions_by_object(version: Version) -> dict:
    return {
        (v.content_type_id, v.object_id): (v._model, v.object_repr, v.field_dict)
        for v in version.revision.version_set.select_related("content_type")
    }


def compare(older: Version, newer: Version) -> tuple[list[FieldChange], list[RowChange]]:
    """Changes to the object itself, and rows of its inlines added, removed or changed."""
    key = (older.content_type_id, older.object_id)
    return compare_states(older._model, key, _versions_by_object(older), _versions_by_object(newer))


def compare_states(model, key, before: dict, after: dict) -> tuple[list[FieldChange], list[RowChange]]:
    """The same comparison between two states of an item with its rows: (content type id,
    object id) → (model, title, field values), from saved versions or working copies."""
    main = field_changes(model, before.get(key, (model, "", {}))[2], after.get(key, (model, "", {}))[2])
    rows = []
    for row_key in sorted(set(before) | set(after), key=lambda k: (k[0], int(k[1]) if k[1].isdigit() else 0)):
        if row_key == key:
            continue
        old_row, new_row = before.get(row_key), after.get(row_key)
        row_model = (old_row or new_row)[0]
        label = str(row_model._meta.verbose_name).capitalize()
        key = f"row:{row_model._meta.label_lower}:{row_key[1]}"
        if old_row is None:
            rows.append(RowChange(label, new_row[1], "added", field_changes(row_model, {}, new_row[2]), key))
        elif new_row is None:
            rows.append(RowChange(label, old_row[1], "removed", [], key))
        else:
            changed = field_changes(row_model, old_row[2], new_row[2])
            if changed:
                rows.append(RowChange(label, new_row[1], "changed", changed, key))
    return main, rows

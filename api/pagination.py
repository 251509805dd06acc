"""Keyset (cursor) pagination: each page starts after the last row of the one before, so a
deep page costs the same indexed query as the first. The cursor is opaque to clients."""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from portal.plain_text import xml_safe

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class BadCursor(ValueError):
    """The cursor was not one this API handed out."""


@dataclass(frozen=True)
class Key:
    field: str
    descending: bool = False


def _encode(values: list) -> str:
    plain = [value.isoformat() if isinstance(value, datetime.datetime) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str, keys: list[Key], sample) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor
    parsed = []
    for key, value in zip(keys, values, strict=True):
        if isinstance(value, str) and xml_safe(value) != value:
            raise BadCursor  # a NUL or a lone surrogate: no value this API hands out, and no database takes
        field = sample._meta.get_field(key.field)
        try:
            if field.get_internal_type() == "DateTimeField":
                value = datetime.datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise BadCursor
            elif field.get_internal_type() in {"BigAutoField", "AutoField"}:
                if not isinstance(value, int) or isinstance(value, bool):
                    raise BadCursor
            elif not isinstance(value, str):
                raise BadCursor
        except (TypeError, ValueError):
            raise BadCursor from None
        parsed.append(value)
    return parsed


def _after(keys: list[Key], values: list) -> Q:
    """Rows strictly after `values` in the order given by `keys` (the last key is unique)."""
    condition = Q()
    for index, key in enumerate(keys):
        equal = {keys[i].field: values[i] for i in range(index)}
        beyond = {f"{key.field}__{'lt' if key.descending else 'gt'}": values[index]}
        condition |= Q(**equal, **beyond)
    return condition


def keyset_page(queryset: QuerySet, keys: list[Key], cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of `queryset` in key order, and the cursor of the next page (None at the end)."""
    ordered = queryset.order_by(*[f"-{key.field}" if key.descending else key.field for key in keys])
    if cursor:
        ordered = ordered.filter(_after(keys, _decode(cursor, keys, queryset.model)))
    rows = list(ordered[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, _encode([getattr(rows[-1], key.field) for key in keys])

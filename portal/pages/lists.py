"""Helpers for public list pages."""

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Items on one page of a paginated list (the articles, a hub's guides, an author's or a tag's).
ITEMS_PER_PAGE = 20


def group_by_letter(items: Iterable[T], name: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Group items already sorted by name under their first letter; digits and symbols under '#'."""
    groups: dict[str, list[T]] = {}
    for item in items:
        first = name(item)[:1].upper()
        letter = first if "A" <= first <= "Z" else "#"
        groups.setdefault(letter, []).append(item)
    return sorted(groups.items(), key=lambda pair: (pair[0] == "#", pair[0]))

"""Rehearsals: run ordinary code against changed data, then undo every write.

A working copy is edited, previewed and compared by writing it over the live rows inside
a transaction, running the admin form or public view as usual, and rolling back. While a
rehearsal runs, nothing may leave the database: the page cache and the search index skip
their signals, so patients and other servers never notice it.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db import transaction

from portal.models import Publication


@dataclass(frozen=True)
class Shown:
    """What a rehearsal shows staff on a public page: the working copy ("copy"), or the page as
    it was published (`publication`, "as_published"). The page says so in a banner."""

    kind: str
    publication: Publication | None = None


_NOTHING_SHOWN = Shown("")
_active: contextvars.ContextVar[Shown | None] = contextvars.ContextVar("rehearsal", default=None)


def rehearsing() -> bool:
    return _active.get() is not None


def shown() -> Shown | None:
    """What the running rehearsal shows on a page, if it shows one."""
    current = _active.get()
    return current if current is not None and current.kind else None


@contextlib.contextmanager
def rehearsal(showing: Shown | None = None):
    """Every database write inside is rolled back at the end, whatever happens. `showing` says
    what a public page rendered inside shows, for its banner."""
    with transaction.atomic():
        token = _active.set(showing or _NOTHING_SHOWN)
        try:
            yield
        finally:
            _active.reset(token)
            transaction.set_rollback(True)

"""Rehearsals: run ordinary code against changed data, then undo every write.

A working copy is edited, previewed and compared by writing it over the live rows inside
a transaction, running the admin form or public view as usual, and rolling back. While a
rehearsal runs, nothing may leave the database: the page cache and the search index skip
their signals, so patients and other servers never notice it.
"""

import contextlib
import contextvars

from django.db import transaction

_active = contextvars.ContextVar("rehearsal", default=False)


def rehearsing() -> bool:
    return _active.get()


@contextlib.contextmanager
def rehearsal():
    """Every database write inside is rolled back at the end, whatever happens."""
    with transaction.atomic():
        token = _active.set(True)
        try:
            yield
        finally:
            _active.reset(token)
            transaction.set_rollback(True)

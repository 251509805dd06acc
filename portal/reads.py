"""What a page read: the dependency record of one public page or part being rendered.

While a page is rendered, every content row Django builds from the database adds its key,
`<model>-<pk>`, to the page's record (`recording()`), and a list, rendered inside
`listing()`, adds its content types' list keys, `<model>-list`, for each published query it
runs: a list depends on which items of a type exist. Nothing is declared by hand: what the
page read is what it depends on. portal/caching/dependencies.py says which keys a change
touches; the page store, the parts rendered once and a CDN in front forget pages by them.
"""

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Model

_shown: ContextVar[set[str] | None] = ContextVar("portal.shown", default=None)
_listing: ContextVar[bool] = ContextVar("portal.listing", default=False)


def item_key(model: type[Model], pk) -> str:
    return f"{model._meta.model_name}-{pk}"


def list_key(model: type[Model]) -> str:
    return f"{model._meta.model_name}-list"


def any_row_key(model: type[Model]) -> str:
    """The key of a page that read too many rows of `model` to name them: any change to a row
    of the type touches it (portal/caching/dependencies.py)."""
    return f"{model._meta.model_name}-any"


def key_of(obj: Model) -> str:
    return item_key(type(obj), obj.pk)


@contextmanager
def recording() -> Iterator[set[str]]:
    """The keys of what is read inside, added to any record made around it too."""
    outer = _shown.get()
    keys: set[str] = set()
    token = _shown.set(keys)
    try:
        yield keys
    finally:
        _shown.reset(token)
        if outer is not None:
            outer.update(keys)


@contextmanager
def unrecorded() -> Iterator[None]:
    """Rows read inside are not part of the record (the page notes what it used of them)."""
    token = _shown.set(None)
    try:
        yield
    finally:
        _shown.reset(token)


@contextmanager
def listing() -> Iterator[None]:
    """Inside, a published query of a content type adds its list key: this is a list."""
    token = _listing.set(True)
    try:
        yield
    finally:
        _listing.reset(token)


def names_of(queryset) -> list:
    """Items of which a page shows only what lists show (names, addresses: a picker): the page
    depends on the list of their type, which changes when one is renamed, not on each item."""
    with unrecorded():
        items = list(queryset)
    note({list_key(queryset.model)})
    return items


def as_list(view):
    """A view whose page is a list (a feed, the sitemap): see `listing()`."""

    @functools.wraps(view)
    def list_view(*args, **kwargs):
        with listing():
            return view(*args, **kwargs)

    return list_view


def so_far() -> frozenset[str]:
    """The keys the record being made holds now: the rows read before a part is rendered, which
    the part may show (the item of a page, read before its main part)."""
    shown = _shown.get()
    return frozenset(shown) if shown is not None else frozenset()


def note(keys: Iterable[str]) -> None:
    """Add keys to the record being made (a part rendered earlier, reused now)."""
    shown = _shown.get()
    if shown is not None:
        shown.update(keys)


def listed(model: type[Model]) -> None:
    """A published query of `model` ran: inside `listing()`, the page depends on its list."""
    if _listing.get():
        shown = _shown.get()
        if shown is not None:
            shown.add(list_key(model))


def read(sender, instance, **kwargs) -> None:
    """post_init of a shown model: a row built (from the database) while a record is made."""
    shown = _shown.get()
    if shown is not None and instance.pk is not None:
        shown.add(item_key(sender, instance.pk))

"""Forgetting exactly what a change touches, on every server, and nothing else.

A saved, deleted or re-linked row touches the keys portal/caching/dependencies.py names.
Those keys are forgotten at once and again when the change is committed (a page rendered
from the old rows between the save and the commit is forgotten too):

- in the shared cache, every stored page that holds one of the keys is deleted, and the
  key is marked with the purge's number: a page rendered from rows read before the purge
  is never stored after it (see `ResilientRedisCache.set_page`);
- each process forgets its parts rendered once that hold a key: its own at once, the
  others' when they next catch up with the purge log in the shared cache
  (portal/caching/render_once.py: `catch_up`, at most every PAGE_CACHE_LOCAL_MS);
- a CDN in front is told the keys once the change is committed (portal/caching/cdn.py).

The content generation stays as the fallback that refreshes everything: a change whose
keys cannot be known (a restore, a migration, a row of an unknown kind), a purge that could
not reach the shared cache (Redis down: the database's counter moves, and every server sees
it within DATABASE_GENERATION_SECONDS), and a cache that is not shared between servers (the
local-memory cache of a bare set-up: other processes learn of changes through the database
only), and a process that keeps no pages itself (a command or worker run without the page
cache: the servers that keep them learn of it through the database).
"""

import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.caching import cdn, generation
from portal.caching.dependencies import is_tracked, keys_changed, keys_of_m2m
from portal.caching.local import local_pages
from portal.caching.render_once import forget_keys
from portal.caching.store import forget_pages
from portal.publishing.rehearsal import rehearsing

logger = logging.getLogger(__name__)


def row_saved(sender, instance, created=False, **kwargs) -> None:
    _changed(sender, lambda: keys_changed(instance, created=created))


def row_deleted(sender, instance, **kwargs) -> None:
    _changed(sender, lambda: keys_changed(instance, deleted=True))


def rows_linked(sender, instance, action, model=None, pk_set=None, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    _changed(type(instance), lambda: keys_of_m2m(instance, model, pk_set))


def pages_queued(sender, keys: set[str], **kwargs) -> None:
    """Pages entered or left their reviewer's "Source changed" queue: the API says so of them."""
    if not rehearsing():
        forget(keys)


def _changed(sender, keys) -> None:
    if rehearsing():  # a working copy shown or edited: rolled back, never seen by patients
        return
    if sender._meta.apps is not apps:  # a migration's model: what it touches is unknown
        generation.content_changed(sender=sender)
        return
    if not is_tracked(sender):
        # Rows of the core's own (search documents, working copies, publications) and of other
        # apps: the content generation decides whether they are shown (NOT_SHOWN_TO_PATIENTS).
        generation.content_changed(sender=sender)
        return
    if not (settings.PAGE_CACHE_SECONDS or settings.RENDERED_ONCE_SECONDS or settings.CDN_PURGE):
        # This process keeps nothing, but app servers run with other settings may (a command
        # or worker run without the page cache): the database's counter reaches them.
        _database_changed_once()
        return
    forget(keys())


def forget(keys: set[str]) -> None:
    """Forget the pages and parts holding `keys` now, and again once the change is committed."""
    _forget_now(keys)
    transaction.on_commit(lambda: _committed(keys))


def _database_changed_once() -> None:
    """Move the database's content generation once the change is committed, once per
    transaction however many rows it saves."""
    connection = transaction.get_connection()
    if any(entry[1] is generation.database_changed for entry in connection.run_on_commit):
        return
    transaction.on_commit(generation.database_changed)


def _committed(keys: set[str]) -> None:
    _forget_now(keys)
    if not shared():
        # Other processes keep their own local-memory cache: only the database reaches them.
        generation.database_changed()
    cdn.purge(keys)


def _forget_now(keys: set[str]) -> None:
    forget_keys(keys)  # this process's parts rendered once, whatever the shared cache says
    forgotten = forget_pages(keys)
    if forgotten is None:
        logger.error("a change's keys did not reach the cache; every page is refreshed instead")
        generation.content_changed()
        return
    for page_key in forgotten:
        local_pages.drop(page_key)


def shared() -> bool:
    """Whether the cache is shared by every app server (Redis), so a purge reaches them all."""
    return getattr(cache, "forget_pages", None) is not None

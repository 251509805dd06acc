"""The content generation: any change to content starts a new one, so every app server stops
serving the pages and parts rendered before it.

A change cannot be lost: the generation is kept twice, in the shared cache (seen at once by
every server) and in the database (a counter bumped in the change's own transaction, read at
most once every DATABASE_GENERATION_SECONDS by each process). A change whose new generation
could not reach the cache is logged at ERROR and sent again until it arrives; meanwhile every
server sees the database's counter move within that bound.
"""

import logging
import threading
import time
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from portal.caching.backend import GENERATION_KEY
from portal.caching.local import local_pages
from portal.models import ContentGeneration
from portal.publishing.rehearsal import rehearsing
from portal.registry import content_apps

logger = logging.getLogger(__name__)

# Apps whose changes are content changes besides the content types' own apps.
SHARED_CONTENT_APPS = {"portal", "taggit"}
# Rows of those apps that no public page shows: saving them changes no cached page.
NOT_SHOWN_TO_PATIENTS = {
    "portal.SearchDocument",
    "portal.WorkingCopy",
    "portal.Publication",
    "portal.ContentGeneration",
    "portal.PageDependency",
    "portal.SourceChange",  # the API's `sourceChanged`: its page's key is forgotten (signals.py)
}
# How often each process reads the database's content generation: the bound on serving
# a withdrawn page when the shared cache missed a change.
DATABASE_GENERATION_SECONDS = 1.0


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def content_tag() -> str:
    """What anything rendered from content now is tagged with: the content generation (as
    this process last read it, within PAGE_CACHE_LOCAL_MS) and the database's counter."""
    generation = local_pages.fresh_generation()
    if generation is None:
        generation = current_generation()
        local_pages.saw_generation(generation)
    return generation_tag(generation)


def generation_tag(generation: str) -> str:
    """A page or part is current while both the shared cache's and the database's generation are."""
    return f"{generation}:{database_generation()}"


def content_changed(**kwargs) -> None:
    """Start a new content generation: every cached page is out of date."""
    if rehearsing():  # a working copy shown or edited: rolled back, never seen by patients
        return
    sender = kwargs.get("sender")
    if sender is not None and sender._meta.app_label not in {*SHARED_CONTENT_APPS, *content_apps()}:
        return
    if sender is not None and sender._meta.label in NOT_SHOWN_TO_PATIENTS:
        return
    new_generation()
    # Again once the change is committed: a page rendered between the save and the commit
    # (from the old data) was stored under the generation that this replaces. The database's
    # counter moves after the commit too, so that no transaction holds its row locked.
    historical = sender is not None and sender._meta.apps is not apps  # a migration's model
    transaction.on_commit(new_generation if historical else database_changed)


def new_generation() -> None:
    if not _send_generation():
        logger.error(
            "content change did not reach the cache; sending it again until it does. "
            "Until then servers notice it through the database within %s s.",
            DATABASE_GENERATION_SECONDS,
        )
        _resend_in_background()


def _send_generation(background: bool = False) -> bool:
    generation = uuid.uuid4().hex
    set_now = getattr(cache, "set_now", None)
    if set_now is None:
        cache.set(GENERATION_KEY, generation, None)
        sent = True
    else:
        sent = set_now(GENERATION_KEY, generation, None, background=background)
    if sent:
        local_pages.saw_generation(generation)
    else:
        local_pages.forget_generation()
    return sent


_resend_lock = threading.Lock()
_resend_pending = threading.Event()
resender: threading.Thread | None = None


def _resend_in_background() -> None:
    global resender
    with _resend_lock:
        _resend_pending.set()
        if resender is None:
            resender = threading.Thread(target=_resend_until_sent, name="content-generation-resend", daemon=True)
            resender.start()


def _resend_until_sent() -> None:
    """One thread per process. Any new generation makes every older page stale, so one
    that arrives covers every change that failed before it was sent."""
    global resender
    delay, attempts = 0.25, 0
    while True:
        with _resend_lock:
            if not _resend_pending.is_set():
                resender = None
                return
            _resend_pending.clear()
        time.sleep(delay)
        attempts += 1
        if _send_generation(background=True):
            logger.warning("content change reached the cache after %d more attempts", attempts)
            delay, attempts = 0.25, 0
        else:
            _resend_pending.set()
            delay = min(delay * 2, 5.0)


def database_changed() -> None:
    """Move the database's content generation (after a commit), then the shared cache's."""
    try:
        if not ContentGeneration.objects.filter(pk=1).update(number=F("number") + 1):
            ContentGeneration.objects.get_or_create(pk=1, defaults={"number": 1})
    except DatabaseError:
        logger.exception("content change committed but the database's content generation could not be moved")
    new_generation()


_database_generation = {"number": 0, "read_at": float("-inf")}
_database_generation_lock = threading.Lock()


def database_generation() -> int:
    """The database's content generation, read at most once every DATABASE_GENERATION_SECONDS.
    If the database does not answer, the last number read is used: a cached page can still
    be served during a database outage."""
    now = time.monotonic()
    with _database_generation_lock:
        if now - _database_generation["read_at"] < DATABASE_GENERATION_SECONDS:
            return _database_generation["number"]
        _database_generation["read_at"] = now
    try:
        number = ContentGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    except DatabaseError:
        # Read outside Django's request cycle too (ServeCachedPagesFirst): nothing else would
        # replace a connection the database dropped.
        connection.close_if_unusable_or_obsolete()
        return _database_generation["number"]
    _database_generation["number"] = number
    return number

"""Caching of anonymous public pages in the shared cache, and a cache that survives Redis outages.

Every page is stored under the current *content generation*. Any change to content
(a save, a delete, a changed relation) starts a new generation, so every app server
stops serving the old pages at once. Pages expire after PAGE_CACHE_SECONDS, which bounds
how long a scheduled item can wait after its publication time.

A change cannot be lost: the generation is kept twice, in the shared cache (seen at once
by every server) and in the database (a counter bumped in the change's own transaction,
read at most once every DATABASE_GENERATION_SECONDS by each process). A change whose
new generation could not reach the cache is logged at ERROR and sent again until it
arrives; meanwhile every server sees the database's counter move within that bound.

Only a signed-in user skips the cache: a signed cookie (SIGNED_IN_COOKIE) set when the
user is signed in and removed when not; a `sessionid` cookie alone proves nothing. Query
strings are reduced to the parameters public views read (QUERY_PARAMETERS), and one
address stores at most PAGE_CACHE_VARIANTS_PER_PATH variants per generation.

A hit costs one round trip to Redis: the page is stored as bytes (see encode_page) under a
key without the generation, tagged with the generation it was rendered under, and read in
one MGET with the current generation; a page whose tag is not the current generation is a
miss. Every stored page has an ETag, so a conditional GET that matches is answered 304.
Anonymous public pages also tell a shared cache in front (a CDN, nginx, Varnish) it may keep
them for SHARED_CACHE_SECONDS (see shared_cache_control).
"""

import functools
import hashlib
import logging
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

from portal.registry import content_apps
from portal.rehearsal import rehearsing

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Apps whose changes are content changes besides the content types' own apps.
SHARED_CONTENT_APPS = {"portal", "taggit"}
# Rows of those apps that no public page shows: saving them changes no cached page.
NOT_SHOWN_TO_PATIENTS = {
    "portal.SearchDocument",
    "portal.WorkingCopy",
    "portal.Publication",
    "portal.ContentGeneration",
}
# The API and Infobutton answer conditional requests themselves (ETag, 304): a stored copy would not.
NEVER_CACHED_PREFIXES = ("/admin/", "/markdownx/", "/healthz", "/static/", "/media/", "/api/", "/infobutton/")
_WARNING_INTERVAL = 30.0
_RETRY_AFTER = 5.0
# How often each process reads the database's content generation: the bound on serving
# a withdrawn page when the shared cache missed a change.
DATABASE_GENERATION_SECONDS = 1.0
# The query parameters public views read (search, lists, filters, comparison, sitemap
# pages). Any other parameter (utm_source, fbclid, cache busters) changes nothing on the
# page, so it is left out of the cache key.
QUERY_PARAMETERS = frozenset({"q", "page", "kind", "tag", "m", "p"})
SIGNED_IN_COOKIE = "signed_in"
_SIGNED_IN_SALT = "portal.cache.signed-in"


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, but an unreachable Redis means a cache miss and a logged
    warning, never an error page. After a failure the cache is left alone for a few
    seconds (so pages are not slowed by connection time-outs), then tried again:
    caching resumes by itself when Redis is back."""

    _down_until = 0.0
    _last_warning = 0.0

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        ResilientRedisCache._down_until = now + _RETRY_AFTER
        if now - ResilientRedisCache._last_warning > _WARNING_INTERVAL:
            ResilientRedisCache._last_warning = now
            logger.warning("cache unavailable, serving without it: operation=%s error=%r", operation, error)

    def set_now(self, key, value, timeout=None, background: bool = False) -> bool:
        """Write even during the back-off: a missed content-generation change means stale pages.
        A background retry that fails does not extend the back-off: that is for requests to judge."""
        try:
            RedisCache.set(self, key, value, timeout)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            if not background:
                self._failed("set", error)
            return False
        return True

    def get(self, key, default=None, version=None):
        if time.monotonic() < ResilientRedisCache._down_until:
            return default
        try:
            return super().get(key, default, version)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("get", error)
            return default

    def _redis(self, write: bool = False):
        """A redis client kept for this cache object (one per thread). Django makes a new one for
        every operation, and building one costs more than the round trip it makes."""
        clients = self.__dict__.setdefault("_redis_clients", {})
        client = clients.get(write)
        if client is None:
            client = clients[write] = self._cache.get_client(None, write=write)
        return client

    def get_page(self, key: str) -> tuple[str | None, bytes | None]:
        """The current content generation and the stored page at `key`, in one round trip.
        The page is raw bytes (encode_page), not a pickle."""
        if time.monotonic() < ResilientRedisCache._down_until:
            return None, None
        try:
            generation_key = self.make_and_validate_key(GENERATION_KEY)
            generation, page = self._redis().mget([generation_key, self.make_and_validate_key(key)])
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("get_page", error)
            return None, None
        return (self._cache._serializer.loads(generation) if generation is not None else None), page

    def set_page(self, key: str, page: bytes, timeout: int) -> None:
        if time.monotonic() < ResilientRedisCache._down_until:
            return
        try:
            self._redis(write=True).set(self.make_and_validate_key(key), page, ex=timeout)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("set_page", error)


def _tolerant(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < ResilientRedisCache._down_until:
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - any Redis or socket failure
                self._failed(method.__name__, error)
                return default() if callable(default) else default

        return wrapper

    return decorate


for _name, _default in {
    "set": None,
    "add": False,
    "delete": False,
    "touch": False,
    "get_many": dict,
    "set_many": list,
    "delete_many": None,
    "has_key": False,
    "incr": None,
    "clear": None,
}.items():
    setattr(ResilientRedisCache, _name, _tolerant(_default)(getattr(RedisCache, _name)))


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


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
    transaction.on_commit(new_generation if historical else _committed)


def new_generation() -> None:
    if not _send_generation():
        logger.error(
            "content change did not reach the cache; sending it again until it does. "
            "Until then servers notice it through the database within %s s.",
            DATABASE_GENERATION_SECONDS,
        )
        _resend_in_background()


def _send_generation(background: bool = False) -> bool:
    set_now = getattr(cache, "set_now", None)
    if set_now is None:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
        return True
    return set_now(GENERATION_KEY, uuid.uuid4().hex, None, background=background)


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


def _committed() -> None:
    from portal.models import ContentGeneration

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
    from portal.models import ContentGeneration

    try:
        number = ContentGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    except DatabaseError:
        return _database_generation["number"]
    _database_generation["number"] = number
    return number


def connect_signals() -> None:
    post_save.connect(content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")


PAGE_FORMAT = b"page/1"
# Headers a 304 repeats from the page it stands for (RFC 9110, 15.4.5).
_NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary")


def encode_page(generation: str, status: int, headers: list[tuple[str, str]], content: bytes) -> bytes:
    """A stored page: a format line, the generation it was rendered under, the status, one
    `Name: value` line per header, a blank line, then the body as it was sent."""
    head = "\n".join([generation, str(status), *(f"{name}: {value}" for name, value in headers)])
    return PAGE_FORMAT + b"\n" + head.encode() + b"\n\n" + content


def decode_page(page: bytes) -> tuple[str, int, dict[str, str], bytes] | None:
    """(generation, status, headers, content), or None for anything not in this format."""
    head, separator, content = page.partition(b"\n\n")
    lines = head.decode(errors="replace").split("\n")
    if not separator or len(lines) < 3 or lines[0] != PAGE_FORMAT.decode():
        return None
    headers = dict(line.split(": ", 1) for line in lines[3:])
    return lines[1], int(lines[2]), headers, content


def shared_cache_control() -> str:
    """What an anonymous public page tells a shared cache in front (a CDN, nginx, Varnish).

    Browsers keep nothing (`max-age=0`): they ask again each time, with the ETag, and get a
    304 when nothing changed, so a reader never sees a page older than the shared cache's
    (`s-maxage`) and someone who has just signed in sees their own view at once.
    """
    parts = ["public", "max-age=0", f"s-maxage={settings.SHARED_CACHE_SECONDS}"]
    if settings.SHARED_CACHE_STALE_SECONDS:
        parts.append(f"stale-while-revalidate={settings.SHARED_CACHE_STALE_SECONDS}")
    if settings.SHARED_CACHE_STALE_IF_ERROR_SECONDS:
        parts.append(f"stale-if-error={settings.SHARED_CACHE_STALE_IF_ERROR_SECONDS}")
    return ", ".join(parts)


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._cacheable_request(request):
            return self._keep_signed_in_cookie(request, self.get_response(request))
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds:
            response = self._keep_signed_in_cookie(request, self.get_response(request))
            if self._cacheable_response(response):
                self._tag(request, response)
                return self._not_modified(request, response) or self._public(request, response)
            return response
        path_key, key = self._keys(request)
        generation, page = self._read(key)
        expected = f"{generation}:{database_generation()}" if generation is not None else None
        stored = decode_page(page) if isinstance(page, bytes) and expected is not None else None
        if stored is not None and stored[0] == expected:
            _generation, status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            return self._not_modified(request, response) or self._public(request, response)
        if expected is None:
            expected = f"{current_generation()}:{database_generation()}"
        response = self._keep_signed_in_cookie(request, self.get_response(request))
        if not self._cacheable_response(response):
            return response
        self._tag(request, response)
        if self._room_for_another_variant(request, f"{path_key}:{expected}", seconds):
            headers = [(h, v) for h, v in response.items() if h.lower() not in {"x-cache", "set-cookie"}]
            self._write(key, encode_page(expected, response.status_code, headers, response.content), seconds)
            response["X-Cache"] = "miss"
        return self._not_modified(request, response) or self._public(request, response)

    @staticmethod
    def _read(key: str) -> tuple[str | None, bytes | None]:
        get_page = getattr(cache, "get_page", None)
        if get_page is not None:
            return get_page(key)
        values = cache.get_many([GENERATION_KEY, key])  # other backends (tests, local memory)
        return values.get(GENERATION_KEY), values.get(key)

    @staticmethod
    def _write(key: str, page: bytes, seconds: int) -> None:
        set_page = getattr(cache, "set_page", None)
        if set_page is not None:
            set_page(key, page, seconds)
        else:
            cache.set(key, page, seconds)

    @staticmethod
    def _tag(request: HttpRequest, response: HttpResponse) -> None:
        """An ETag of the body (the same page has the same tag across generations and servers)."""
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'

    @staticmethod
    def _not_modified(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        etag = response.get("ETag")
        if not if_none_match or not etag:
            return None
        etags = parse_etags(if_none_match)
        if "*" not in etags and etag.removeprefix("W/") not in {tag.removeprefix("W/") for tag in etags}:
            return None
        not_modified = HttpResponseNotModified()
        PublicPageCacheMiddleware._public(request, response)
        for header in _NOT_MODIFIED_HEADERS:
            if header in response:
                not_modified[header] = response[header]
        if "X-Cache" in response:
            not_modified["X-Cache"] = response["X-Cache"]
        return not_modified

    @staticmethod
    def _public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Let a shared cache keep an anonymous page, unless the page said otherwise or the
        request carries a session: such a visitor's answers are never marked public."""
        if (
            settings.SHARED_CACHE_SECONDS
            and "Cache-Control" not in response
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and SIGNED_IN_COOKIE not in request.COOKIES
        ):
            response["Cache-Control"] = shared_cache_control()
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return (
            request.method == "GET" and not request.path.startswith(NEVER_CACHED_PREFIXES) and not _signed_in(request)
        )

    @staticmethod
    def _cacheable_response(response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        )

    @staticmethod
    def _keys(request: HttpRequest) -> tuple[str, str]:
        """The key of this address's family (the path; a generation is added) and of this page
        within it (the page stored there says which generation it belongs to)."""
        path = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()
        query = hashlib.sha256(_normalised_query(request).encode()).hexdigest()
        return f"page-variants:{path}", f"page:{path}:{query}"

    @staticmethod
    def _room_for_another_variant(request: HttpRequest, path_key: str, seconds: int) -> bool:
        """One address stores at most PAGE_CACHE_VARIANTS_PER_PATH query variants per generation;
        past that, pages are answered uncached, so a flood of made-up queries cannot fill Redis."""
        if not _normalised_query(request):
            return True
        cache.add(path_key, 0, seconds)
        try:
            stored = cache.incr(path_key)
        except ValueError:  # expired or evicted since
            return False
        return stored is not None and stored <= settings.PAGE_CACHE_VARIANTS_PER_PATH

    @staticmethod
    def _keep_signed_in_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Set the signed-in cookie while a user is signed in (from log-in on), remove it after."""
        session_cookie = settings.SESSION_COOKIE_NAME
        has_session = session_cookie in request.COOKIES or session_cookie in response.cookies
        user = getattr(request, "user", None) if has_session else None
        if user is not None and user.is_authenticated:
            if not _signed_in(request):
                response.set_signed_cookie(
                    SIGNED_IN_COOKIE,
                    str(user.pk),
                    salt=_SIGNED_IN_SALT,
                    max_age=settings.SESSION_COOKIE_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif SIGNED_IN_COOKIE in request.COOKIES:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response


def _signed_in(request: HttpRequest) -> bool:
    if SIGNED_IN_COOKIE not in request.COOKIES:
        return False
    value = request.get_signed_cookie(
        SIGNED_IN_COOKIE, default=None, salt=_SIGNED_IN_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    return value is not None


def _normalised_query(request: HttpRequest) -> str:
    """The query parameters a public view reads, in a fixed order; the rest are dropped."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=False)
    # Sorted by name only: the order of repeated values (?m=a&m=b) is the order on the page.
    return urlencode(sorted(((name, value) for name, value in pairs if name in QUERY_PARAMETERS), key=lambda p: p[0]))

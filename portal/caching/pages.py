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
import http
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.utils.http import parse_etags

from portal.publishing.rehearsal import rehearsing
from portal.registry import content_apps

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
_SIGNED_IN_SALT = "portal.caching.pages.signed-in"


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


def content_tag() -> str:
    """What anything rendered from content now is tagged with: the content generation (as
    this process last read it, within PAGE_CACHE_LOCAL_MS) and the database's counter."""
    generation = local_pages.fresh_generation()
    if generation is None:
        generation = current_generation()
        local_pages.saw_generation(generation)
    return _generation_tag(generation)


def _generation_tag(generation: str) -> str:
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
        # Read outside Django's request cycle too (ServeCachedPagesFirst): nothing else would
        # replace a connection the database dropped.
        connection.close_if_unusable_or_obsolete()
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


class RecentlyUsed:
    """Values kept in this process's memory under a key and a tag (the content generation they
    belong to), at most `limit()` bytes of them, least recently used first out, each for at
    most `max_age()` seconds: a worker's memory stays flat however much it serves."""

    def __init__(self, limit, max_age=lambda: None):
        self._limit, self._max_age = limit, max_age
        self._lock = threading.Lock()
        self._values: OrderedDict[str, tuple[str, object, int, float]] = OrderedDict()
        self._bytes = 0

    def get(self, key: str, tag: str):
        with self._lock:
            entry = self._values.get(key)
            if entry is None or entry[0] != tag or entry[3] < time.monotonic():
                return None
            self._values.move_to_end(key)
            return entry[1]

    def put(self, key: str, tag: str, value, size: int) -> None:
        size += 1024  # about what the key, the tag and the entry itself take
        limit, max_age = self._limit(), self._max_age()
        if size > limit:
            return
        expires = time.monotonic() + max_age if max_age is not None else float("inf")
        with self._lock:
            old = self._values.pop(key, None)
            self._bytes += size - (old[2] if old else 0)
            self._values[key] = (tag, value, size, expires)
            while self._bytes > limit:
                _key, (_tag, _value, dropped, _expires) = self._values.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0


class LocalPages:
    """Pages this process served lately, kept in its memory, and the content generation it
    last read from the shared cache. For PAGE_CACHE_LOCAL_MS after that read, a page kept
    here under the current generation is answered with no round trip at all; after it, the
    next request reads the generation again (with the page, in one MGET). So a change made on
    another server stops pages kept here within that bound; a change made in this process
    stops them at once. At most PAGE_CACHE_LOCAL_BYTES of pages are kept."""

    def __init__(self):
        self._pages = RecentlyUsed(lambda: settings.PAGE_CACHE_LOCAL_BYTES, lambda: settings.PAGE_CACHE_SECONDS)
        self._generation: str | None = None
        self._read_at = float("-inf")

    def fresh_generation(self) -> str | None:
        trusted_for = settings.PAGE_CACHE_LOCAL_MS / 1000
        if self._generation is not None and time.monotonic() - self._read_at < trusted_for:
            return self._generation
        return None

    def saw_generation(self, generation: str) -> None:
        self._generation, self._read_at = generation, time.monotonic()

    def forget_generation(self) -> None:
        self._generation, self._read_at = None, float("-inf")

    def get(self, key: str, tag: str) -> tuple | None:
        return self._pages.get(key, tag)

    def put(self, key: str, tag: str, page: tuple[int, dict[str, str], bytes]) -> None:
        if settings.PAGE_CACHE_LOCAL_MS:
            self._pages.put(key, tag, page, len(page[2]))

    def clear(self) -> None:
        self._pages.clear()
        self.forget_generation()


local_pages = LocalPages()


@dataclass
class Lookup:
    """What the cache holds for one request: its keys, the generation a page must carry to be
    current (None when the cache could not be read) and the current page, if stored."""

    path_key: str
    key: str
    expected: str | None
    page: tuple[int, dict[str, str], bytes] | None


_LOOKUP = "portal.page_cache.lookup"  # a WSGI environ key: one lookup per request


def _public_request(meta: dict) -> bool:
    """A GET or HEAD for a public page, without a NUL character anywhere (Django answers those
    400). A HEAD is answered from a stored page (headers only) but never stores one."""
    path = meta.get("PATH_INFO", "")
    return (
        meta.get("REQUEST_METHOD") in ("GET", "HEAD")
        and not path.startswith(NEVER_CACHED_PREFIXES)
        and "\x00" not in path
        and "%00" not in meta.get("QUERY_STRING", "")
        and "\x00" not in meta.get("HTTP_COOKIE", "")
    )


def may_be_stored(meta: dict) -> bool:
    """A public request by someone who does not claim to be signed in, read from the WSGI
    environ alone, so that a stored page can be answered before Django handles the request.
    A `signed_in` cookie always goes on to Django, which checks its signature."""
    return _public_request(meta) and f"{SIGNED_IN_COOKIE}=" not in meta.get("HTTP_COOKIE", "")


def look_up(meta: dict) -> Lookup:
    """The stored page for this request if it is of the current generation: from this
    process's memory (LocalPages), or in one round trip to the shared cache."""
    lookup = meta.get(_LOOKUP)
    if lookup is not None:
        return lookup
    path_key, key = page_keys(meta)
    generation = local_pages.fresh_generation()
    if generation is not None:
        expected = _generation_tag(generation)
        kept = local_pages.get(key, expected)
        if kept is not None:
            lookup = meta[_LOOKUP] = Lookup(path_key, key, expected, kept)
            return lookup
    generation, page = _read(key)
    if generation is not None:
        local_pages.saw_generation(generation)
    expected = _generation_tag(generation) if generation is not None else None
    stored = decode_page(page) if isinstance(page, bytes) and expected is not None else None
    current = stored[1:] if stored is not None and stored[0] == expected else None
    if current is not None:
        local_pages.put(key, expected, current)
    lookup = meta[_LOOKUP] = Lookup(path_key, key, expected, current)
    return lookup


def page_keys(meta: dict) -> tuple[str, str]:
    """The key of this address's family (the path; a generation is added) and of this page
    within it (the page stored there says which generation it belongs to). The scheme is
    part of the address: an https page is never the answer to a plain http request."""
    address = f"{_scheme(meta)}://{_host(meta)}{meta.get('SCRIPT_NAME', '')}{meta.get('PATH_INFO', '')}"
    path = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    query = hashlib.sha256(_normalised_query(meta.get("QUERY_STRING", "")).encode()).hexdigest()
    return f"page-variants:{path}", f"page:{path}:{query}"


def _scheme(meta: dict) -> str:
    """As Django's HttpRequest.scheme reads it, behind a proxy too (SECURE_PROXY_SSL_HEADER)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure else "http"
    return meta.get("wsgi.url_scheme", "http")


def _host(meta: dict) -> str:
    """The host the request names, unchecked: only Django stores pages, and only for a host it
    accepted (ALLOWED_HOSTS), so an unknown host finds nothing."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"]
    return meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}"


def _read(key: str) -> tuple[str | None, bytes | None]:
    get_page = getattr(cache, "get_page", None)
    if get_page is not None:
        return get_page(key)
    values = cache.get_many([GENERATION_KEY, key])  # other backends (tests, local memory)
    return values.get(GENERATION_KEY), values.get(key)


def _write(key: str, page: bytes, seconds: int) -> None:
    set_page = getattr(cache, "set_page", None)
    if set_page is not None:
        set_page(key, page, seconds)
    else:
        cache.set(key, page, seconds)


def _matches(if_none_match: str | None, etag: str | None) -> bool:
    """Whether a conditional GET names this page's ETag (weak comparison, RFC 9110 13.1.2)."""
    if not if_none_match or not etag:
        return False
    etags = parse_etags(if_none_match)
    return "*" in etags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in etags}


def _may_be_public(headers, cookies: dict) -> bool:
    """A shared cache may keep the answer, unless the page said otherwise or the request
    carries a session: such a visitor's answers are never marked public."""
    return bool(
        settings.SHARED_CACHE_SECONDS
        and "Cache-Control" not in headers
        and settings.SESSION_COOKIE_NAME not in cookies
        and SIGNED_IN_COOKIE not in cookies
    )


class ServeCachedPagesFirst:
    """WSGI: answer a request for a stored, current public page before Django sees it.

    A hit needs no URL routing, no middleware, no session, no database: one Redis round
    trip, then the page's bytes with the headers it was stored with (the site's security
    headers among them, as PublicPageCacheMiddleware is the outermost middleware). Anything
    else, and every miss, goes on to Django with the lookup attached, so the middleware does
    not ask Redis twice. config/wsgi.py puts it in front of Django's handler.

    A HEAD request gets the headers a GET would get (Content-Length included) and no body,
    whether the page is stored or Django answers it (RFC 9110, 9.3.2).
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ: dict, start_response):
        if not settings.PAGE_CACHE_SECONDS or not may_be_stored(environ):
            return self._django(environ, start_response)
        page = look_up(environ).page
        if page is None:
            return self._django(environ, start_response)
        status, headers, content = page
        headers = {**headers, "X-Cache": "hit"}
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if "HTTP_COOKIE" in environ else {}
        if _may_be_public(headers, cookies):
            headers["Cache-Control"] = shared_cache_control()
        if _matches(environ.get("HTTP_IF_NONE_MATCH"), headers.get("ETag")):
            status, content = 304, b""
            headers = {name: value for name, value in headers.items() if name in {*_NOT_MODIFIED_HEADERS, "X-Cache"}}
        else:
            headers["Content-Length"] = str(len(content))
        start_response(f"{status} {http.HTTPStatus(status).phrase}", list(headers.items()))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [content]

    def _django(self, environ: dict, start_response):
        response = self.application(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return response
        # Django answers HEAD with the page's body, as for GET: the headers are sent, the body
        # is dropped (its iterable closed, which ends Django's request) and never sent.
        close = getattr(response, "close", None)
        if close is not None:
            close()
        return []


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the shared cache, and store them.

    The outermost middleware, so that a page is stored with every header the site sends;
    ServeCachedPagesFirst answers most hits in production before this is reached.
    """

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
        lookup = look_up(request.META)
        if lookup.page is not None:
            status, headers, content = lookup.page
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            return self._not_modified(request, response) or self._public(request, response)
        expected = lookup.expected or _generation_tag(current_generation())
        response = self._keep_signed_in_cookie(request, self.get_response(request))
        if not self._cacheable_response(response):
            return response
        self._tag(request, response)
        if request.method == "GET" and self._room_for_another_variant(
            request, f"{lookup.path_key}:{expected}", seconds
        ):
            headers = [(h, v) for h, v in response.items() if h.lower() not in {"x-cache", "set-cookie"}]
            _write(lookup.key, encode_page(expected, response.status_code, headers, response.content), seconds)
            local_pages.put(lookup.key, expected, (response.status_code, dict(headers), response.content))
            response["X-Cache"] = "miss"
        return self._not_modified(request, response) or self._public(request, response)

    @staticmethod
    def _tag(request: HttpRequest, response: HttpResponse) -> None:
        """An ETag of the body (the same page has the same tag across generations and servers)."""
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'

    @staticmethod
    def _not_modified(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
        if not _matches(request.META.get("HTTP_IF_NONE_MATCH"), response.get("ETag")):
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
        if _may_be_public(response, request.COOKIES):
            response["Cache-Control"] = shared_cache_control()
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return _public_request(request.META) and not _signed_in(request)

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
    def _room_for_another_variant(request: HttpRequest, path_key: str, seconds: int) -> bool:
        """One address stores at most PAGE_CACHE_VARIANTS_PER_PATH query variants per generation;
        past that, pages are answered uncached, so a flood of made-up queries cannot fill Redis."""
        if not _normalised_query(request.META.get("QUERY_STRING", "")):
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


def _normalised_query(query_string: str) -> str:
    """The query parameters a public view reads, in a fixed order; the rest are dropped."""
    pairs = parse_qsl(query_string, keep_blank_values=False)
    # Sorted by name only: the order of repeated values (?m=a&m=b) is the order on the page.
    return urlencode(sorted(((name, value) for name, value in pairs if name in QUERY_PARAMETERS), key=lambda p: p[0]))

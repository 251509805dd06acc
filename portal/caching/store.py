"""The page store: anonymous public pages kept in the shared cache, and how a request finds
its page.

Every page is stored under the current content generation (portal/caching/generation.py),
so a change to content retires every stored page on every server at once. Pages expire after
PAGE_CACHE_SECONDS, which bounds how long a scheduled item can wait after its publication
time.

Only a signed-in user skips the cache: a signed cookie (SIGNED_IN_COOKIE) set when the user
is signed in and removed when not; a `sessionid` cookie alone proves nothing. Query strings
are reduced to the parameters public views read (QUERY_PARAMETERS), and one address stores
at most PAGE_CACHE_VARIANTS_PER_PATH variants per generation.

A hit costs one round trip to Redis: the page is stored as bytes (see encode_page) under a
key without the generation, tagged with the generation it was rendered under, and read in
one MGET with the current generation; a page whose tag is not the current generation is a
miss. Every stored page has an ETag, so a conditional GET that matches is answered 304.
Anonymous public pages also tell a shared cache in front (a CDN, nginx, Varnish) it may keep
them for SHARED_CACHE_SECONDS (see shared_cache_control).
"""

import hashlib
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.http import parse_etags

from portal.caching.backend import (
    GENERATION_KEY,
    PURGE_LOG_KEY,
    PURGE_LOG_LENGTH,
    PURGE_NUMBER_KEY,
    forgot_key,
    shows_key,
    stale_key,
)
from portal.caching.generation import generation_tag
from portal.caching.local import local_pages

NEVER_CACHED_PREFIXES = ("/admin/", "/markdownx/", "/healthz", "/static/", "/media/", "/images/")
# The API and the Infobutton read every query parameter and answer in the format (Accept) and
# language (Accept-Language) asked for: all of them are part of their answers' cache key.
ANSWERS_EVERY_PARAMETER = ("/api/", "/infobutton/")
# How much of a header goes into a cache key (Django reads at most 500 of Accept-Language).
MOST_HEADER_CHARACTERS = 500
# The query parameters public views read (search, lists, filters, comparison, sitemap
# pages). Any other parameter (utm_source, fbclid, cache busters) changes nothing on the
# page, so it is left out of the cache key.
QUERY_PARAMETERS = frozenset({"q", "page", "kind", "tag", "m", "p"})
SIGNED_IN_COOKIE = "signed_in"
SIGNED_IN_SALT = "portal.cache.signed-in"  # unchanged since the module moved: cookies stay valid


PAGE_FORMAT = b"page/1"
# Headers a 304 repeats from the page it stands for (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary")


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


@dataclass
class Lookup:
    """What the cache holds for one request: its keys, the generation a page must carry to be
    current (None when the cache could not be read) and the current page, if stored."""

    path_key: str
    key: str
    expected: str | None
    page: tuple[int, dict[str, str], bytes] | None
    # The number of the last purge when the page was looked up: a page rendered after it is
    # stored only if none of its keys was purged since (see write_page).
    purged: int | None = None


_LOOKUP = "portal.page_cache.lookup"  # a WSGI environ key: one lookup per request


def public_request(meta: dict) -> bool:
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
    return public_request(meta) and f"{SIGNED_IN_COOKIE}=" not in meta.get("HTTP_COOKIE", "")


def look_up(meta: dict) -> Lookup:
    """The stored page for this request if it is of the current generation: from this
    process's memory (LocalPages), or in one round trip to the shared cache."""
    lookup = meta.get(_LOOKUP)
    if lookup is not None:
        return lookup
    path_key, key = page_keys(meta)
    generation = local_pages.fresh_generation()
    if generation is not None:
        expected = generation_tag(generation)
        kept = local_pages.get(key, expected)
        if kept is not None:
            lookup = meta[_LOOKUP] = Lookup(path_key, key, expected, kept)
            return lookup
    generation, page, purged = _read(key)
    if generation is not None:
        local_pages.saw_generation(generation)
    expected = generation_tag(generation) if generation is not None else None
    stored = decode_page(page) if isinstance(page, bytes) and expected is not None else None
    current = stored[1:] if stored is not None and stored[0] == expected else None
    if current is not None:
        local_pages.put(key, expected, current)
    else:
        local_pages.drop(key)  # forgotten in the shared cache: forgotten here too
    lookup = meta[_LOOKUP] = Lookup(path_key, key, expected, current, purged)
    return lookup


def looked_up_purge(meta: dict) -> int | None:
    """The purge number this request's page look-up read, if it made one and the cache answered."""
    lookup = meta.get(_LOOKUP)
    return lookup.purged if lookup is not None else None


def page_keys(meta: dict) -> tuple[str, str]:
    """The key of this address's family (the path; a generation is added) and of this page
    within it (the page stored there says which generation it belongs to). The scheme is
    part of the address: an https page is never the answer to a plain http request."""
    address = f"{_scheme(meta)}://{_host(meta)}{meta.get('SCRIPT_NAME', '')}{meta.get('PATH_INFO', '')}"
    path = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    query = hashlib.sha256(variant(meta).encode("utf-8", "surrogateescape")).hexdigest()
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


def claim_render(key: str) -> bool:
    """Whether this request is the one to render the page at `key` (no other request, on any
    server, is rendering it): then it must call `release_render(key)` when done."""
    if not settings.PAGE_CACHE_RENDER_WAIT_MS:
        return True
    seconds = max(1, -(-settings.PAGE_CACHE_RENDER_WAIT_MS // 1000) * 2)
    return bool(cache.add(_rendering_key(key), 1, seconds))


def release_render(key: str) -> None:
    """The render claimed is over. The page a purge took from `key` goes with it: stored, the
    new page replaced it; not stored (a 404 now, or a change during the render), the next
    request renders again rather than be answered the old page."""
    if settings.PAGE_CACHE_RENDER_WAIT_MS:
        cache.delete_many([_rendering_key(key), stale_key(key)])


def stale_page(key: str, expected: str) -> tuple[int, dict[str, str], bytes] | None:
    """The page a purge took from `key`, while another request renders its replacement: kept
    at most PAGE_CACHE_GRACE_MS after the purge, and only if no change since made every page
    out of date (it carries the current generation tag `expected`)."""
    if not settings.PAGE_CACHE_GRACE_MS:
        return None
    get_raw = getattr(cache, "get_raw", None)
    page = get_raw(stale_key(key)) if get_raw is not None else cache.get(stale_key(key))
    stored = decode_page(page) if isinstance(page, bytes) else None
    if stored is None or stored[0] != expected:
        return None
    return stored[1:]


def wait_for_page(key: str) -> tuple[str, tuple[int, dict[str, str], bytes]] | None:
    """Another request is rendering the page at `key`: its page once stored, with the tag it
    was stored under, or None after PAGE_CACHE_RENDER_WAIT_MS (or if that request gave up)."""
    deadline = time.monotonic() + settings.PAGE_CACHE_RENDER_WAIT_MS / 1000
    while time.monotonic() < deadline:
        time.sleep(0.02)
        generation, page, _purged = _read(key)
        stored = decode_page(page) if isinstance(page, bytes) and generation is not None else None
        if stored is not None and stored[0] == generation_tag(generation):
            return stored[0], stored[1:]
        if not cache.get(_rendering_key(key)):  # it stopped without storing one
            return None
    return None


def _rendering_key(key: str) -> str:
    return f"rendering:{key}"


def read_page(key: str) -> tuple[str | None, bytes | None]:
    generation, page, _purged = _read(key)
    return generation, page


def _read(key: str) -> tuple[str | None, bytes | None, int | None]:
    get_page = getattr(cache, "get_page", None)
    if get_page is not None:
        return get_page(key)
    values = cache.get_many([GENERATION_KEY, key, PURGE_NUMBER_KEY])  # other backends (tests, local memory)
    return values.get(GENERATION_KEY), values.get(key), values.get(PURGE_NUMBER_KEY, 0)


def write_page(key: str, page: bytes, seconds: int, keys: set[str] = frozenset(), purged: int | None = 0) -> bool:
    """Store `page` under `key` and under each of its dependency `keys`, unless one of them was
    purged after purge number `purged` (the page may have been rendered from rows read before)."""
    if purged is None:  # the shared cache did not answer the look-up
        return False
    set_page = getattr(cache, "set_page", None)
    if set_page is not None:
        return set_page(key, page, seconds, keys, purged)
    # Other backends (tests, local memory: one process), without Redis's atomic script.
    forgotten = cache.get_many([forgot_key(name) for name in keys])
    if any(number > purged for number in forgotten.values()):
        return False
    cache.set(key, page, seconds)
    cache.delete(stale_key(key))
    for name in keys:
        shown_on = cache.get(shows_key(name)) or set()
        cache.set(shows_key(name), shown_on | {key}, seconds)
    return True


def forget_pages(keys: set[str]) -> list[str] | None:
    """Delete the stored pages that hold any of `keys` and log the purge: the page keys deleted,
    or None if the shared cache could not be reached."""
    forget = getattr(cache, "forget_pages", None)
    grace_ms = settings.PAGE_CACHE_GRACE_MS
    if forget is not None:
        return forget(keys, settings.PAGE_CACHE_SECONDS or 60, grace_ms)
    number = (cache.get(PURGE_NUMBER_KEY) or 0) + 1
    cache.set(PURGE_NUMBER_KEY, number, None)
    forgotten = set()
    for name in keys:
        forgotten |= cache.get(shows_key(name)) or set()
        cache.delete(shows_key(name))
        cache.set(forgot_key(name), number, settings.PAGE_CACHE_SECONDS or 60)
    if grace_ms:
        pages = cache.get_many(list(forgotten))
        cache.set_many({stale_key(page_key): page for page_key, page in pages.items()}, grace_ms / 1000)
    cache.delete_many(list(forgotten))
    log = cache.get(PURGE_LOG_KEY) or []
    cache.set(PURGE_LOG_KEY, [(number, sorted(keys)), *log][:PURGE_LOG_LENGTH], None)
    return sorted(forgotten)


def purge_number() -> int | None:
    """The number of the last purge, or None if the shared cache could not be read."""
    number = getattr(cache, "purge_number", None)
    if number is not None:
        return number()
    return cache.get(PURGE_NUMBER_KEY, 0)


def purge_log(count: int) -> list[tuple[int, set[str]]]:
    """The last `count` purges, newest first: (number, keys)."""
    log = getattr(cache, "purge_log", None)
    if log is not None:
        return log(count)
    return [(number, set(keys)) for number, keys in (cache.get(PURGE_LOG_KEY) or [])[:count]]


def matches_etag(if_none_match: str | None, etag: str | None) -> bool:
    """Whether a conditional GET names this page's ETag (weak comparison, RFC 9110 13.1.2)."""
    if not if_none_match or not etag:
        return False
    etags = parse_etags(if_none_match)
    return "*" in etags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in etags}


def may_be_public(headers, cookies: dict) -> bool:
    """A shared cache may keep the answer, unless the page said otherwise or the request
    carries a session: such a visitor's answers are never marked public."""
    return bool(
        settings.SHARED_CACHE_SECONDS
        and "Cache-Control" not in headers
        and settings.SESSION_COOKIE_NAME not in cookies
        and SIGNED_IN_COOKIE not in cookies
    )


def signed_in(request: HttpRequest) -> bool:
    if SIGNED_IN_COOKIE not in request.COOKIES:
        return False
    value = request.get_signed_cookie(
        SIGNED_IN_COOKIE, default=None, salt=SIGNED_IN_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    return value is not None


def variant(meta: dict) -> str:
    """What, besides its address, tells one stored answer from another: the query parameters a
    public page reads; for the API and the Infobutton, every parameter and the format and
    language asked for. Empty for an address's one plain variant."""
    query = meta.get("QUERY_STRING", "")
    if not meta.get("PATH_INFO", "").startswith(ANSWERS_EVERY_PARAMETER):
        return normalised_query(query)
    parameters = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    accept = meta.get("HTTP_ACCEPT", "")[:MOST_HEADER_CHARACTERS]
    language = meta.get("HTTP_ACCEPT_LANGUAGE", "")[:MOST_HEADER_CHARACTERS]
    return "" if not (parameters or accept or language) else f"{parameters}\n{accept}\n{language}"


def normalised_query(query_string: str) -> str:
    """The query parameters a public view reads, in a fixed order; the rest are dropped."""
    pairs = parse_qsl(query_string, keep_blank_values=False)
    # Sorted by name only: the order of repeated values (?m=a&m=b) is the order on the page.
    return urlencode(sorted(((name, value) for name, value in pairs if name in QUERY_PARAMETERS), key=lambda p: p[0]))

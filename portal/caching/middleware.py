"""The outermost middleware: serves and stores anonymous public pages, tags them with an ETag
and keeps the signed-in cookie that sends a signed-in user past the cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from portal.caching import cdn
from portal.caching.dependencies import surrogate_keys
from portal.caching.generation import current_generation, generation_tag
from portal.caching.local import local_pages
from portal.caching.store import (
    NOT_MODIFIED_HEADERS,
    SIGNED_IN_COOKIE,
    SIGNED_IN_SALT,
    claim_render,
    encode_page,
    look_up,
    matches_etag,
    may_be_public,
    public_request,
    release_render,
    shared_cache_control,
    signed_in,
    stale_page,
    variant,
    wait_for_page,
    write_page,
)
from portal.reads import recording


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
            with recording() as keys:
                response = self._keep_signed_in_cookie(request, self.get_response(request))
            if self._cacheable_response(response):
                self._tag(request, response)
                for header, value in cdn.headers(surrogate_keys(keys)).items():
                    response[header] = value
                return self._not_modified(request, response) or self._public(request, response)
            return response
        lookup = look_up(request.META)
        if lookup.page is not None:
            status, headers, content = lookup.page
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            return self._not_modified(request, response) or self._public(request, response)
        if lookup.expected is None:
            generation = current_generation()  # a new shared cache, or one that did not answer
            if lookup.purged is not None:  # it answered: the generation it now holds
                local_pages.saw_generation(generation)
            expected = generation_tag(generation)
        else:
            expected = lookup.expected
        # One request renders a page every server forgot; the others are answered the page it
        # replaces (for at most PAGE_CACHE_GRACE_MS after the change), or wait for it (bounded).
        claimed = request.method != "GET" or lookup.purged is None or claim_render(lookup.key)
        if not claimed:
            stale = stale_page(lookup.key, expected)
            if stale is not None:
                status, headers, content = stale
                response = HttpResponse(content, status=status, headers=headers)
                response["X-Cache"] = "stale"
                response["Cache-Control"] = "no-store"  # a cache in front must not keep it past the change
                return self._not_modified(request, response) or response
            waited = wait_for_page(lookup.key)
            if waited is not None:
                tag, (status, headers, content) = waited
                local_pages.put(lookup.key, tag, (status, headers, content))
                response = HttpResponse(content, status=status, headers=headers)
                response["X-Cache"] = "hit"
                return self._not_modified(request, response) or self._public(request, response)
        try:
            return self._render_and_store(request, lookup, expected, seconds)
        finally:
            if claimed and request.method == "GET" and lookup.purged is not None:
                release_render(lookup.key)

    def _render_and_store(self, request: HttpRequest, lookup, expected: str, seconds: int) -> HttpResponse:
        with recording() as keys:
            response = self._keep_signed_in_cookie(request, self.get_response(request))
        if not self._cacheable_response(response):
            return response
        self._tag(request, response)
        keys = surrogate_keys(keys)
        for header, value in cdn.headers(keys).items():
            response[header] = value
        if (
            request.method == "GET"
            and self._room_for_another_variant(request, f"{lookup.path_key}:{expected}", seconds)
            and self._store(lookup, expected, response, seconds, keys)
        ):
            response["X-Cache"] = "miss"
        return self._not_modified(request, response) or self._public(request, response)

    @staticmethod
    def _store(lookup, expected: str, response: HttpResponse, seconds: int, keys: set[str]) -> bool:
        headers = [(h, v) for h, v in response.items() if h.lower() not in {"x-cache", "set-cookie"}]
        page = encode_page(expected, response.status_code, headers, response.content)
        if not write_page(lookup.key, page, seconds, keys, lookup.purged):
            return False  # a change touched it while it was rendered
        local_pages.put(lookup.key, expected, (response.status_code, dict(headers), response.content))
        return True

    @staticmethod
    def _tag(request: HttpRequest, response: HttpResponse) -> None:
        """An ETag of the body (the same page has the same tag across generations and servers)."""
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'

    @staticmethod
    def _not_modified(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
        if not matches_etag(request.META.get("HTTP_IF_NONE_MATCH"), response.get("ETag")):
            return None
        not_modified = HttpResponseNotModified()
        PublicPageCacheMiddleware._public(request, response)
        for header in NOT_MODIFIED_HEADERS:
            if header in response:
                not_modified[header] = response[header]
        if "X-Cache" in response:
            not_modified["X-Cache"] = response["X-Cache"]
        return not_modified

    @staticmethod
    def _public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if may_be_public(response, request.COOKIES):
            response["Cache-Control"] = shared_cache_control()
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return public_request(request.META) and not signed_in(request)

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
        """One address stores at most PAGE_CACHE_VARIANTS_PER_PATH variants per generation (query
        strings; for the API, formats and languages asked for too);
        past that, pages are answered uncached, so a flood of made-up queries cannot fill Redis."""
        if not variant(request.META):
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
            if not signed_in(request):
                response.set_signed_cookie(
                    SIGNED_IN_COOKIE,
                    str(user.pk),
                    salt=SIGNED_IN_SALT,
                    max_age=settings.SESSION_COOKIE_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif SIGNED_IN_COOKIE in request.COOKIES:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response

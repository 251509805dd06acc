"""Caching of anonymous public pages in the shared cache, and a cache that survives Redis outages.

Every page is stored under the current *content generation*. Any change to content
(a save, a delete, a changed relation) starts a new generation, so every app server
stops serving the old pages at once. Pages expire after PAGE_CACHE_SECONDS, which bounds
how long a scheduled item can wait after its publication time.
"""

import functools
import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from portal.registry import content_apps
from portal.rehearsal import rehearsing

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Apps whose changes are content changes besides the content types' own apps.
SHARED_CONTENT_APPS = {"portal", "taggit"}
# Rows of those apps that no public page shows: saving them changes no cached page.
NOT_SHOWN_TO_PATIENTS = {"portal.SearchDocument", "portal.WorkingCopy", "portal.Publication"}
# The API and Infobutton answer conditional requests themselves (ETag, 304): a stored copy would not.
NEVER_CACHED_PREFIXES = ("/admin/", "/markdownx/", "/healthz", "/static/", "/media/", "/api/", "/infobutton/")
_WARNING_INTERVAL = 30.0
_RETRY_AFTER = 5.0


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

    def set_now(self, key, value, timeout=None) -> None:
        """Write even during the back-off: a missed content-generation change means stale pages."""
        try:
            RedisCache.set(self, key, value, timeout)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("set", error)

    def get(self, key, default=None, version=None):
        if time.monotonic() < ResilientRedisCache._down_until:
            return default
        try:
            return super().get(key, default, version)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("get", error)
            return default


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
    # (from the old data) was stored under the generation that this replaces.
    transaction.on_commit(new_generation)


def new_generation() -> None:
    getattr(cache, "set_now", cache.set)(GENERATION_KEY, uuid.uuid4().hex, None)


def connect_signals() -> None:
    post_save.connect(content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=stored["status"])
            for header, value in stored["headers"]:
                response[header] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            headers = [(h, v) for h, v in response.items() if h.lower() not in {"x-cache", "set-cookie"}]
            cache.set(key, {"status": response.status_code, "headers": headers, "content": response.content}, seconds)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(NEVER_CACHED_PREFIXES)
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
    def _key(request: HttpRequest) -> str:
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page:{current_generation()}:{digest}"

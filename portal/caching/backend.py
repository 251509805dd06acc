"""A Redis cache that survives Redis outages: an unreachable Redis is a cache miss and a
logged warning, never an error page. It also reads a stored page and the content generation
in one round trip (`get_page`), which the page store uses when it is the cache in use."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# The shared cache's key of the content generation (portal/caching/generation.py).
GENERATION_KEY = "content-generation"
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

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
# The number of the last purge, and the last PURGE_LOG_LENGTH purges with their keys
# (portal/caching/purge.py).
PURGE_NUMBER_KEY = "purge-number"
PURGE_LOG_KEY = "purge-log"
PURGE_LOG_LENGTH = 1000


def shows_key(key: str) -> str:
    """The set of stored pages that hold the dependency key `key`."""
    return f"shows:{key}"


def forgot_key(key: str) -> str:
    """The number of the last purge of the dependency key `key`."""
    return f"forgot:{key}"


def stale_key(key: str) -> str:
    """The page a purge took from `key`, kept PAGE_CACHE_GRACE_MS for the requests that arrive
    while one request renders its replacement (portal/caching/store.py: `stale_page`)."""
    return f"stale:{key}"


# Store a page unless one of its keys was purged after the purge number it was looked up
# under, and drop the page it replaces. KEYS: the page, its stale copy, then (forgot, shows)
# per dependency key; ARGV: page, seconds, number, the page's key as the sets hold it.
_SET_PAGE = """
local purged = tonumber(ARGV[3])
for i = 3, #KEYS, 2 do
  local forgot = redis.call('GET', KEYS[i])
  if forgot and tonumber(forgot) > purged then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('DEL', KEYS[2])
for i = 3, #KEYS, 2 do
  redis.call('SADD', KEYS[i + 1], ARGV[4])
  redis.call('EXPIRE', KEYS[i + 1], ARGV[2])
end
return 1
"""
# Forget the pages that hold any of the keys, keeping each as its stale copy for the grace
# time (0: none). KEYS: the purge number, the log, then (forgot, shows) per key; ARGV: seconds,
# log length, the log entry's keys, the prefix of page keys, the grace in milliseconds.
_FORGET_PAGES = """
local number = redis.call('INCR', KEYS[1])
local grace = tonumber(ARGV[5])
local forgotten = {}
for i = 3, #KEYS, 2 do
  redis.call('SET', KEYS[i], number, 'EX', ARGV[1])
  for _, page in ipairs(redis.call('SMEMBERS', KEYS[i + 1])) do
    local name = ARGV[4] .. page
    if grace > 0 and redis.call('EXISTS', name) == 1 then
      redis.call('RENAME', name, ARGV[4] .. 'stale:' .. page)
      redis.call('PEXPIRE', ARGV[4] .. 'stale:' .. page, grace)
    else
      redis.call('DEL', name)
    end
    forgotten[#forgotten + 1] = page
  end
  redis.call('DEL', KEYS[i + 1])
end
redis.call('LPUSH', KEYS[2], number .. ' ' .. ARGV[3])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
return forgotten
"""
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

    def get_page(self, key: str) -> tuple[str | None, bytes | None, int | None]:
        """The current content generation, the stored page at `key` and the last purge's
        number, in one round trip. The page is raw bytes (encode_page), not a pickle."""
        if time.monotonic() < ResilientRedisCache._down_until:
            return None, None, None
        try:
            names = [self.make_and_validate_key(name) for name in (GENERATION_KEY, key, PURGE_NUMBER_KEY)]
            generation, page, number = self._redis().mget(names)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("get_page", error)
            return None, None, None
        generation = self._cache._serializer.loads(generation) if generation is not None else None
        return generation, page, int(number or 0)

    def set_page(self, key: str, page: bytes, timeout: int, keys=(), purged: int = 0) -> bool:
        """Store `page` unless one of its dependency `keys` was purged after number `purged`."""
        if time.monotonic() < ResilientRedisCache._down_until:
            return False
        names = [self.make_and_validate_key(key), self.make_and_validate_key(stale_key(key))]
        for name in sorted(keys):
            names += [self.make_and_validate_key(forgot_key(name)), self.make_and_validate_key(shows_key(name))]
        try:
            client = self._redis(write=True)
            return bool(client.eval(_SET_PAGE, len(names), *names, page, timeout, purged, key))
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("set_page", error)
            return False

    def get_raw(self, key: str) -> bytes | None:
        """A value written by this module's scripts (a page's bytes), or None."""
        if time.monotonic() < ResilientRedisCache._down_until:
            return None
        try:
            return self._redis().get(self.make_and_validate_key(key))
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("get_raw", error)
            return None

    def forget_pages(self, keys, timeout: int, grace_ms: int = 0) -> list[str] | None:
        """Delete every stored page holding one of `keys` (kept `grace_ms` as its stale copy),
        log the purge: the page keys deleted, or None if Redis could not be reached (written
        even during the back-off)."""
        names = [self.make_and_validate_key(PURGE_NUMBER_KEY), self.make_and_validate_key(PURGE_LOG_KEY)]
        for name in sorted(keys):
            names += [self.make_and_validate_key(forgot_key(name)), self.make_and_validate_key(shows_key(name))]
        prefix = self.make_and_validate_key("")
        try:
            client = self._redis(write=True)
            forgotten = client.eval(
                _FORGET_PAGES,
                len(names),
                *names,
                timeout,
                PURGE_LOG_LENGTH,
                " ".join(sorted(keys)),
                prefix,
                grace_ms,
            )
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("forget_pages", error)
            return None
        return [page.decode() for page in forgotten]

    def purge_number(self) -> int | None:
        if time.monotonic() < ResilientRedisCache._down_until:
            return None
        try:
            return int(self._redis().get(self.make_and_validate_key(PURGE_NUMBER_KEY)) or 0)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("purge_number", error)
            return None

    def purge_log(self, count: int) -> list[tuple[int, set[str]]]:
        try:
            entries = self._redis().lrange(self.make_and_validate_key(PURGE_LOG_KEY), 0, max(count, 1) - 1)
        except Exception as error:  # noqa: BLE001 - any Redis or socket failure
            self._failed("purge_log", error)
            return []
        log = []
        for entry in entries:
            number, _space, keys = entry.decode().partition(" ")
            log.append((int(number), set(keys.split())))
        return log


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

"""What one process keeps in its own memory: values under a tag, least recently used out,
and the pages it served lately with the content generation it last read."""

import threading
import time
from collections import OrderedDict

from django.conf import settings


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

    def drop(self, key: str) -> None:
        with self._lock:
            entry = self._values.pop(key, None)
            if entry is not None:
                self._bytes -= entry[2]

    def drop_where(self, condition) -> None:
        """Drop every value for which `condition(value)` holds."""
        with self._lock:
            for key in [key for key, entry in self._values.items() if condition(entry[1])]:
                self._bytes -= self._values.pop(key)[2]

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

    def drop(self, key: str) -> None:
        self._pages.drop(key)

    def clear(self) -> None:
        self._pages.clear()
        self.forget_generation()


local_pages = LocalPages()

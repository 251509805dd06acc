"""Telling a CDN or cache in front which pages a change touched.

Every cached public response names its dependency keys in `Surrogate-Key` (Varnish with
xkey, Fastly) and `Cache-Tag` (Cloudflare). Once a change is committed, its keys are sent
to the cache in front, configured by environment (docs/deploy.md):

- CDN_PURGE=varnish, CDN_PURGE_URLS: one or more Varnish addresses, space-separated; each
  gets a `PURGE` request with the keys in an `xkey-purge` header (a VCL example is in
  docs/deploy.md).
- CDN_PURGE=fastly, CDN_PURGE_SERVICE, CDN_PURGE_TOKEN: Fastly's purge by surrogate key.
- CDN_PURGE=cloudflare, CDN_PURGE_ZONE, CDN_PURGE_TOKEN: Cloudflare's purge by cache tag.

CDN_PURGE_API replaces Fastly's or Cloudflare's API address (an egress proxy, a test).

A purge is sent from a background thread, so a slow CDN never slows an editor's save: the
keys of every change committed within BATCH_SECONDS go in one batch (a go-live saves many
rows), tried a few times; a purge that still fails is logged at ERROR (the cache in front then
keeps the page at most SHARED_CACHE_SECONDS).
"""

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)

# Keys per request: Cloudflare takes at most 30 tags in one purge, Fastly 256 keys.
BATCH = {"varnish": 200, "fastly": 256, "cloudflare": 30}
ATTEMPTS = 3


def headers(keys: Iterable[str]) -> dict[str, str]:
    """The surrogate-key headers of a response that holds `keys`."""
    ordered = sorted(keys)
    return {"Surrogate-Key": " ".join(ordered), "Cache-Tag": ",".join(ordered)}


BATCH_SECONDS = 0.05
_lock = threading.Lock()
_waiting: dict = {"keys": set(), "sent": [], "timer": None}


def purge(keys: set[str]) -> threading.Event | None:
    """Send `keys` to the configured CDN in the background, with those of the changes committed
    within BATCH_SECONDS: an event set once they were sent (or given up on)."""
    if not settings.CDN_PURGE or not keys:
        return None
    sent = threading.Event()
    with _lock:
        _waiting["keys"] |= set(keys)
        _waiting["sent"].append(sent)
        if _waiting["timer"] is None:
            timer = _waiting["timer"] = threading.Timer(BATCH_SECONDS, _send_waiting)
            timer.daemon = True
            timer.name = "cdn-purge"
            timer.start()
    return sent


def _send_waiting() -> None:
    with _lock:
        keys, events = sorted(_waiting["keys"]), _waiting["sent"]
        _waiting.update(keys=set(), sent=[], timer=None)
    try:
        if settings.CDN_PURGE:
            send(settings.CDN_PURGE, keys)
    finally:
        for sent in events:
            sent.set()


def send(kind: str, keys: list[str]) -> bool:
    """Send every batch of `keys`; whether all arrived."""
    arrived = True
    size = BATCH[kind]
    for start in range(0, len(keys), size):
        for request in requests(kind, keys[start : start + size]):
            arrived &= _send(request)
    return arrived


def requests(kind: str, keys: list[str]) -> list[urllib.request.Request]:
    if kind == "varnish":
        return [
            urllib.request.Request(url, method="PURGE", headers={"xkey-purge": " ".join(keys)})  # noqa: S310 - operator's URL
            for url in settings.CDN_PURGE_URLS
        ]
    if kind == "fastly":
        url = f"{settings.CDN_PURGE_API or 'https://api.fastly.com'}/service/{settings.CDN_PURGE_SERVICE}/purge"
        return [
            urllib.request.Request(  # noqa: S310 - https, or the operator's CDN_PURGE_API
                url,
                method="POST",
                headers={"Fastly-Key": settings.CDN_PURGE_TOKEN, "Surrogate-Key": " ".join(keys)},
            )
        ]
    api = settings.CDN_PURGE_API or "https://api.cloudflare.com/client/v4"
    url = f"{api}/zones/{settings.CDN_PURGE_ZONE}/purge_cache"
    return [
        urllib.request.Request(  # noqa: S310 - https, or the operator's CDN_PURGE_API
            url,
            method="POST",
            data=json.dumps({"tags": keys}).encode(),
            headers={"Authorization": f"Bearer {settings.CDN_PURGE_TOKEN}", "Content-Type": "application/json"},
        )
    ]


def _send(request: urllib.request.Request) -> bool:
    for attempt in range(ATTEMPTS):
        try:
            with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as response:  # noqa: S310
                if response.status < 300:
                    return True
        except (urllib.error.URLError, OSError) as error:
            failure = error
        else:
            failure = f"status {response.status}"
        time.sleep(0.2 * 2**attempt)
    logger.error("CDN purge failed after %d attempts: %s %s: %s", ATTEMPTS, request.method, request.full_url, failure)
    return False

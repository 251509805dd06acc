"""What defends the feedback endpoint instead of a CSRF token (the pages that carry the form
are cached and shared, so they cannot hold a per-visitor token): the request must come from
one of the site's own pages (Origin, else Referer), the body is small, and answers are
counted per address and for everyone in the shared cache, so the limits hold across servers
and a flood cannot fill the database."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

MAX_BODY_BYTES = 4096


def same_site(request: HttpRequest) -> bool:
    """The form was sent from a page of this site: the Origin header (every current browser
    sends it with a POST) names this site, or, when there is none, the Referer does."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        if not referer.scheme or not referer.netloc:
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    if origin == "null":
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def allowed(sender: str) -> bool:
    """Count one more answer from `sender` (an address hash) and from everyone; False past
    either limit. Refused too when the shared cache cannot count: limits that cannot be
    checked are not limits."""
    window = settings.FEEDBACK_LIMIT_WINDOW_SECONDS
    slot = int(time.time() // window)
    # The address first: one address past its limit does not use up everyone's.
    return (
        _count(f"feedback:address:{sender}:{slot}", window) <= settings.FEEDBACK_LIMIT_PER_ADDRESS
        and _count(f"feedback:everyone:{slot}", window) <= settings.FEEDBACK_LIMIT_GLOBAL
    )


def _count(key: str, window: int) -> float:
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        return float("inf")
    return float("inf") if count is None else count

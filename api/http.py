"""HTTP behaviour shared by every API and Infobutton response: CORS for GET, HEAD, validators
(ETag, Last-Modified) with conditional GET, and the same cache lifetime as public pages.

Wraps Django views (the URL patterns django-ninja builds, and the Infobutton view), so it
applies to errors as much as to answers. Knows no content app.
"""

import datetime
import functools
import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext

from api.errors import json_error
from portal.reads import listing

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ErrorMaker = Callable[[HttpRequest, int, str], HttpResponse]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Location",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
_LAST_MODIFIED = "_api_last_modified"


def note_modified(request: HttpRequest, *objects) -> None:
    """Remember the latest change among published items shown in this response.

    An item counts from the later of its last save and its publication time, so that a
    scheduled item coming online moves Last-Modified forward.
    """
    latest = getattr(request, _LAST_MODIFIED, None)
    for obj in objects:
        for moment in (getattr(obj, "updated_at", None), getattr(obj, "published_at", None)):
            if moment is not None and (latest is None or moment > latest):
                latest = moment
    setattr(request, _LAST_MODIFIED, latest)


def cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def _json_error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return json_error(status, message)


def api_view(view=None, *, error: ErrorMaker = _json_error):
    """CORS, OPTIONS pre-flight, HEAD, ETag/Last-Modified and 304s around a GET view; any
    other method is refused with a 405 made by `error`, in the format the client reads."""
    if view is None:
        return functools.partial(api_view, error=error)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD", "OPTIONS"}:
            response = error(request, 405, gettext("This address only answers GET, HEAD and OPTIONS."))
            response["Allow"] = ALLOWED_METHODS
            return with_cors(response)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            for header, value in {**CORS_HEADERS, **PREFLIGHT_HEADERS}.items():
                response[header] = value
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        with listing():  # an answer lists items: it depends on which exist (portal/reads.py)
            response = with_cors(view(request, *args, **kwargs))
        if response.status_code == 200 and not response.streaming:
            response = _validate(request, response)
        if 200 <= response.status_code < 400 or response.status_code == 304:
            response["Cache-Control"] = f"public, max-age={cache_seconds()}"
        patch_vary_headers(response, ["Accept"])
        if head:
            response.content = b""
        return response

    return wrapper


def with_cors(response: HttpResponse) -> HttpResponse:
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


def _validate(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    last_modified: datetime.datetime | None = getattr(request, _LAST_MODIFIED, None)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if _not_modified(request, etag, last_modified):
        not_modified = HttpResponse(status=304)
        for header in ("ETag", "Last-Modified", "Content-Type", "Content-Language", "Vary", *CORS_HEADERS):
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response


def _not_modified(request: HttpRequest, etag: str, last_modified: datetime.datetime | None) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since and last_modified is not None:
        since = parse_http_date_safe(if_modified_since)
        # A date later than now is not a date the client got from us (RFC 9110, 13.1.3).
        return since is not None and since <= time.time() and int(last_modified.timestamp()) <= since
    return False


_ROOT_RELATIVE_HREF = re.compile(r'(href|src)="/(?!/)')
_SRCSET = re.compile(r'\bsrcset="(?P<candidates>[^"]*)"')


def absolute_links(html: str, request: HttpRequest) -> str:
    """Rendered Markdown links to our own pages as absolute addresses, for use off-site."""
    base = request.build_absolute_uri("/")

    def candidate(text: str) -> str:
        text = text.strip()
        return base + text[1:] if text.startswith("/") and not text.startswith("//") else text

    html = _ROOT_RELATIVE_HREF.sub(lambda match: f'{match[1]}="{base}', html)
    return _SRCSET.sub(lambda match: 'srcset="' + ", ".join(map(candidate, match["candidates"].split(","))) + '"', html)

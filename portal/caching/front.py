"""WSGI: stored public pages answered before Django handles the request (config/wsgi.py)."""

import http

from django.conf import settings
from django.http.cookie import parse_cookie

from portal.caching.store import (
    NOT_MODIFIED_HEADERS,
    look_up,
    matches_etag,
    may_be_public,
    may_be_stored,
    shared_cache_control,
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
        if may_be_public(headers, cookies):
            headers["Cache-Control"] = shared_cache_control()
        if matches_etag(environ.get("HTTP_IF_NONE_MATCH"), headers.get("ETag")):
            status, content = 304, b""
            headers = {name: value for name, value in headers.items() if name in {*NOT_MODIFIED_HEADERS, "X-Cache"}}
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

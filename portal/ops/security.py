"""Security pieces: the admin's CSP allowance, log-in lock-out hooks for django-axes."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext

logger = logging.getLogger(__name__)


def warn_if_served_without_https() -> None:
    """Said once when the server starts (config/wsgi.py), not at every management command."""
    if not settings.DEBUG and not settings.HTTPS:
        logger.warning(
            "HTTPS=0: cookies are sent over plain HTTP, and there is no HSTS and no redirect to HTTPS. "
            "Only do this when the site is really not served over TLS."
        )


class AdminCSPMiddleware:
    """The Django admin sets a few inline style attributes; allow them there only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response


class RejectNullBytesMiddleware:
    """A NUL character in a query parameter is never meaningful here, and PostgreSQL refuses
    it in a query: answer 400 (through handler400, so in the format the client reads: a page,
    or the API's or the Infobutton's error) instead of failing later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_null_byte(request):
            raise BadRequest(gettext("The address contains a character we cannot use."))
        return self.get_response(request)


def _has_null_byte(request: HttpRequest) -> bool:
    if "\x00" in request.path or any("\x00" in value for value in request.COOKIES.values()):
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def client_address(request: HttpRequest) -> str:
    """The client's address for log-in lock-out (django-axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR is the proxy's address behind a reverse proxy; the proxy example in
    docs/deploy.md passes the client's in X-Forwarded-For, trusted only when set up so."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username failures are counted under (AXES_USERNAME_CALLABLE): normalised like
    log-in itself (NFKC) and case-folded, so look-alike spellings share one count."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username", "")
    return get_user_model().normalize_username(str(username or "").strip()).casefold()


def locked_out(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """What a locked-out log-in sees (AXES_LOCKOUT_CALLABLE): the same words, whichever the reason."""
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    message = ngettext(
        "Too many failed log-in attempts. Wait %(minutes)s minute, then try again.",
        "Too many failed log-in attempts. Wait %(minutes)s minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}
    html = render_to_string("admin/portal/locked_out.html", {"message": message}, request)
    return HttpResponse(html, status=429, headers={"Retry-After": str(settings.LOGIN_LOCKOUT_SECONDS)})

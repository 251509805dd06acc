"""Security pieces: the admin's CSP allowance, throttled admin log-in, checked image uploads."""

import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from markdownx.forms import ImageForm
from markdownx.views import ImageUploadView
from PIL import Image, UnidentifiedImageError

from portal.views import bad_request

logger = logging.getLogger(__name__)


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
    it in a query: answer 400 with the site's error page instead of failing later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_null_byte(request):
            return bad_request(request, "The address contains a character we cannot use.")
        return self.get_response(request)


def _has_null_byte(request: HttpRequest) -> bool:
    if "\x00" in request.path or any("\x00" in value for value in request.COOKIES.values()):
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy; the proxy example in
    # docs/deploy.md passes the client's in X-Forwarded-For, trusted only when set up so.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _failure_keys(request: HttpRequest, username: str) -> list[str]:
    # The same normalisation as log-in itself (NFKC), so look-alike spellings share a count.
    normalized = get_user_model().normalize_username(username.strip()).casefold()
    digest = hashlib.sha256(normalized.encode()).hexdigest()[:32]
    return [f"login-failures:user:{digest}", f"login-failures:address:{_client_address(request)}"]


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """Refuses further attempts for a while after repeated failures, per account and per address."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed log-in attempts. Wait %(minutes)s minutes, then try again.",
    }

    def clean(self):
        username = self.data.get("username", "")
        keys = _failure_keys(self.request, username) if self.request else []
        if any((cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
            logger.warning("admin log-in throttled: address=%s", _client_address(self.request))
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for key in keys:
                cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
                if cache.incr(key) is None:
                    cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)
            raise


# What an uploaded image really is (read by Pillow), and the type it is stored as.
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
                 "WEBP": ("image/webp", "webp")}  # fmt: skip


class CheckedImageForm(ImageForm):
    """markdownx's upload form, trusting the file's content rather than its name or declared type."""

    def clean(self):
        upload = self.files.get("image")
        if upload is None:
            raise forms.ValidationError("Choose an image to upload.")
        if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
            limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE // 1024
            raise forms.ValidationError(f"Images must be at most {limit} KB.")
        try:
            with Image.open(upload) as image:
                image.verify()
                image_format = image.format
        except Image.DecompressionBombError:
            raise forms.ValidationError("This image has too many pixels; make it smaller first.") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise forms.ValidationError("This file is not a JPEG, PNG, GIF or WebP image.") from None
        if image_format not in IMAGE_FORMATS:
            raise forms.ValidationError("Only JPEG, PNG, GIF and WebP images can be uploaded.")
        content_type, extension = IMAGE_FORMATS[image_format]
        upload.seek(0)
        upload.content_type = content_type
        upload.name = f"image.{extension}"
        return super().clean()


class CheckedImageUploadView(ImageUploadView):
    form_class = CheckedImageForm

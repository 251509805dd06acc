"""Which language a request is answered in.

A public page's language is in its address: `/es/…` is Spanish, an unprefixed address is
English (LANGUAGE_CODE), whatever the browser asks for. The page cache (portal/caching/), a
shared cache in front and the pages rendered once (portal/caching/render_once.py) keep one copy
of each address, with no `Vary: Accept-Language`: a page must not depend on the request's
language headers. The API and the Infobutton take the language as a parameter (api/).

The admin and the editing tools under /markdownx/ are private (never cached, answered with
`Cache-Control: private`), so there the signed-in staff member's browser language
(Accept-Language) is used when it is one of LANGUAGES.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from portal.languages import language_from_path

STAFF_PATHS = ("/admin/", "/markdownx/")


def staff_language(request: HttpRequest) -> str:
    """The browser's language among LANGUAGES; English is LANGUAGE_CODE, as on public pages."""
    language = translation.get_language_from_request(request)
    if language == translation.get_supported_language_variant(settings.LANGUAGE_CODE):
        return settings.LANGUAGE_CODE
    return language


class StaffLanguageMiddleware:
    """The address's language on public pages; the staff pages follow the browser's language.

    The language is active only while the request is answered: the thread's language
    before it is restored afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(STAFF_PATHS):
            language = language_from_path(request.path_info)
            with translation.override(language):
                request.LANGUAGE_CODE = language
                response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            return response
        language = staff_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        return response

"""One error format for the whole API: {"error": {"status", "message", "details"}}.

Bad input is a 400 (django-ninja would say 422), a missing or unpublished item a 404;
neither ever becomes a 500.
"""

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from api.pagination import BadCursor


def error_body(status: int, message: str, details=None) -> dict:
    return {"error": {"status": status, "message": message, "details": details or []}}


def json_error(status: int, message: str, details=None) -> JsonResponse:
    """The API's error object, for answers made outside django-ninja (unknown addresses,
    refused methods, the site-wide guards)."""
    return JsonResponse(error_body(status, message, details), status=status)


def error_response(api: NinjaAPI, request: HttpRequest, status: int, message: str, details=None):
    return api.create_response(request, error_body(status, message, details), status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    def invalid(request, exc: ValidationError):
        details = [
            {"location": ".".join(str(part) for part in error.get("loc", ())), "problem": error.get("msg", "")}
            for error in exc.errors
        ]
        return error_response(api, request, 400, gettext("The request's parameters are not valid."), details)

    def bad_cursor(request, exc: BadCursor):
        return error_response(api, request, 400, gettext("This cursor is not valid: use the 'next' address of a page."))

    def not_found(request, exc: Http404):
        return error_response(api, request, 404, gettext("There is no published item at this address."))

    def http_error(request, exc: HttpError):
        return error_response(api, request, exc.status_code, str(exc))

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(BadCursor, bad_cursor)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)

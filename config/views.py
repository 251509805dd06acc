"""The home page, and the error pages: each brings several apps together, so they belong to
the project's wiring."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views import defaults

from api import infobutton
from api.errors import json_error
from api.http import with_cors
from articles.models import Article
from conditions.models import Condition
from portal.caching.render_once import list_page
from portal.pages import views


def home(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        return {
            "featured_conditions": Condition.objects.published().featured(),
            "latest_articles": Article.objects.published().for_list()[:6],
        }

    return list_page(request, "portal/home.html", ("home",), context)


# Errors in the format the client reads: the API's JSON error object under /api/, the
# Infobutton's own under /infobutton/, the site's pages everywhere else.
def _machine_error(request: HttpRequest, status: int, message: str) -> HttpResponse | None:
    if request.path.startswith("/api/"):
        return with_cors(json_error(status, message))
    if request.path.startswith(reverse("infobutton")):
        return with_cors(infobutton.error(request, status, message))
    return None


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) or gettext("Something in the address was not valid.")
    return _machine_error(request, 400, message) or views.bad_request(request, message)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = gettext("There is nothing at this address.")
    return _machine_error(request, 404, message) or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    message = gettext("Something went wrong on our side. Try again in a moment.")
    return _machine_error(request, 500, message) or defaults.server_error(request)

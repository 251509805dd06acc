"""The home page: it brings several apps together, so it belongs to the project's wiring."""

from django.http import HttpRequest, HttpResponse

from articles.models import Article
from conditions.models import Condition
from portal.render_once import list_page


def home(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        return {
            "featured_conditions": Condition.objects.published().featured(),
            "latest_articles": Article.objects.published().for_list()[:6],
        }

    return list_page(request, "portal/home.html", ("home",), context)

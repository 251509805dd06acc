"""The home page: it brings several apps together, so it belongs to the project's wiring."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from articles.models import Article
from conditions.models import Condition
from portal.render_once import rendered_once


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", rendered_once(request, ("home",), lambda: _home(request)))


def _home(request: HttpRequest) -> dict[str, str]:
    context = {
        "featured_conditions": Condition.objects.published().featured(),
        "latest_articles": Article.objects.published().for_list()[:6],
    }
    return {"main": render_to_string("portal/home_main.html", context, request)}

"""The home page: it brings several apps together, so it belongs to the project's wiring."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Article
from conditions.models import Condition


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured_conditions": Condition.objects.published().featured(),
        "latest_articles": Article.objects.published().for_list()[:6],
    }
    return render(request, "portal/home.html", context)

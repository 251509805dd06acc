"""The content API, version 1: the one place that assembles every app's router.

django-ninja builds the OpenAPI 3.1 schema from the same type hints that validate each
answer, so the published schema cannot drift from what the views return.
"""

from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI

from api import docs, errors, search
from api.http import api_view
from api.languages import with_language
from articles.api import router as articles_router
from conditions.api import router as conditions_router
from glossary.api import router as glossary_router
from medications.api import router as medications_router

api = NinjaAPI(
    title="Health portal content API",
    version="1",
    description="Read-only JSON of the portal's published conditions, medications, guides and glossary terms. "
    "See /api/v1/docs for a readable guide.",
    urls_namespace="api-v1",
    docs_url=None,
)
errors.install_error_handlers(api)
api.add_router("", conditions_router)
api.add_router("", medications_router)
api.add_router("", articles_router)
api.add_router("", glossary_router)
api.add_router("", search.router)


def _wrapped(patterns) -> list:
    """Every API address gets CORS, HEAD, validators and 304s (api/http.py); every content
    address is answered in the language asked for (api/languages.py)."""
    wrapped = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrapped.append(pattern)
            continue
        view = pattern.callback if pattern.name == "openapi-json" else with_language(pattern.callback)
        wrapped.append(URLPattern(pattern.pattern, api_view(view), pattern.default_args, pattern.name))
    return wrapped


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    *_wrapped(_patterns),
    path("docs", api_view(docs.docs_page), {"api": api}, name="docs"),
]
urls = (urlpatterns, _app_name, _namespace)

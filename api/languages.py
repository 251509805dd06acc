"""The language of an API answer, and what every item says about its languages.

A request names its language with `?lang=` (one of the content languages); without it the
best match of its Accept-Language header among them, else the source language. The answer
is made with that language active, so `published()` lists what a page in it shows (its
versions, and source items that have none) and its messages are in it. It says which
language it is in (Content-Language), and varies on Accept-Language when the header chose.

Each item carries its own `language` and its other published language versions
(`translations`), found for a whole list in one query per content type. Knows no content app.
"""

import functools
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import Model, Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from api.errors import json_error
from portal.languages import activation_code, content_languages, current_language, source_language
from portal.models import Publication

PARAMETER = "lang"
# Django's own bound for the header (django.utils.translation.trans_real).
MAX_HEADER = 500


class UnknownLanguage(ValueError):
    """`?lang=` names no content language."""


def from_header(header: str) -> str | None:
    """The content language an Accept-Language header prefers most, or None.

    `es-MX` matches `es`; `*` and languages with `q=0` match nothing; a malformed part is
    skipped, never an error."""
    ranked = []
    for position, part in enumerate(header[:MAX_HEADER].split(",")):
        tag, _, parameters = part.strip().partition(";")
        tag = tag.strip().lower().replace("_", "-")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        if not tag or tag == "*" or not 0 < quality <= 1:
            continue
        ranked.append((-quality, position, tag))
    languages = content_languages()
    for _quality, _position, tag in sorted(ranked):
        for candidate in (tag, tag.split("-")[0]):
            if candidate in languages:
                return candidate
    return None


def requested(request: HttpRequest) -> tuple[str, bool]:
    """The answer's language, and whether it came from the Accept-Language header (so that
    the answer varies on it). An unknown `?lang=` raises UnknownLanguage."""
    if PARAMETER in request.GET:
        language = request.GET[PARAMETER]
        if language not in content_languages():
            raise UnknownLanguage(language)
        return language, False
    return from_header(request.headers.get("Accept-Language", "")) or source_language(), True


def with_language(view):
    """Answer `view` in the request's language (see the module's docstring); an unknown
    `?lang=` is a 400 in the API's error format."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            language, chosen_by_header = requested(request)
        except UnknownLanguage:
            # The error is told in the header's language.
            language, chosen_by_header = (
                from_header(request.headers.get("Accept-Language", "")) or source_language(),
                True,
            )
            with translation.override(activation_code(language)):
                response = json_error(
                    400,
                    gettext("The request's parameters are not valid."),
                    [
                        {
                            "location": f"query.{PARAMETER}",
                            "problem": gettext("lang must be one of: %(languages)s.")
                            % {"languages": ", ".join(content_languages())},
                        }
                    ],
                )
        else:
            with translation.override(activation_code(language)):
                response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        if chosen_by_header:
            patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


def api_url(request: HttpRequest, route: str, item: Model) -> str:
    """An item's address in this API. It names the item's language unless the item and the
    answer are both in the source language (the addresses of English answers are as before)."""
    path = reverse(route, kwargs={"slug": item.slug})
    source = source_language()
    if item.language != source or current_language() != source:
        path = f"{path}?{urlencode({PARAMETER: item.language})}"
    return request.build_absolute_uri(path)


def versions_of(items: Iterable[Model]) -> dict[tuple[type, int], list[Model]]:
    """Every published language version of each item's source (the source among them when
    published), keyed by (content type, source id): one query per content type."""
    items = list(items)
    translated = [item for item in items if getattr(item, "source_publication_id", None)]
    prefetch_related_objects(
        translated, Prefetch("source_publication", queryset=Publication.objects.only("published_at"))
    )
    sources: dict[type, set[int]] = {}
    for item in items:
        sources.setdefault(type(item), set()).add(item.source_id)
    found: dict[tuple[type, int], list[Model]] = {}
    order = {language: index for index, language in enumerate(content_languages())}
    for model, ids in sources.items():
        rows = model._default_manager.published_versions_of(ids).only(
            "pk", "slug", "language", "translation_of_id", model.title_field
        )
        for row in rows:
            found.setdefault((model, row.source_id), []).append(row)
    for rows in found.values():
        rows.sort(key=lambda row: order.get(row.language, len(order)))
    return found


def translation_state(item: Model) -> dict:
    """Whether a translation matches its source's published version (`translationStatus`)."""
    if not item.translation_of_id:
        return {"translationStatus": item.translation_status, "sourceVersion": None}
    publication = item.source_publication if item.source_publication_id else None
    return {
        "translationStatus": item.translation_status,
        "sourceVersion": {
            "published_at": publication.published_at if publication else None,
            "stale_since": item.stale_since,
        },
    }


def language_fields(item: Model, request: HttpRequest, route: str, versions: dict) -> dict:
    """An item's `language`, whether it is up to date with its source, and its other
    published versions (`translations`), from the versions `versions_of()` found for the
    list it is in."""
    return {
        "language": item.language,
        **translation_state(item),
        "translations": [
            {
                "language": version.language,
                "slug": version.slug,
                "title": version.title_text,
                "url": request.build_absolute_uri(version.get_absolute_url()),
                "api_url": request.build_absolute_uri(
                    f"{reverse(route, kwargs={'slug': version.slug})}?{urlencode({PARAMETER: version.language})}"
                ),
            }
            for version in versions.get((type(item), item.source_id), [])
            if version.pk != item.pk
        ],
    }


def find_by_slug(queryset, slug: str) -> Model | None:
    """The item at `slug` as an answer in the active language shows it.

    `queryset` is what the answer shows (`published()`, with what it prefetches). A slug in
    the answer's language finds its item; a slug of another published language version (the
    English slug asked for in Spanish, the usual case for an integrator) finds the same item
    in the answer's language where it is published, else in the source language."""
    language = current_language()
    rows = list(queryset.filter(slug=slug))  # two at most: the same slug in two languages
    if rows:
        return min(rows, key=lambda row: row.language != language)
    model = queryset.model
    other = model._default_manager.published_in_any_language().filter(slug=slug).exclude(language=language)
    source_ids = list(other.values_list("translation_of_id", "pk")[:1])
    if not source_ids:
        return None
    source_id = source_ids[0][0] or source_ids[0][1]
    return queryset.filter(Q(pk=source_id) | Q(translation_of_id=source_id)).first()

"""The same page in the site's other languages: the language switcher, `<link rel="alternate"
hreflang>` and `x-default`.

A page about an item has an alternate for each published language version of the item, at
the same view with that version's slug (`/conditions/poems-syndrome/guides/` ↔
`/es/condiciones/sindrome-poems/guias/`); a list, the home page or an author's page exists in
every language. Alternates are always reciprocal: each version lists all, itself included.
"""

from dataclasses import dataclass

from django.db.models import Model
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal import reads
from portal.languages import activation_code, content_languages, current_language, language_name, source_language


@dataclass(frozen=True)
class Alternate:
    language: str  # "en", "es": hreflang and the switcher's lang attribute
    name: str  # the language's own name, "Español"
    url: str  # absolute
    current: bool


def alternates(request: HttpRequest, item: Model | None = None) -> list[Alternate]:
    """This page in every language it is published in (only the page's own when none other)."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return []
    slugs = _version_slugs(item) if item is not None and hasattr(item, "translation_of_id") else None
    here = current_language()
    found = []
    for language in content_languages():
        kwargs = dict(match.kwargs)
        if slugs is not None:
            if language not in slugs:
                continue
            kwargs["slug"] = slugs[language]
        with translation.override(activation_code(language)):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=kwargs)
            except NoReverseMatch:
                continue
        found.append(Alternate(language, language_name(language), request.build_absolute_uri(path), language == here))
    return found


def _version_slugs(item: Model) -> dict[str, str]:
    """The slug of each published language version of `item`, by language (and the item's own).
    Read as values, so the page notes the versions' keys itself: a version renamed or
    withdrawn changes this page's alternates."""
    model = type(item)
    versions = list(
        model._default_manager.published_versions_of([item.source_id]).values_list("pk", "language", "slug")
    )
    reads.note({reads.item_key(model, pk) for pk, _language, _slug in versions})
    return {**{language: slug for _pk, language, slug in versions}, item.language: item.slug}


def x_default(found: list[Alternate]) -> str:
    """For a reader whose language the site does not have: the source language's page."""
    source = source_language()
    return next((alternate.url for alternate in found if alternate.language == source), "")

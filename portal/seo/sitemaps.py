"""The sitemap: the list pages in every language, then every published language version of
each item of each content type that declares a `sitemap_priority`.

Each address is listed once. An address whose page exists in other languages carries an
`<xhtml:link rel="alternate" hreflang>` for each of them, itself included, and `x-default`
(the source language's address), as the page's own `<head>` does (portal/pages/alternates.py):
the versions of one item list the same alternates, so they are always reciprocal. An item
is in the sitemap in the languages it is published in only: a Spanish address exists only
for an item with a published Spanish version, under its own slug.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from portal.languages import activation_code, content_languages, source_language
from portal.registry import content_types


def hreflang_links(paths: dict[str, str], origin: str) -> list[dict[str, str]]:
    """The sitemap alternates of a page published at `paths` (language → path): one per
    language, in the order of LANGUAGES, and x-default; none for a page in one language only."""
    if len(paths) < 2:
        return []
    links = [
        {"lang_code": language, "location": f"{origin}{paths[language]}"}
        for language in content_languages()
        if language in paths
    ]
    source = source_language()
    if source in paths:
        links.append({"lang_code": "x-default", "location": f"{origin}{paths[source]}"})
    return links


class LanguageVersionsSitemap(Sitemap):
    """Entries that are one language version of a page; `language_paths` says where each
    version of an entry's page is."""

    def language_paths(self, item) -> dict[str, str]:
        raise NotImplementedError

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["alternates"] = hreflang_links(self.language_paths(url["item"]), origin)
        return urls


class PublishedSitemap(LanguageVersionsSitemap):
    """Every published language version of every item, each with the time it last changed.

    One query, whatever the number of items: the versions of an item are among the rows
    read, so its alternates need none."""

    model = None

    @cached_property
    def _versions(self) -> list:
        """Published versions, those of one item together, the source first."""
        return list(
            self.model.objects.published_in_any_language()
            .order_by(Coalesce("translation_of", "pk"), F("translation_of").asc(nulls_first=True), "language")
            .only("slug", "language", "translation_of", "updated_at")
        )

    @cached_property
    def _paths_by_item(self) -> dict[int, dict[str, str]]:
        """Source item id → language → address of its published version in that language."""
        paths: dict[int, dict[str, str]] = {}
        for version in self._versions:
            paths.setdefault(version.source_id, {})[version.language] = version.get_absolute_url()
        return paths

    def items(self) -> list:
        return self._versions

    def location(self, item) -> str:
        return self._paths_by_item[item.source_id][item.language]

    def language_paths(self, item) -> dict[str, str]:
        return self._paths_by_item[item.source_id]

    def lastmod(self, item):
        return item.updated_at


class ListPagesSitemap(LanguageVersionsSitemap):
    """The home page and each content type's list: they exist in every language."""

    priority = 0.5

    def _names(self) -> list[str]:
        return ["home", *(model.list_url_name for model in content_types() if model.list_url_name)]

    @cached_property
    def _paths(self) -> dict[str, dict[str, str]]:
        """URL name → language → address."""
        paths: dict[str, dict[str, str]] = {}
        for language in content_languages():
            with translation.override(activation_code(language)):
                for name in self._names():
                    paths.setdefault(name, {})[language] = reverse(name)
        return paths

    def items(self) -> list[tuple[str, str]]:
        """(URL name, language): the source language's lists first, as before."""
        return [(name, language) for language in content_languages() for name in self._names()]

    def location(self, item: tuple[str, str]) -> str:
        name, language = item
        return self._paths[name][language]

    def language_paths(self, item: tuple[str, str]) -> dict[str, str]:
        return self._paths[item[0]]


def sitemaps() -> dict[str, type[Sitemap]]:
    sections: dict[str, type[Sitemap]] = {"pages": ListPagesSitemap}
    for model in content_types():
        if model.sitemap_priority is not None:
            name = str(model._meta.verbose_name_plural)
            sections[name] = type(
                f"{model.__name__}Sitemap", (PublishedSitemap,), {"model": model, "priority": model.sitemap_priority}
            )
    return sections

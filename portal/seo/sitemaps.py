"""The sitemap: the list pages, then every published item of each content type that
declares a `sitemap_priority`."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.registry import content_types


class PublishedSitemap(Sitemap):
    """Published items only, each with the time it last changed."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ListPagesSitemap(Sitemap):
    priority = 0.5

    def items(self) -> list[str]:
        return ["home", *(model.list_url_name for model in content_types() if model.list_url_name)]

    def location(self, item: str) -> str:
        return reverse(item)


def sitemaps() -> dict[str, type[Sitemap]]:
    sections: dict[str, type[Sitemap]] = {"pages": ListPagesSitemap}
    for model in content_types():
        if model.sitemap_priority is not None:
            name = str(model._meta.verbose_name_plural)
            sections[name] = type(
                f"{model.__name__}Sitemap", (PublishedSitemap,), {"model": model, "priority": model.sitemap_priority}
            )
    return sections

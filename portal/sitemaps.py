from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication


class PublishedSitemap(Sitemap):
    """Published items only, each with the time it last changed."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ConditionSitemap(PublishedSitemap):
    model = Condition
    priority = 0.9


class MedicationSitemap(PublishedSitemap):
    model = Medication
    priority = 0.8


class ArticleSitemap(PublishedSitemap):
    model = Article
    priority = 0.7


class ListPagesSitemap(Sitemap):
    priority = 0.5

    def items(self) -> list[str]:
        return ["home", "conditions:list", "medications:list", "articles:list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": ListPagesSitemap,
    "conditions": ConditionSitemap,
    "medications": MedicationSitemap,
    "articles": ArticleSitemap,
}

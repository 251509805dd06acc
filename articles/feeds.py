from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "Health portal: latest guides"
    link = reverse_lazy("articles:list")
    subtitle = "New and updated guides on rare conditions and their medicines, medically reviewed."

    def items(self):
        return Article.objects.published().for_list()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.author.name

    def item_categories(self, item: Article) -> list[str]:
        return [item.get_kind_display()]

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext

from articles.models import Article
from portal.plain_text import xml_safe

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("articles:list")

    def title(self) -> str:
        return gettext("Health portal: latest guides")

    def subtitle(self) -> str:
        return gettext("New and updated guides on rare conditions and their medicines, medically reviewed.")

    def items(self):
        return Article.objects.published().for_list()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return xml_safe(item.title)

    def item_description(self, item: Article) -> str:
        # Atom readers take the summary as HTML (type="html"); the summary is plain text, so
        # its characters are escaped to be shown, never run.
        return escape(xml_safe(item.summary))

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return xml_safe(item.author.name)

    def item_categories(self, item: Article) -> list[str]:
        return [item.get_kind_display()]

"""The latest guides as an Atom feed, one per language: `/feeds/articles/` in English,
`/es/canales/articulos/` in Spanish.

A feed lists what the list page in its language lists (`published()`): the guides written in
its language and, where a guide has no published version in it, the source language's,
marked as in that language (in the title, as lists mark them, and with the entry's
`xml:lang`). Each entry links to its page in its own language. The language comes from the
address, like any page's, so the page cache keeps one copy per feed.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language_info, gettext

from articles.models import Article
from portal.languages import current_language, page_language
from portal.plain_text import xml_safe

FEED_LENGTH = 20


class LanguageAtomFeed(Atom1Feed):
    """An Atom feed whose entries may each say their language (`xml:lang`) when it is not the feed's."""

    def item_attributes(self, item: dict) -> dict:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


def in_other_language(item) -> str:
    """After the title of an item in another language than the page's: " (in English)"."""
    language = item.language
    if language == current_language():
        return ""
    name = get_language_info(language)["name_translated"].lower()
    # Translators: after the title of a page in another language, e.g. "(in English)".
    return " " + gettext("(in %(language)s)") % {"language": name}


class LatestArticlesFeed(Feed):
    feed_type = LanguageAtomFeed
    link = reverse_lazy("articles:list")

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The page's language as `<html lang>` gives it ("en-GB", "es"), not Django's code ("en-gb").
        feed.feed["language"] = page_language()
        return feed

    def title(self) -> str:
        return gettext("Health portal: latest guides")

    def subtitle(self) -> str:
        return gettext("New and updated guides on rare conditions and their medicines, medically reviewed.")

    def items(self):
        return Article.objects.published().for_list()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return xml_safe(item.title) + in_other_language(item)

    def item_description(self, item: Article) -> str:
        # Atom readers take the summary as HTML (type="html"); the summary is plain text, so
        # its characters are escaped to be shown, never run.
        return escape(xml_safe(item.summary))

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"language": item.language if item.language != current_language() else None}

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return xml_safe(item.author.name)

    def item_categories(self, item: Article) -> list[str]:
        return [item.get_kind_display()]

"""Counts take the right form in each language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.pages.lists import ITEMS_PER_PAGE

GUIDES = Template(
    "{% load i18n %}{% blocktranslate trimmed count counter=n %}{{ counter }} guide{% plural %}"
    "{{ counter }} guides{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("count", "english", "spanish"),
    [(0, "0 guides", "0 guías"), (1, "1 guide", "1 guía"), (2, "2 guides", "2 guías"), (21, "21 guides", "21 guías")],
)
def test_the_guides_count_in_both_languages(count, english, spanish):
    with translation.override("en-gb"):
        assert GUIDES.render(Context({"n": count})) == english
    with translation.override("es"):
        assert GUIDES.render(Context({"n": count})) == spanish


def test_the_guides_page_counts_its_guides(render_in, hub, make_article, make_curated_guide):
    _, html = render_in("es", "/conditions/poems-syndrome/guides/")
    assert "<h2>1 guía</h2>" in html
    _, html = render_in("en-gb", "/conditions/poems-syndrome/guides/")
    assert "<h2>1 guide</h2>" in html

    for index in range(ITEMS_PER_PAGE):
        make_curated_guide(hub, make_article(title=f"Guide {index}"), position=index + 2)

    _, html = render_in("es", "/conditions/poems-syndrome/guides/")
    assert f"<h2>{ITEMS_PER_PAGE + 1} guías</h2>" in html and "Página 1 de 2" in html and ">Siguiente</a>" in html
    _, html = render_in("en-gb", "/conditions/poems-syndrome/guides/")
    assert f"<h2>{ITEMS_PER_PAGE + 1} guides</h2>" in html and "Page 1 of 2" in html


def test_the_hub_links_all_its_guides_when_it_shows_only_some(render_in, hub, make_article, make_curated_guide):
    from conditions.views import HUB_GUIDES

    for index in range(HUB_GUIDES):
        make_curated_guide(hub, make_article(title=f"Guide {index}"), position=index + 2)

    _, html = render_in("es", hub.get_absolute_url())
    assert f"Las {HUB_GUIDES + 1} guías sobre POEMS syndrome</a>" in html
    _, html = render_in("en-gb", hub.get_absolute_url())
    assert f"All {HUB_GUIDES + 1} guides on POEMS syndrome</a>" in html


@pytest.mark.parametrize(("count", "spanish"), [(1, "1 artículo"), (3, "3 artículos")])
def test_the_articles_count_in_spanish(render_in, make_article, count, spanish):
    for index in range(count):
        make_article(title=f"Article {index}")
    _, html = render_in("es", "/articles/")
    assert f"<h2>{spanish}</h2>" in html

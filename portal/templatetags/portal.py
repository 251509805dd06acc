import datetime

from django import template
from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from portal.pages.context_processors import site_urls
from portal.plain_text import day_in_words

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    """One of the links every page has ('home', 'search', 'conditions_list', 'stylesheet', ...)."""
    return site_urls()[name]


@register.simple_tag
def date_in_words(value: datetime.date | datetime.datetime | None) -> str:
    """A date in words, '18 October 2025' in English, inside <time datetime="2025-10-18">."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), day_in_words(value))


# What `{% same_for_everyone %}` rendered, by name and language: the page chrome around
# <main> (header, footer) is the same on every page in a language, and rendering its dozen
# translated strings on every request cost a fifth of a cached-part page's time.
_rendered_chrome: dict[tuple[str, str], str] = {}


class SameForEveryoneNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        key = (self.name, get_language() or "")
        rendered = _rendered_chrome.get(key)
        if rendered is None:
            rendered = _rendered_chrome[key] = self.nodelist.render(context)
        return rendered


@register.tag
def same_for_everyone(parser, token) -> SameForEveryoneNode:
    """`{% same_for_everyone "header" %}…{% end_same_for_everyone %}`: rendered once per process
    and language, then reused. Only for markup that reads nothing from the request or the
    page: translated words and the links of `site_url`."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("same_for_everyone takes one name, in quotes") from None
    nodelist = parser.parse(("end_same_for_everyone",))
    parser.delete_first_token()
    return SameForEveryoneNode(name.strip("\"'"), nodelist)


def _forget_chrome(**kwargs) -> None:
    _rendered_chrome.clear()


# Tests that change settings (templates, languages, URLs) get the chrome rendered afresh.
setting_changed.connect(_forget_chrome, dispatch_uid="portal.templatetags.portal.forget_chrome")

import datetime

from django import template
from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_info, gettext, pgettext

from portal.caching.render_once import rendered_once
from portal.languages import current_language
from portal.pages.alternates import alternates, x_default
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


@register.simple_tag(takes_context=True)
def language_links(context, part: str) -> str:
    """This page in the other languages it is published in: `part` "head" gives the
    `<link rel="alternate" hreflang>` lines and x-default, "switcher" the links patients use.
    Worked out once per page and content generation (one query for a page about an item)."""
    request = context.get("request")
    if request is None or getattr(request, "resolver_match", None) is None:
        return ""
    parts = getattr(request, "_language_parts", None)  # the head and the switcher: worked out once
    if parts is None:
        item = context.get("page_item")
        # The item too: an address answered 404 (a draft) and then its item's page (published
        # since) have different alternates.
        key = ("languages", request.path, item._meta.label_lower if item is not None else "", getattr(item, "pk", None))
        parts = rendered_once(request, key, lambda: _language_parts(request, item), bool(context.get("preview")))
        request._language_parts = parts
    return parts[part]


def _language_parts(request, item) -> dict[str, str]:
    found = alternates(request, item)
    if len(found) < 2:
        return {"head": "", "switcher": ""}
    head = format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((a.language, a.url) for a in found)
    )
    default = x_default(found)
    if default:  # none when the source-language version is not published
        head += format_html('\n<link rel="alternate" hreflang="x-default" href="{}">', default)
    links = format_html_join(
        "",
        '<li><a href="{}" hreflang="{}" lang="{}">{}</a></li>',
        ((a.url, a.language, a.language, a.name) for a in found if not a.current),
    )
    # Translators: the label, read out by screen readers, of the links to this page in other languages.
    label = pgettext("navigation", "Other languages")
    switcher = format_html('<nav class="languages" aria-label="{}"><ul>{}</ul></nav>', label, links)
    return {"head": head, "switcher": switcher}


@register.simple_tag
def other_language(item) -> str:
    """After an item's title in a list: "(in English)" when the page is in another language
    than the item (a Spanish page listing an item with no published Spanish version)."""
    language = getattr(item, "language", None)
    here = current_language()
    if language is None or language == here:
        return ""
    name = get_language_info(language)["name_translated"].lower()
    # Translators: after the title of a page in another language, e.g. "(in English)".
    note = gettext("(in %(language)s)") % {"language": name}
    return format_html(' <span class="other-language" lang="{}">{}</span>', here, note)


@register.simple_tag
def lang_attribute(item) -> str:
    """` lang="en"` on the element holding an item's title and summary when the page is in
    another language than the item."""
    language = getattr(item, "language", None)
    if language is None or language == current_language():
        return ""
    return format_html(' lang="{}"', language)

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

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

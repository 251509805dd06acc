"""Text helpers shared by every app: slugs and dates."""

import calendar
import datetime
import re

from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

# Typographic characters seen in real titles (non-breaking hyphen U+2011, en and em
# dashes, minus sign) stand for word breaks, not for nothing.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212/]")
_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033'\"]")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

validate_slug = RegexValidator(
    SLUG_PATTERN,
    _("Use lowercase letters, digits and single hyphens only, e.g. poems-syndrome."),
    code="invalid_slug",
)


def slugify_title(title: str) -> str:
    """Turn a title into a lowercase ASCII slug with hyphens between words."""
    text = _QUOTES.sub("", _DASHES.sub(" ", title))
    return re.sub(r"-{2,}", "-", slugify(text).replace("_", "-")).strip("-")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _local(moment: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment


def day_in_words(moment: datetime.date | datetime.datetime, padded: bool = False) -> str:
    """The (local) day in the active language's words, as public pages write it (DATE_FORMAT):
    "5 March 2026", "5 de marzo de 2026". `padded` gives the day of the month two digits where
    the editors' messages always have ("05 March 2026"); a language may write it its own way."""
    if padded:
        # Translators: a date format in the letters of Django's date filter (a backslash keeps
        # a letter as it is): a day with its day of the month in two digits, "05 March 2026".
        return date_format(_local(moment), pgettext("date format", "d F Y"))
    return date_format(_local(moment), "DATE_FORMAT")


def time_in_words(moment: datetime.datetime) -> str:
    """The local time of day on a 24-hour clock: "14:05"."""
    return date_format(_local(moment), "H:i")


def day_and_time_in_words(moment: datetime.datetime) -> str:
    """When something happened, for staff: "5 March 2026, 14:05", "5 de marzo de 2026, 14:05"."""
    # Translators: a day in words and a time of day, "5 March 2026, 14:05".
    return gettext("%(day)s, %(time)s") % {"day": day_in_words(moment), "time": time_in_words(moment)}


def translated_html(message: str, **values) -> SafeString:
    """A translated message that holds HTML of its own (a link), with its %(name)s values escaped:
    format_html for a message whose placeholders the translation may put in another order."""
    return mark_safe(message % {name: conditional_escape(value) for name, value in values.items()})  # noqa: S308 - values escaped


# What XML 1.0 cannot carry: C0 controls but tab, newline and return, lone surrogates, and
# U+FFFE/U+FFFF. Editors' text and request parameters may hold them; a feed or an Infobutton
# answer that did would be rejected by every parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (and JSON cannot encode as UTF-8)."""
    return _NOT_XML.sub("", text)

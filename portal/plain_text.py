"""Text helpers shared by every app: slugs and dates."""

import calendar
import datetime
import re

from django.core.validators import RegexValidator
from django.utils.text import slugify

# Typographic characters seen in real titles (non-breaking hyphen U+2011, en and em
# dashes, minus sign) stand for word breaks, not for nothing.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212/]")
_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033'\"]")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

validate_slug = RegexValidator(
    SLUG_PATTERN,
    "Use lowercase letters, digits and single hyphens only, e.g. poems-syndrome.",
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


# What XML 1.0 cannot carry: C0 controls but tab, newline and return, lone surrogates, and
# U+FFFE/U+FFFF. Editors' text and request parameters may hold them; a feed or an Infobutton
# answer that did would be rejected by every parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (and JSON cannot encode as UTF-8)."""
    return _NOT_XML.sub("", text)

"""`slug_url`: reverse() for a page addressed by its slug, worked out once per URL name.

A hub lists a hundred articles and their authors: reverse() walks the URL resolver for each
link, which was a fifth of the hub's render time. The address of a slug page is the same
pattern with the slug filled in, so the pattern is reversed once (per URL configuration,
script prefix and language: `/es/condiciones/…`) and the slug put in its place. A slug of other
characters than the slug converter's takes the ordinary reverse().
"""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

from portal.languages import activation_code

_PLACEHOLDER = "0slug0placeholder0"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=256)
def _pattern(viewname: str, urlconf: str | None, prefix: str, language: str) -> str | None:
    with translation.override(activation_code(language)):
        url = reverse(viewname, kwargs={"slug": _PLACEHOLDER}, urlconf=urlconf)
    return url if url.count(_PLACEHOLDER) == 1 else None


def slug_url(viewname: str, slug: str, language: str | None = None) -> str:
    """The address of the page `viewname` for `slug`, in `language` (the active one by default)."""
    if language is None:
        language = translation.get_language() or settings.LANGUAGE_CODE
    pattern = _pattern(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), language)
    if pattern is None or not _PLAIN_SLUG.fullmatch(slug):
        with translation.override(activation_code(language)):
            return reverse(viewname, kwargs={"slug": slug})
    return pattern.replace(_PLACEHOLDER, slug)


def _clear(**kwargs) -> None:
    _pattern.cache_clear()


setting_changed.connect(_clear, dispatch_uid="portal.urls_fast.clear")

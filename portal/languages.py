"""The languages content is written in, and which one a page is in.

Content languages are the codes of LANGUAGES ("en", "es"). The first language of LANGUAGE_CODE
("en-gb" → "en") is the source language: every item is first written in it, keeps today's
addresses, and its other language versions are translations of it. Another language is a
line in LANGUAGES, a message catalogue and content: nothing here names one.

The language of a page comes from its address (`/es/…`, config/languages.py), never from the
browser, so that a page has one body whoever asks for it.
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def source_language() -> str:
    """The language items are written in first, and the language of unprefixed addresses."""
    return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def other_languages() -> list[str]:
    """The languages items are translated into."""
    source = source_language()
    return [code for code in content_languages() if code != source]


def current_language() -> str:
    """The content language of the page being answered: the active language's, else the source's."""
    active = translation.get_language()
    if not active:
        return source_language()
    try:
        return translation.get_supported_language_variant(active)
    except LookupError:
        return source_language()


def activation_code(language: str) -> str:
    """The code to activate for pages in `language`: LANGUAGE_CODE ("en-gb", unprefixed
    addresses, British spelling and dates) for the source language, else the language itself."""
    if language == source_language() or language == settings.LANGUAGE_CODE:
        return settings.LANGUAGE_CODE
    return language


def language_from_path(path: str) -> str:
    """The language a public address is in: `/es/…` is Spanish, an unprefixed one the source's."""
    code = translation.get_language_from_path(path)
    if code is None or code == source_language():
        return settings.LANGUAGE_CODE
    return code


def page_language() -> str:
    """The active language as BCP 47, as `<html lang>`, feeds and JSON-LD give it: "en-GB", "es"."""
    return html_lang(translation.get_language() or settings.LANGUAGE_CODE)


@functools.cache
def html_lang(language: str) -> str:
    """The BCP 47 form of a language code: "en-gb" → "en-GB"."""
    code, _sep, region = language.partition("-")
    return f"{code}-{region.upper()}" if region else code


def language_name(code: str) -> str:
    """A language's own name ("Español"), as LANGUAGES spells it."""
    return dict(settings.LANGUAGES).get(code, code)


def validate_language(code: str) -> None:
    if code not in content_languages():
        raise ValidationError(
            _("“%(code)s” is not one of the site's languages."), code="unknown_language", params={"code": code}
        )

import functools

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.languages import page_language

# Shown on every page (title, og:site_name) and in Infobutton answers; str(SITE_NAME) is its
# name in the active language, "Health portal" on public pages.
SITE_NAME = _("Health portal")


def site(request: HttpRequest) -> dict:
    """The site name and this page's canonical address (path only: filters and pages aside).

    A request for a host the site does not serve gets the 400 page, which has no address."""
    try:
        canonical_url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        canonical_url = ""
    # Translated once here, not at each of the page's several uses of it.
    language = page_language()
    return {
        "site_name": str(SITE_NAME),
        "canonical_url": canonical_url,
        "html_lang": language,
        "og_locale": language.replace("-", "_") if "-" in language else f"{language}_{language.upper()}",
    }


def site_urls() -> dict[str, str]:
    """The links every page has (header, head), in the active language, worked out once per
    process and language, not on every page: the `site_url` template tag reads them, with or
    without a request."""
    return _site_urls(get_language() or settings.LANGUAGE_CODE)


@functools.cache
def _site_urls(language: str) -> dict[str, str]:
    names = [
        "home",
        "search",
        "feeds:articles",
        "conditions:list",
        "medications:list",
        "articles:list",
        "glossary:list",
        "favicon",
    ]
    urls = {name.replace(":", "_"): reverse(name) for name in names}
    return {**urls, "favicon_svg": static("portal/favicon.svg"), "stylesheet": static("portal/site.css")}

"""The main part of a public page, rendered once per content generation.

What a content page shows in its main part (the item, its parts, the published items it
lists or links to, its JSON-LD) depends on published content only, and every change to
content starts a new content generation (portal/caching/generation.py). So the part rendered for a page
under the current generation is what any request would render now: each process keeps it
in memory (at most RENDERED_ONCE_BYTES, least recently used first out) and renders it again
only when the generation moves, or RENDERED_ONCE_SECONDS after it was rendered (the bound
on a scheduled item appearing, as for the page cache).

Never for a preview, a working copy shown or edited, or a page as published on a date
(`rehearsing()`): those are rendered every time and never kept, so nothing kept here was
rendered from anything but published content. The page around the part (the site header,
the banners for staff, the search box) is rendered for each request.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from portal.caching.generation import content_tag
from portal.caching.local import RecentlyUsed
from portal.publishing.rehearsal import rehearsing

_rendered = RecentlyUsed(lambda: settings.RENDERED_ONCE_BYTES, lambda: settings.RENDERED_ONCE_SECONDS)


def rendered_once(
    request: HttpRequest, key: tuple, render: Callable[[], dict[str, str]], preview: bool = False
) -> dict[str, str]:
    """`render()`'s named HTML parts for the page `key` names (with the request's scheme and
    host: the parts hold absolute addresses), kept for the current content generation."""
    if preview or rehearsing() or not settings.RENDERED_ONCE_SECONDS:
        return render()
    # The language too: a list's key names the list, not which language it is in.
    name = f"{request.scheme}://{request.get_host()}|{get_language()}|" + "|".join(str(part) for part in key)
    tag = content_tag()
    parts = _rendered.get(name, tag)
    if parts is None:
        parts = render()
        _rendered.put(name, tag, parts, sum(len(html) for html in parts.values()))
    return parts


def list_page(
    request: HttpRequest, template: str, key: tuple, context: Callable[[], dict], around: dict | None = None
) -> HttpResponse:
    """A public page that is a list (no item, no preview): `template`, with the `around`
    context, around its main part, `template` with `_main` before `.html`, rendered once
    from `context()`."""
    parts = rendered_once(request, key, lambda: {"main": render_to_string(main_template(template), context(), request)})
    return render(request, template, {**(around or {}), **parts})


def main_template(template: str) -> str:
    return template.removesuffix(".html") + "_main.html"


def forget() -> None:
    """Everything kept here goes (tests start each with none of another's)."""
    _rendered.clear()

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

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from portal.caching.generation import content_tag
from portal.caching.local import RecentlyUsed
from portal.caching.store import looked_up_purge, purge_log, purge_number
from portal.publishing.rehearsal import rehearsing
from portal.reads import listing, note, recording, so_far

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
    catch_up(looked_up_purge(request.META))
    tag = content_tag()
    kept = _rendered.get(name, tag)
    if kept is not None:
        parts, keys = kept
        note(keys)  # the page holds what the part was rendered from
        return parts
    started = _forgotten["count"]
    # The part shows rows the page read before it too (the page's item, passed in): it is
    # forgotten when any of them changes.
    read_before = so_far()
    with recording() as keys:
        parts = render()
    if _forgotten["count"] == started:  # nothing was forgotten while it was rendered
        _rendered.put(name, tag, (parts, read_before | keys), sum(len(html) for html in parts.values()))
    return parts


def list_page(
    request: HttpRequest, template: str, key: tuple, context: Callable[[], dict], around: dict | None = None
) -> HttpResponse:
    """A public page that is a list (no item, no preview): `template`, with the `around`
    context, around its main part, `template` with `_main` before `.html`, rendered once
    from `context()`."""
    with listing():
        parts = rendered_once(
            request, key, lambda: {"main": render_to_string(main_template(template), context(), request)}
        )
    return render(request, template, {**(around or {}), **parts})


def main_template(template: str) -> str:
    return template.removesuffix(".html") + "_main.html"


def forget() -> None:
    """Everything kept here goes (tests start each with none of another's)."""
    _rendered.clear()


# How many times parts were forgotten in this process: a part rendered while some were is not
# kept, as it may have been rendered from rows read before the change.
_forgotten = {"count": 0}


def forget_keys(keys: set[str] | None) -> None:
    """Forget the parts that hold any of `keys` (every part for None)."""
    _forgotten["count"] += 1
    if keys is None:
        _rendered.clear()
    elif keys:
        _rendered.drop_where(lambda kept: not kept[1].isdisjoint(keys))


_seen = {"number": None, "checked_at": float("-inf")}
_seen_lock = threading.Lock()


def catch_up(known: int | None = None) -> None:
    """Forget the parts that changes made by other processes touched: read the purge log in
    the shared cache (portal/caching/purge.py), at most every PAGE_CACHE_LOCAL_MS, and at once
    when the request's page look-up read a purge number (`known`) this process has not caught
    up with: a page stored under that number must not hold a part rendered before it. A log
    that no longer reaches back to the last purge seen here forgets every part."""
    now = time.monotonic()
    with _seen_lock:
        behind = known is not None and known != _seen["number"]
        if not behind and now - _seen["checked_at"] < settings.PAGE_CACHE_LOCAL_MS / 1000:
            return
        _seen["checked_at"] = now
        last = _seen["number"]
    number = purge_number()
    if number is None or number == last:
        return
    if last is not None and number < last:  # the shared cache started again, empty
        forget_keys(None)
    elif last is not None:
        entries = [(entry, keys) for entry, keys in purge_log(number - last) if entry > last]
        if {entry for entry, _keys in entries} != set(range(last + 1, number + 1)):
            forget_keys(None)
        else:
            forget_keys(set().union(*(keys for _entry, keys in entries)))
    with _seen_lock:
        _seen["number"] = number

"""Things Markdown embeds rather than links: ``![alt text](image:<slug>)``.

A model that can be embedded declares ``embed_scheme`` (the image library's Image says
"image") and three class methods the core calls, so the core never imports it:
``embed_lookup(slugs)`` (one query for a page's embeds), ``embed_html(obj, embed, preview,
for_others)`` (the markup patients see, or editors in a preview, or other sites through the
API; `obj` None for a slug that names nothing) and
``embed_problems(obj, embed)`` (what stops sign-off). A content type whose model has a lead
picture declares ``lead_image_field`` (the foreign key, with ``<field>_alt`` and
``<field>_decorative`` beside it): it is checked at sign-off like an embed.

An embed alone in its paragraph becomes a block (a figure) in place of that paragraph; one in
the middle of a sentence closes the paragraph around it.
"""

import html
import re
from dataclasses import dataclass

from django.db.models import Model

from portal import reads
from portal.registry import embeddable_models

_IMG = re.compile(r"<img\b(?P<attributes>[^>]*?)\s*/?>", re.IGNORECASE)
_ALONE = re.compile(r"<p>\s*(?P<img><img\b[^>]*?\s*/?>)\s*</p>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s(?P<name>[a-z-]+)="(?P<value>[^"]*)"', re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")


@dataclass(frozen=True)
class Embed:
    scheme: str
    slug: str
    alt: str  # as written, unescaped; "" marks the use decorative
    caption: str  # the Markdown title, ![alt](image:slug "caption"), unescaped
    where: str = ""  # the field it was found in, for messages
    decorative: bool | None = None  # None: decorative exactly when alt is empty (Markdown)

    @property
    def is_decorative(self) -> bool:
        return not self.alt if self.decorative is None else self.decorative


def providers() -> dict[str, type[Model]]:
    """Embed scheme → the model that provides it."""
    return embeddable_models()


def schemes() -> set[str]:
    return set(providers())


def _embed(tag: str, where: str = "") -> Embed | None:
    attributes = {m["name"].lower(): html.unescape(m["value"]) for m in _ATTRIBUTE.finditer(tag)}
    scheme, colon, slug = attributes.get("src", "").partition(":")
    if not colon or scheme.lower() not in schemes():
        return None
    return Embed(scheme.lower(), slug, attributes.get("alt", ""), attributes.get("title", ""), where)


def embeds_in(fragment: str, where: str = "") -> list[Embed]:
    """The embeds of a sanitised HTML fragment, in order."""
    return [embed for m in _IMG.finditer(fragment) if (embed := _embed(m[0], where)) is not None]


def _lookup(fragments: list[str]) -> dict[tuple[str, str], Model]:
    wanted: dict[str, set[str]] = {}
    for fragment in fragments:
        for embed in embeds_in(fragment):
            wanted.setdefault(embed.scheme, set()).add(embed.slug)
    found = {}
    for scheme, slugs in wanted.items():
        model = providers()[scheme]
        for slug, obj in model.embed_lookup(slugs).items():
            found[(scheme, slug)] = obj
        if len(found) < len(slugs):  # a slug not in the library yet: the page shows it once it is
            reads.note({reads.list_key(model)})
    return found


def apply_embeds(fragments: list[str], preview: bool = False, for_others: bool = False) -> list[str]:
    """Each embed replaced by its provider's markup: one query per scheme used on the page,
    none when the page embeds nothing."""
    if not any("<img" in fragment for fragment in fragments):
        return fragments
    found = _lookup(fragments)
    models = providers()

    def markup(tag: str) -> str | None:
        embed = _embed(tag)
        if embed is None:
            return None
        return models[embed.scheme].embed_html(found.get((embed.scheme, embed.slug)), embed, preview, for_others)

    def alone(match: re.Match) -> str:
        replaced = markup(match["img"])
        return match[0] if replaced is None else replaced

    def inline(match: re.Match) -> str:
        replaced = markup(match[0])
        return match[0] if replaced is None else f"</p>{replaced}<p>"

    result = []
    for fragment in fragments:
        fragment = _ALONE.sub(alone, fragment)
        fragment = _IMG.sub(inline, fragment)
        result.append(_EMPTY_PARAGRAPH.sub("", fragment))
    return result


def lead_image_embed(item: Model) -> tuple[Model, Embed] | None:
    """(image, its use) for an item's lead image, or None when it has none."""
    field = getattr(item, "lead_image_field", None)
    if not field or getattr(item, f"{field}_id", None) is None:
        return None
    image = getattr(item, field)
    decorative = bool(getattr(item, f"{field}_decorative", False))
    alt = "" if decorative else getattr(item, f"{field}_alt", "").strip()
    label = str(item._meta.get_field(field).verbose_name)
    return image, Embed(image.embed_scheme, image.slug, alt, "", where=label, decorative=decorative)


def problems(item: Model, fragments: dict[str, str]) -> list[str]:
    """Why the embeds of `item` (its sanitised Markdown fields, by field label) and its lead
    image stop it going live; [] when nothing does."""
    found = _lookup(list(fragments.values()))
    models = providers()
    messages = []
    for where, fragment in fragments.items():
        for embed in embeds_in(fragment, where):
            messages += models[embed.scheme].embed_problems(found.get((embed.scheme, embed.slug)), embed)
    lead = lead_image_embed(item)
    if lead is not None:
        image, embed = lead
        messages += type(image).embed_problems(image, embed)
    return list(dict.fromkeys(messages))

"""The one Markdown rendering path for every Markdown field and the admin preview.

Markdown text → Python-Markdown (raw HTML disabled, tables, heading ids) → nh3 with an
explicit allow-list. That result depends only on the text, so it is cached per process.
Internal links such as ``[Neurontin](medication:gabapentin)`` survive sanitising with
their own URL schemes and are resolved when a page is served, with one query for every
link on the page: a link to a published object points at its current URL, any other
becomes plain text. So does a link whose address the sanitiser removed (``javascript:``,
``data:`` and every other scheme not allowed): it is listed for editors (unsafe_links).
"""

import functools
import html as html_lib
import re
from dataclasses import dataclass

import markdown
import nh3
from django.apps import apps
from django.db.models import CharField, F, Value
from django.utils.safestring import SafeString, mark_safe

from portal import reads
from portal.registry import by_scheme
from portal.text import embeds
from portal.text.terms import explain_terms, published_terms

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
WEB_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Every content type's link scheme (its `link_scheme`), plus ordinary web links, may appear
# in an href; sanitising has already removed every other scheme.
_LINK = re.compile(
    r'<a\b[^>]*?\bhref="(?P<scheme>[a-z][a-z0-9+.-]*):(?P<slug>[^"]*)"[^>]*>(?P<text>.*?)</a>',
    re.DOTALL | re.IGNORECASE,
)
_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="(?P<scheme>[a-z][a-z0-9+.-]*):[^"]*"[^>]*>', re.IGNORECASE)
_HEADING_ONE = re.compile(r"<(/?)h1\b")
# Python-Markdown's links before sanitising: attribute values are quoted and escaped.
_MARKDOWN_HREF = re.compile(r'<a\b[^>]*?\shref="(?P<href>[^"]*)"', re.IGNORECASE)
# A link in nh3's output (attributes always double-quoted, quotes inside escaped).
_ANCHOR = re.compile(r'<a(?P<attributes>(?:\s[a-z-]+(?:="[^"]*")?)*)>(?P<text>.*?)</a>', re.DOTALL)
_ATTRIBUTE_NAME = re.compile(r'\s([a-z-]+)(?:="[^"]*")?')


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str  # sanitised; internal links not yet resolved
    headings: tuple[Heading, ...]
    removed_links: tuple[str, ...] = ()  # addresses the sanitiser removed (see unsafe_links)


def _flatten(tokens: list[dict]) -> list[Heading]:
    found = []
    for token in tokens:
        found.append(Heading(level=token["level"], anchor=token["id"], title=token["name"]))
        found.extend(_flatten(token["children"]))
    return found


def _internal_schemes() -> dict[str, type]:
    return by_scheme()


@functools.lru_cache(maxsize=2048)
def to_html(text: str) -> RenderedMarkdown:
    """Markdown to sanitised HTML. The page's one h1 is its title, so '#' becomes h2."""
    md = markdown.Markdown(
        extensions=["tables", "toc", "sane_lists", "fenced_code"],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"toc_depth": "2-3"},
        },
    )
    # Raw HTML in Markdown is shown as text, never passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text or "")
    html = _HEADING_ONE.sub(r"<\1h2", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=WEB_URL_SCHEMES | set(_internal_schemes()) | embeds.schemes(),
        link_rel=None,
        strip_comments=True,
    )
    # Internal schemes name pages, not images: such an image is dropped. An embed
    # (![alt](image:slug)) stays, for render_many to replace (portal/text/embeds.py).
    kept = WEB_URL_SCHEMES | embeds.schemes()
    clean = _IMAGE.sub(lambda m: "" if m["scheme"].lower() not in kept else m[0], clean)
    # A link whose address the sanitiser removed goes nowhere: its text is shown, not a link.
    clean = _ANCHOR.sub(lambda m: m[0] if "href" in _ATTRIBUTE_NAME.findall(m["attributes"]) else m["text"], clean)
    headings = tuple(h for h in _flatten(md.toc_tokens) if h.level <= 3)
    removed = (html_lib.unescape(m["href"]) for m in _MARKDOWN_HREF.finditer(html) if not _kept_by_sanitiser(m["href"]))
    return RenderedMarkdown(html=clean, headings=headings, removed_links=tuple(dict.fromkeys(removed)))


@functools.lru_cache(maxsize=1024)
def _kept_by_sanitiser(href: str) -> bool:
    """Whether nh3 keeps this address (as Python-Markdown wrote it) in a link: its own verdict."""
    link = nh3.clean(
        f'<a href="{href}">x</a>',
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes=WEB_URL_SCHEMES | set(_internal_schemes()),
        link_rel=None,
    )
    return "href=" in link


def unsafe_links(text: str) -> list[str]:
    """Addresses of links in a Markdown text that the sanitiser removed (javascript:, data:…),
    in order of first use: patients see those links as plain text."""
    return list(to_html(text).removed_links)


def internal_links(html: str) -> set[tuple[str, str]]:
    """The (scheme, slug) pairs an HTML fragment links to."""
    schemes = _internal_schemes()
    return {(m["scheme"].lower(), m["slug"]) for m in _LINK.finditer(html) if m["scheme"].lower() in schemes}


def resolve_internal_links(links: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Map each (scheme, slug) that names a published object to its URL, in one query.

    A link may use one of the item's `link_aliases` (a medication's brand slug); it points
    at the item's page.
    """
    if not links:
        return {}
    models = _internal_schemes()
    parts = []
    for scheme, model in models.items():
        slugs = {slug for link_scheme, slug in links if link_scheme == scheme}
        if not slugs:
            continue
        published = model.objects.published()
        parts.append(_slug_rows(published.filter(slug__in=slugs), scheme, "slug", "language", "pk"))
        if model.link_aliases:
            relation = model._meta.get_field(model.link_aliases)
            owner = relation.field.name
            aliases = relation.related_model.objects.filter(slug__in=slugs, **{f"{owner}__in": published})
            parts.append(_slug_rows(aliases, scheme, f"{owner}__slug", f"{owner}__language", f"{owner}__pk"))
    if not parts:
        return {}
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    urls = {}
    for scheme, slug, target, language, pk in query:
        urls[(scheme, slug)] = models[scheme](slug=target, language=language).get_absolute_url()
        reads.note({reads.item_key(models[scheme], pk)})  # the page shows a link to it
    if len(urls) < len(links):
        urls.update(_resolve_old_slugs(links - set(urls)))
    return urls


def _resolve_old_slugs(links: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Links written before a page's slug changed still reach it, as its old address does.

    Costs queries only when a page has links that did not resolve.
    """
    redirect_model = apps.get_model("portal.SlugRedirect")
    models = _internal_schemes()
    labels = {models[scheme]._meta.label_lower: scheme for scheme, _ in links}
    moved = redirect_model.objects.filter(model__in=labels, old_slug__in={slug for _, slug in links}).values_list(
        "model", "old_slug", "object_id"
    )
    urls = {}
    for label, old_slug, object_id in moved:
        scheme = labels[label]
        if (scheme, old_slug) not in links:
            continue
        target = apps.get_model(label).objects.published().filter(pk=object_id).first()
        if target is not None:
            urls[(scheme, old_slug)] = target.get_absolute_url()
    return urls


def _slug_rows(queryset, scheme: str, target: str, language: str, pk: str):
    """(scheme, slug as linked, the target's slug, the target's language: its address is in
    it, the target's primary key)."""
    return (
        queryset.order_by()
        .annotate(
            link_scheme=Value(scheme, output_field=CharField()),
            link_target=F(target),
            link_language=F(language),
            link_pk=F(pk),
        )
        .values_list("link_scheme", "slug", "link_target", "link_language", "link_pk")
    )


def _apply_links(html: str, urls: dict[tuple[str, str], str]) -> str:
    schemes = _internal_schemes()
    embed_schemes = embeds.schemes()

    def replace(match: re.Match) -> str:
        scheme = match["scheme"].lower()
        if scheme in embed_schemes:  # [text](image:slug) links nowhere a browser can go
            return match["text"]
        if scheme not in schemes:
            return match[0]
        url = urls.get((scheme, match["slug"]))
        if url is None:
            return match["text"]
        return f'<a href="{url}">{match["text"]}</a>'

    return _LINK.sub(replace, html)


def render_many(texts: list[str], preview: bool = False, for_others: bool = False) -> list[SafeString]:
    """Render several Markdown fields of one page, resolving all their links in one query
    and their embedded images in one more (only when there are any). The admin's `preview`
    also shows editors what patients will not see: an image that is missing or incomplete.
    Text `for_others` (the API) leaves out images whose licence forbids passing them on."""
    fragments = [to_html(text).html for text in texts]
    links = set().union(*(internal_links(fragment) for fragment in fragments))
    urls = resolve_internal_links(links)
    linked = [_apply_links(fragment, urls) for fragment in fragments]
    return [mark_safe(fragment) for fragment in embeds.apply_embeds(linked, preview, for_others)]  # noqa: S308 - sanitised above


@dataclass(frozen=True)
class ExplainedPage:
    fragments: list[SafeString]
    terms: list  # portal.text.terms.Term: the words explained on the page, in order of first use


def render_explained(texts: list[str], exclude: str = "") -> ExplainedPage:
    """A public page's Markdown fields, with the first use of each published glossary term
    marked and listed (portal/text/terms.py): one more query for the page, whatever it holds.
    A term's own page leaves its own name unmarked (`exclude`, its slug)."""
    terms = [(term, names) for term, names in published_terms() if term.slug != exclude]
    fragments, used = explain_terms(render_many(texts), terms)
    return ExplainedPage([mark_safe(fragment) for fragment in fragments], used)  # noqa: S308 - escaped in explain_terms


def render(text: str, preview: bool = False) -> SafeString:
    return render_many([text], preview)[0]


def render_preview(text: str) -> str:
    """The markdownx live preview: exactly what the public page will show, with editors' notes."""
    return render(text, preview=True)


def broken_links(text: str) -> set[tuple[str, str]]:
    """Internal links in a Markdown text that do not point at a published object."""
    links = internal_links(to_html(text).html)
    return links - set(resolve_internal_links(links))

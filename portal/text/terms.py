"""Medical words explained on the page: the last step of the Markdown path for public pages.

The first use of each published glossary term (or one of its synonyms) in a page's body
text becomes `<dfn class="term"><a href="#word-<slug>" title="definition">word</a></dfn>`,
and the page lists the words it used with their definitions ("Medical words on this page",
the glossary being "Medical words" wherever patients meet it), so
the definition is there without JavaScript. Headings, links, code and words already marked
are left alone. All terms come from one query per page; only published terms are used.
"""

import functools
import re
from dataclasses import dataclass

from django.db.models import Model
from django.utils.html import escape

from portal import reads
from portal.registry import content_types

# Text inside these elements is never marked.
_SKIPPED = {"a", "code", "pre", "dfn", "abbr", "h1", "h2", "h3", "h4", "h5", "h6"}
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^<]+|<", re.DOTALL)


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    definition: str
    url: str
    key: str = ""  # the item's dependency key (portal/reads.py)

    @property
    def anchor(self) -> str:
        return f"word-{self.slug}"


def glossary_items(published: bool = True, language: str | None = None) -> list[Model]:
    """The items of every content type that explains terms (`explains_terms`), published only
    unless asked otherwise, without their long texts: one query per glossary type. Published
    items are those a page in the current language shows; with `language`, only the items
    written in that language."""
    items = []
    for model in content_types():
        if model.explains_terms:
            queryset = model.objects.published() if published else model.objects.all()
            if language is not None:
                queryset = queryset.filter(language=language)
            items += queryset.defer(*model.markdown_fields).order_by(model.title_field)
    return items


def published_terms() -> list[tuple[Term, list[str]]]:
    """Every published term with the names it is known by.

    A page depends on the terms it uses (explain_terms notes them) and on which terms exist
    and what they are called (the glossary types' lists), not on every term's definition."""
    with reads.unrecorded():
        items = glossary_items()
    for model in content_types():
        if model.explains_terms:
            reads.note({reads.list_key(model)})
            if model.link_aliases:
                reads.note({reads.list_key(model._meta.get_field(model.link_aliases).related_model)})
    return [
        (
            Term(item.slug, item.title_text, item.term_definition(), item.get_absolute_url(), reads.key_of(item)),
            item.term_names(),
        )
        for item in items
    ]


def term_pattern(name: str) -> str:
    """A name as a regular expression: spaces and hyphens interchangeable, a plural allowed."""
    words = [re.escape(word) for word in re.split(r"[\s\u00a0‑-]+", name.strip()) if word]
    return r"(?<![\w‑-])" + r"[\s\u00a0‑-]+".join(words) + r"(?:e?s)?(?![\w‑-])"


@functools.lru_cache(maxsize=32)
def _matcher(names: tuple[str, ...]) -> re.Pattern:
    """One expression for all names, longest first, so a longer name wins where both match."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(f"(?:{term_pattern(name)})" for name in ordered), re.IGNORECASE)


def explain_terms(fragments: list[str], terms: list[tuple[Term, list[str]]]) -> tuple[list[str], list[Term]]:
    """Mark the first use of each term across the fragments, in order; return them and the terms used."""
    by_name = {name.casefold(): term for term, names in terms for name in names if name.strip()}
    if not by_name:
        return fragments, []
    matcher = _matcher(tuple(sorted(by_name)))
    lookup = {re.sub(r"[\s\u00a0‑-]+", " ", name): term for name, term in by_name.items()}
    used: dict[str, Term] = {}

    def find(text: str) -> Term | None:
        key = re.sub(r"[\s\u00a0‑-]+", " ", text.casefold())
        if key in lookup:
            return lookup[key]
        for ending in ("es", "s"):  # a plural: the singular is the name
            if key.endswith(ending) and key[: -len(ending)] in lookup:
                return lookup[key[: -len(ending)]]
        return None

    def mark_text(text: str) -> str:
        def replace(match: re.Match) -> str:
            term = find(match[0])
            if term is None or term.slug in used:
                return match[0]
            used[term.slug] = term
            reads.note({term.key})
            return (
                f'<dfn class="term"><a href="#{escape(term.anchor)}" title="{escape(term.definition)}">'
                f"{match[0]}</a></dfn>"
            )

        return matcher.sub(replace, text)

    marked = []
    for fragment in fragments:
        out, skipping = [], []
        for token in _TOKEN.finditer(fragment):
            closing, tag = token[1], (token[2] or "").lower()
            if tag:
                if tag in _SKIPPED:
                    if closing:
                        if skipping and skipping[-1] == tag:
                            skipping.pop()
                    else:
                        skipping.append(tag)
                out.append(token[0])
            elif skipping or token[0] == "<":
                out.append(token[0])
            else:
                out.append(mark_text(token[0]))
        marked.append("".join(out))
    return marked, list(used.values())

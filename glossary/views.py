from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from glossary.models import Term
from portal.caching.render_once import list_page
from portal.models import localised
from portal.pages.lists import group_by_letter
from portal.pages.views import follow_old_slugs, get_published_or_preview, render_page
from portal.seo import jsonld as seo
from portal.text.markdown import render_explained


def term_list(request: HttpRequest) -> HttpResponse:
    """Every published term A–Z, with its definition and other names."""

    def context() -> dict:
        terms = Term.objects.published().defer("explanation").order_by("term")
        return {"letters": group_by_letter(terms, lambda term: term.term.lstrip())}

    return list_page(request, "glossary/term_list.html", ("glossary A-Z",), context)


def _shown(item):
    """A term's condition or medication (the source's), in the page's language where it can be."""
    if item is None or not item.is_published:
        return None
    return localised([item])[0]


@follow_old_slugs("glossary.term")
def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    term, preview = get_published_or_preview(request, Term.objects.for_page(), slug=slug)
    page = render_explained([term.explanation], exclude=term.slug)
    context = {
        "term": term,
        "json_ld": seo.content_page(request, term, _("Medical words")),
        "explanation": page.fragments[0],
        "glossary_terms": page.terms,
        "condition": _shown(term.source.condition),
        "medication": _shown(term.source.medication),
    }
    return render_page(request, "glossary/term_detail.html", context, preview, item=term)

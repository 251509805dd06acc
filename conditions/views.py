from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from articles.models import Article, CuratedGuide
from conditions.models import Condition
from portal.caching.render_once import list_page, rendered_once
from portal.models import localised, prefetch_version
from portal.pages.lists import ITEMS_PER_PAGE, group_by_letter
from portal.pages.views import follow_old_slugs, get_published_or_preview, render_page
from portal.seo import jsonld as seo
from portal.text.markdown import render_explained

MORE_ON_THIS_TOPIC = 10
# The hub shows the editors' first picks, not every curated guide: twelve cards are a few
# screens on a phone, enough for the guides editors put first (the demo hub has five), and
# they keep the hub's HTML and render time the same whether editors curate 12 guides or 500.
# The rest are one link away, on the guides page (condition_guides).
HUB_GUIDES = 12


def condition_list(request: HttpRequest) -> HttpResponse:
    """Conditions and their other names in one A–Z; another name points at its condition."""

    def context() -> dict:
        conditions = list(Condition.objects.published())
        entries = [(condition.name, condition, None) for condition in conditions]
        entries += [(alias, condition, alias) for condition in conditions for alias in condition.aliases]
        entries.sort(key=lambda entry: entry[0].casefold())
        return {"letters": group_by_letter(entries, lambda entry: entry[0])}

    return list_page(request, "conditions/condition_list.html", ("conditions A-Z",), context)


@follow_old_slugs("conditions.condition")
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition, preview = get_published_or_preview(request, Condition.objects.select_related("reviewed_by"), slug=slug)
    parts = rendered_once(request, ("hub", condition.pk), lambda: _hub(request, condition), preview)
    return render_page(
        request, "conditions/condition_detail.html", {"condition": condition, **parts}, preview, condition
    )


def _hub(request: HttpRequest, condition: Condition) -> dict[str, str]:
    """The hub's main part and JSON-LD. Its text, care team and treatments are the language
    version's own; its codes, components and curated guides are the source's, each linked
    item shown in the page's language where it has a published version."""
    source = condition.source
    prefetch_version(condition, Condition.objects.for_hub()._prefetch_related_lookups)
    # The count of all published guides comes with the first few, in the same query.
    curated_guides = list(CuratedGuide.objects.for_hub(source).annotate(guide_count=Window(Count("pk")))[:HUB_GUIDES])
    guide_count = curated_guides[0].guide_count if curated_guides else 0
    for guide, article in zip(curated_guides, localised(guide.article for guide in curated_guides), strict=True):
        guide.article = article
    more_articles = (
        Article.objects.published()
        .filter(Q(conditions=source) | Q(translation_of__conditions=source))
        # subqueries: guides stay in the database
        .exclude(pk__in=source.curated_guides.values("article_id"))
        .exclude(translation_of__in=source.curated_guides.values("article_id"))
        .for_list()[:MORE_ON_THIS_TOPIC]
    )
    relations = list(source.relations.all())
    components = list(zip(relations, localised(relation.related for relation in relations), strict=True))
    treatments = list(condition.treatments.all())
    used = list({medication for treatment in treatments for medication in treatment.medications.all()})
    shown = dict(zip(used, localised(used), strict=True))
    treatment_groups: dict[str, list] = {}
    for treatment in treatments:
        treatment.shown_medications = [shown[medication] for medication in treatment.medications.all()]
        treatment_groups.setdefault(treatment.get_category_display(), []).append(treatment)
    page = render_explained([condition.overview])
    context = {
        "condition": condition,
        "overview": page.fragments[0],
        "glossary_terms": page.terms,
        "components": components,
        "treatment_groups": treatment_groups.items(),
        "curated_guides": curated_guides,
        "all_guides_count": guide_count if guide_count > len(curated_guides) else None,
        "more_articles": more_articles,
    }
    return {
        "main": render_to_string("conditions/condition_main.html", context, request),
        "json_ld": seo.content_page(request, condition, gettext("Conditions")),
    }


def _guides_url(condition: Condition) -> str:
    return reverse("conditions:guides", args=[condition.slug])


@follow_old_slugs("conditions.condition", _guides_url)
def condition_guides(request: HttpRequest, slug: str) -> HttpResponse:
    """Every published curated guide of a hub in the editors' order, a page at a time.

    A page number out of range, or not a number, is a 404, never the last page: each address
    is one page, in the page cache and for search engines."""
    condition, preview = get_published_or_preview(request, Condition.objects.all(), slug=slug)
    paginator = Paginator(CuratedGuide.objects.for_hub(condition.source), ITEMS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page of guides.") from None
    for guide, article in zip(page.object_list, localised(guide.article for guide in page.object_list), strict=True):
        guide.article = article
    context = {"condition": condition, "page": page}
    return render_page(request, "conditions/condition_guides.html", context, preview, item=condition)

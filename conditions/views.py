from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Article, CuratedGuide
from conditions.models import Condition
from portal import seo
from portal.lists import group_by_letter
from portal.markdown import render_explained
from portal.views import follow_old_slugs, get_published_or_preview, render_page

MORE_ON_THIS_TOPIC = 10


def condition_list(request: HttpRequest) -> HttpResponse:
    """Conditions and their other names in one A–Z; another name points at its condition."""
    conditions = list(Condition.objects.published())
    entries = [(condition.name, condition, None) for condition in conditions]
    entries += [(alias, condition, alias) for condition in conditions for alias in condition.aliases]
    entries.sort(key=lambda entry: entry[0].casefold())
    return render(
        request,
        "conditions/condition_list.html",
        {"letters": group_by_letter(entries, lambda entry: entry[0])},
    )


@follow_old_slugs("conditions.condition")
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition, preview = get_published_or_preview(request, Condition.objects.for_hub(), slug=slug)
    curated_guides = list(CuratedGuide.objects.for_hub(condition))
    more_articles = (
        Article.objects.published()
        .filter(conditions=condition)
        .exclude(pk__in=[guide.article_id for guide in curated_guides])
        .for_list()[:MORE_ON_THIS_TOPIC]
    )
    treatment_groups: dict[str, list] = {}
    for treatment in condition.treatments.all():
        treatment_groups.setdefault(treatment.get_category_display(), []).append(treatment)
    page = render_explained([condition.overview])
    context = {
        "condition": condition,
        "json_ld": seo.content_page(request, condition, "Conditions"),
        "overview": page.fragments[0],
        "glossary_terms": page.terms,
        "components": condition.relations.all(),
        "treatment_groups": treatment_groups.items(),
        "curated_guides": curated_guides,
        "more_articles": more_articles,
    }
    return render_page(request, "conditions/condition_detail.html", context, preview, item=condition)

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from articles.models import Article
from conditions.models import Condition
from medications.models import BrandName, Medication
from portal.lists import group_by_letter
from portal.markdown import render_many
from portal.views import get_published_or_preview, render_page


def medication_list(request: HttpRequest) -> HttpResponse:
    """Generic names and brand names in one A–Z; a brand points at its generic."""
    medications = list(Medication.objects.published().with_brands())
    entries = [(medication.name, medication, None) for medication in medications]
    entries += [(brand.name, medication, brand) for medication in medications for brand in medication.brand_names.all()]
    entries.sort(key=lambda entry: entry[0].casefold())
    return render(
        request,
        "medications/medication_list.html",
        {"letters": group_by_letter(entries, lambda entry: entry[0])},
    )


def medication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        medication, preview = get_published_or_preview(request, Medication.objects.with_brands(), slug=slug)
    except Http404:
        brand = (
            BrandName.objects.filter(slug=slug, medication__in=Medication.objects.published())
            .select_related("medication")
            .first()
        )
        if brand is None:
            raise
        return redirect(brand.medication, permanent=True)
    used_for = Condition.objects.published().filter(treatments__medications=medication).distinct().order_by("name")
    articles = Article.objects.published().filter(medications=medication).for_list()
    body, side_effects, warnings, dosing = render_many(
        [medication.body, medication.side_effects, medication.warnings, medication.dosing]
    )
    context = {
        "medication": medication,
        "body": body,
        "side_effects": side_effects,
        "warnings": warnings,
        "dosing": dosing,
        "used_for": used_for,
        "articles": articles,
    }
    return render_page(request, "medications/medication_detail.html", context, preview)

import functools

from django.db.models import Count, F, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from articles.models import Article, ArticleKind
from conditions.models import Condition
from medications.models import BrandName, Medication
from portal.caching.render_once import list_page, rendered_once
from portal.models import localised
from portal.pages.lists import group_by_letter
from portal.pages.views import follow_old_slugs, get_published_or_preview, render_page
from portal.reads import names_of
from portal.seo import jsonld as seo
from portal.text.markdown import render_explained, render_many

COMPARE_MIN, COMPARE_MAX = 2, 4


def medication_list(request: HttpRequest) -> HttpResponse:
    """Generic names and brand names in one A–Z; a brand points at its generic."""

    def context() -> dict:
        medications = list(Medication.objects.published().with_brands())
        entries = [(medication.name, medication, None) for medication in medications]
        entries += [(brand.name, medication, brand) for medication in medications for brand in medication.brands]
        entries.sort(key=lambda entry: entry[0].casefold())
        return {"letters": group_by_letter(entries, lambda entry: entry[0])}

    return list_page(request, "medications/medication_list.html", ("medications A-Z",), context)


@follow_old_slugs("medications.medication")
def medication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        medication, preview = get_published_or_preview(
            request, Medication.objects.select_related("reviewed_by"), slug=slug
        )
    except Http404:
        brand = (
            BrandName.objects.filter(slug=slug, medication__in=Medication.objects.published())
            .select_related("medication")
            .first()
        )
        if brand is None:
            raise
        return redirect(brand.medication, permanent=True)
    parts = rendered_once(request, ("medication", medication.pk), lambda: _medication(request, medication), preview)
    context = {"medication": medication, **parts}
    return render_page(request, "medications/medication_detail.html", context, preview, item=medication)


def _medication(request: HttpRequest, medication: Medication) -> dict[str, str]:
    """A medication page's main part and JSON-LD."""
    source = medication.source  # codes, brand names and the treatments that use it are the source's
    prefetch_related_objects([source], "codes", *Medication.objects.with_brands()._prefetch_related_lookups)
    if source is not medication:
        medication._prefetched_objects_cache = dict(source._prefetched_objects_cache)
    used_for = localised(
        Condition.objects.published_sources().filter(treatments__medications=source).distinct().order_by("name")
    )
    articles = (
        Article.objects.published()
        .filter(Q(medications=source) | Q(translation_of__medications=source))
        .distinct()
        .for_list()
    )
    page = render_explained([medication.body, medication.side_effects, medication.warnings, medication.dosing])
    body, side_effects, warnings, dosing = page.fragments
    context = {
        "medication": medication,
        "compare_choices": names_of(
            Medication.objects.published().exclude(pk=medication.pk).order_by("name").only("name", "slug")
        ),
        "body": body,
        "side_effects": side_effects,
        "warnings": warnings,
        "dosing": dosing,
        "glossary_terms": page.terms,
        "used_for": used_for,
        "articles": articles,
    }
    return {
        "main": render_to_string("medications/medication_main.html", context, request),
        "json_ld": seo.content_page(request, medication, gettext("Medications")),
    }


def medication_compare(request: HttpRequest) -> HttpResponse:
    """2 to 4 published medications side by side; anything else gets a page that says why.

    A brand's slug stands for its generic: the picker ticks the generic, so sending the picker
    unchanged compares the same medicines."""
    requested = [slug.strip().lower() for slug in request.GET.getlist("m") if slug.strip()]
    choices = list(Medication.objects.published().with_brands().order_by("name"))
    by_slug = {
        slug: medication
        for medication in choices
        for slug in [medication.slug, *(brand.slug for brand in medication.brands)]
    }
    ticked = {by_slug[slug].slug for slug in requested if slug in by_slug}
    context = {"choices": choices, "requested": ticked, "medications": []}
    if not requested:
        return render(request, "medications/medication_compare.html", context)
    if len(set(requested)) != len(requested):
        return _compare_problem(request, context, gettext("Each medication can be chosen only once."), 400)
    if not COMPARE_MIN <= len(requested) <= COMPARE_MAX:
        message = ngettext(
            "Choose between %(min)d and %(max)d medications to compare; you chose %(count)d.",
            "Choose between %(min)d and %(max)d medications to compare; you chose %(count)d.",
            len(requested),
        ) % {"min": COMPARE_MIN, "max": COMPARE_MAX, "count": len(requested)}
        return _compare_problem(request, context, message, 400)
    unknown = [slug for slug in requested if slug not in by_slug]
    if unknown:
        message = gettext("We have no published page for: %(addresses)s.") % {"addresses": ", ".join(unknown)}
        return _compare_problem(request, context, message, 404)
    medications = [by_slug[slug] for slug in requested]
    if len({medication.pk for medication in medications}) != len(medications):
        return _compare_problem(request, context, gettext("A brand and its generic are the same medicine."), 400)
    context["medications"] = medications
    names = [medication.name for medication in medications]
    context["title_names"] = functools.reduce(_and, names)  # "a and b and c"
    context["names_in_words"] = _and(", ".join(names[:-1]), names[-1])  # "a, b and c"
    context["capitalised_names"] = ", ".join(capfirst(name) for name in names)
    context["rows"] = rows = _comparison_rows(medications)
    # The same facts one card per medication, for screens too narrow for the table.
    context["cards"] = [
        (medication, [(label, kind, cells[index]) for label, kind, cells in rows])
        for index, medication in enumerate(medications)
    ]
    context["articles"] = (
        Article.objects.published()
        .filter(kind=ArticleKind.DRUG_COMPARISON, medications__in=medications)
        .annotate(covered=Count("medications", distinct=True))
        .select_related("author", "image")
        .order_by("-covered", "-published_at")
    )
    return render(request, "medications/medication_compare.html", context)


def _and(items: str, last: str) -> str:
    # Translators: the end of a list of medicines, e.g. "gabapentin, furosemide and melphalan".
    return gettext("%(items)s and %(last)s") % {"items": items, "last": last}


def _compare_problem(request: HttpRequest, context: dict, message: str, status: int) -> HttpResponse:
    return render(request, "medications/medication_compare.html", {**context, "problem": message}, status=status)


def _comparison_rows(medications: list[Medication]) -> list[tuple[str, str, list]]:
    """Rows of (label, how to show the cells: text, conditions or html, one cell per medication)."""
    used_for: dict[int, list[Condition]] = {medication.pk: [] for medication in medications}
    conditions = (
        Condition.objects.published()
        .filter(treatments__medications__in=medications)
        .annotate(medication_id=F("treatments__medications"))
        .order_by("name")
        .distinct()
    )
    for condition in conditions:
        if condition not in used_for[condition.medication_id]:
            used_for[condition.medication_id].append(condition)
    fields = [(medication.side_effects, medication.warnings, medication.dosing) for medication in medications]
    rendered = iter(render_many([text for triple in fields for text in triple]))
    side_effects, warnings, dosing = [], [], []
    for _ in medications:
        side_effects.append(next(rendered))
        warnings.append(next(rendered))
        dosing.append(next(rendered))
    return [
        (gettext("Drug class"), "text", [medication.drug_class or gettext("Not stated") for medication in medications]),
        (
            gettext("Brand names"),
            "text",
            [medication.brand_list or pgettext("no brand names", "None") for medication in medications],
        ),
        (gettext("Used for"), "conditions", [used_for[medication.pk] for medication in medications]),
        (
            gettext("How to get it"),
            "text",
            [medication.get_prescription_status_display() for medication in medications],
        ),
        (gettext("Common side effects"), "html", side_effects),
        (gettext("Serious warnings"), "html", warnings),
        (gettext("Typical dosing"), "html", dosing),
    ]

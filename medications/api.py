"""The medications API: what this app serialises about its medications (read-only, published only)."""

import datetime

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.pagination import Key, keyset_page
from api.redirects import moved
from api.schemas import CodeOut, ErrorOut, ListParams, PersonOut, codes, page, review
from medications.models import BrandName, Medication
from portal.text.markdown import render_many

router = Router(tags=["medications"])
ORDER = [Key("name"), Key("id")]


class BrandOut(Schema):
    name: str
    slug: str


class MedicationSummary(Schema):
    slug: str
    name: str
    drug_class: str
    brands: list[BrandOut]
    summary: str
    codes: list[CodeOut]
    url: str
    api_url: str


class MedicationDetail(MedicationSummary):
    prescription_status: str
    body_html: str
    side_effects_html: str
    warnings_html: str
    dosing_html: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None


class MedicationPage(Schema):
    items: list[MedicationSummary]
    next: str | None


def for_api():
    """Published medications with what a summary shows: brand names and codes (two queries)."""
    return Medication.objects.published().with_brands().prefetch_related("codes")


def summary(medication: Medication, request: HttpRequest) -> dict:
    note_modified(request, medication)
    return {
        "slug": medication.slug,
        "name": medication.name,
        "drug_class": medication.drug_class,
        "brands": [{"name": brand.name, "slug": brand.slug} for brand in medication.brands],
        "summary": medication.summary,
        "codes": codes(medication),
        "url": request.build_absolute_uri(medication.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api-v1:medication", kwargs={"slug": medication.slug})),
    }


@router.get("/medications", response={200: MedicationPage, 400: ErrorOut}, url_name="medications")
def list_medications(request: HttpRequest, params: Query[ListParams]):
    """Published medications A–Z, with brand names and codes."""
    items, next_cursor = keyset_page(for_api(), ORDER, params.cursor, params.limit)
    return page([summary(item, request) for item in items], next_cursor, request)


@router.get(
    "/medications/{slug}",
    response={200: MedicationDetail, 301: None, 404: ErrorOut},
    url_name="medication",
)
def get_medication(request: HttpRequest, slug: str):
    """One published medication. A brand name's slug, or a slug it used to have, answers 301, as the page does."""
    medication = for_api().select_related("reviewed_by").filter(slug=slug).first()
    if medication is None:
        brand = (
            BrandName.objects.filter(medication__in=Medication.objects.published(), slug=slug)
            .select_related("medication")
            .first()
        )
        if brand is None:
            return moved(Medication, slug, "api-v1:medication")
        return HttpResponsePermanentRedirect(reverse("api-v1:medication", kwargs={"slug": brand.medication.slug}))
    body, side_effects, warnings, dosing = (
        absolute_links(html, request)
        for html in render_many([medication.body, medication.side_effects, medication.warnings, medication.dosing])
    )
    return {
        **summary(medication, request),
        "prescription_status": medication.prescription_status,
        "body_html": body,
        "side_effects_html": side_effects,
        "warnings_html": warnings,
        "dosing_html": dosing,
        "published_at": medication.published_at,
        "updated_at": medication.updated_at,
        **review(medication, request),
    }

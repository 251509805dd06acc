"""The medications API: what this app serialises about its medications (read-only, published only)."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.languages import api_url, find_by_slug, language_fields, versions_of
from api.pagination import Key, keyset_page
from api.redirects import moved, redirect
from api.schemas import (
    SOURCE_CHANGED,
    CodeOut,
    ErrorOut,
    LanguageParams,
    Languages,
    ListParams,
    PersonOut,
    codes,
    page,
    review,
)
from images.api import ImageOut, embedded_images, lead_image
from medications.models import BrandName, Medication
from portal.text.markdown import render_many

router = Router(tags=["medications"])
ORDER = [Key("name"), Key("id")]


class BrandOut(Schema):
    name: str
    slug: str


class MedicationSummary(Languages):
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
    image: ImageOut | None
    images: list[ImageOut]
    published_at: datetime.datetime
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None
    sourceChanged: datetime.datetime | None = SOURCE_CHANGED


class MedicationPage(Schema):
    items: list[MedicationSummary]
    next: str | None


def for_api(queryset=None):
    """Medications with what a summary shows: brand names and codes, a translation's from
    its source (two queries in the source language, four in another). Published ones in the
    answer's language by default; give `published_sources()` for the medications another
    item links to, which are shown through `localised()`."""
    if queryset is None:
        queryset = Medication.objects.published()
    return queryset.with_brands().prefetch_related("codes", "translation_of__codes")


def summary(medication: Medication, request: HttpRequest, versions: dict) -> dict:
    note_modified(request, medication)
    return {
        **language_fields(medication, request, "api-v1:medication", versions),
        "slug": medication.slug,
        "name": medication.name,
        "drug_class": medication.drug_class,
        "brands": [{"name": brand.name, "slug": brand.slug} for brand in medication.brands],
        "summary": medication.summary,
        "codes": codes(medication),
        "url": request.build_absolute_uri(medication.get_absolute_url()),
        "api_url": api_url(request, "api-v1:medication", medication),
    }


@router.get("/medications", response={200: MedicationPage, 400: ErrorOut}, url_name="medications")
def list_medications(request: HttpRequest, params: Query[ListParams]):
    """Published medications A–Z, with brand names and codes; in another language, each in it
    where it has a published version."""
    items, next_cursor = keyset_page(for_api(), ORDER, params.cursor, params.limit)
    versions = versions_of(items)
    return page([summary(item, request, versions) for item in items], next_cursor, request)


@router.get(
    "/medications/{slug}",
    response={200: MedicationDetail, 301: None, 400: ErrorOut, 404: ErrorOut},
    url_name="medication",
)
def get_medication(request: HttpRequest, slug: str, params: Query[LanguageParams]):
    """One published medication, by the slug of any of its published language versions. A
    brand name's slug, or a slug it used to have, answers 301, as the page does."""
    medication = find_by_slug(for_api().select_related("reviewed_by", "image"), slug)
    if medication is None:
        brand = (
            BrandName.objects.filter(medication__in=Medication.objects.published_sources(), slug=slug)
            .select_related("medication")
            .first()
        )
        if brand is None:
            return moved(request, Medication, slug, "api-v1:medication")
        return redirect(request, "api-v1:medication", brand.medication.slug)
    body, side_effects, warnings, dosing = (
        absolute_links(html, request)
        for html in render_many(
            [medication.body, medication.side_effects, medication.warnings, medication.dosing], for_others=True
        )
    )
    return {
        **summary(medication, request, versions_of([medication])),
        "prescription_status": medication.prescription_status,
        "body_html": body,
        "side_effects_html": side_effects,
        "warnings_html": warnings,
        "dosing_html": dosing,
        "image": lead_image(medication, request),
        "images": embedded_images(
            [medication.body, medication.side_effects, medication.warnings, medication.dosing], request
        ),
        "published_at": medication.published_at,
        "updated_at": medication.updated_at,
        **review(medication, request),
    }

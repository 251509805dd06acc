"""The conditions API: what this app serialises about its conditions (read-only, published only).

A condition's own address, /api/v1/conditions/<slug>, is served from articles/api.py,
because it includes the hub's curated guides, which belong to articles (conditions never
import articles). This module gives it everything else.
"""

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.pagination import Key, keyset_page
from api.schemas import CodeOut, ErrorOut, ListParams, PersonOut, codes, page, review
from conditions.models import CareTeamMember, Condition, ConditionRelation, Treatment
from medications.api import MedicationSummary
from medications.api import for_api as medications_for_api
from medications.api import summary as medication_summary
from portal.text.markdown import render_many

router = Router(tags=["conditions"])
ORDER = [Key("name"), Key("id")]


class ConditionSummary(Schema):
    slug: str
    name: str
    short_name: str
    also_known_as: list[str]
    definition: str
    summary: str
    codes: list[CodeOut]
    url: str
    api_url: str


class CareTeamOut(Schema):
    specialty: str
    focus: str


class ComponentOut(Schema):
    role: str
    condition: ConditionSummary


class TreatmentOut(Schema):
    name: str
    category: str
    category_label: str
    description: str
    medications: list[MedicationSummary]


class ConditionDetail(ConditionSummary):
    typical_onset: str
    overview_html: str
    care_team: list[CareTeamOut]
    components: list[ComponentOut]
    treatments: list[TreatmentOut]
    published_at: datetime.datetime
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None


class ConditionPage(Schema):
    items: list[ConditionSummary]
    next: str | None


def summary(condition: Condition, request: HttpRequest) -> dict:
    note_modified(request, condition)
    return {
        "slug": condition.slug,
        "name": condition.name,
        "short_name": condition.short_name,
        "also_known_as": condition.aliases,
        "definition": condition.definition,
        "summary": condition.summary,
        "codes": codes(condition),
        "url": request.build_absolute_uri(condition.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api-v1:condition", kwargs={"slug": condition.slug})),
    }


def for_detail():
    """A published condition with its codes, care team, published components and treatments
    with their published medications: a fixed number of queries, however many there are."""
    published = Condition.objects.published()
    return published.select_related("reviewed_by").prefetch_related(
        "codes",
        Prefetch("care_team", queryset=CareTeamMember.objects.select_related("specialty")),
        Prefetch(
            "relations",
            queryset=ConditionRelation.objects.filter(related__in=Condition.objects.published())
            .select_related("related")
            .prefetch_related("related__codes"),
        ),
        Prefetch(
            "treatments",
            queryset=Treatment.objects.prefetch_related(Prefetch("medications", queryset=medications_for_api())),
        ),
    )


def detail(condition: Condition, request: HttpRequest) -> dict:
    [overview] = render_many([condition.overview])
    components = list(condition.relations.all())
    note_modified(request, *(relation.related for relation in components))
    return {
        **summary(condition, request),
        "typical_onset": condition.typical_onset,
        "overview_html": absolute_links(overview, request),
        "care_team": [
            {"specialty": member.specialty.name, "focus": member.focus} for member in condition.care_team.all()
        ],
        "components": [
            {"role": relation.role, "condition": summary(relation.related, request)} for relation in components
        ],
        "treatments": [
            {
                "name": treatment.name,
                "category": treatment.category,
                "category_label": treatment.get_category_display(),
                "description": treatment.description,
                "medications": [medication_summary(medication, request) for medication in treatment.medications.all()],
            }
            for treatment in condition.treatments.all()
        ],
        "published_at": condition.published_at,
        "updated_at": condition.updated_at,
        **review(condition, request),
    }


@router.get("/conditions", response={200: ConditionPage, 400: ErrorOut}, url_name="conditions")
def list_conditions(request: HttpRequest, params: Query[ListParams]):
    """Published conditions A–Z, with their aliases and codes."""
    queryset = Condition.objects.published().prefetch_related("codes")
    items, next_cursor = keyset_page(queryset, ORDER, params.cursor, params.limit)
    return page([summary(item, request) for item in items], next_cursor, request)

"""The conditions API: what this app serialises about its conditions (read-only, published only).

A condition's own address, /api/v1/conditions/<slug>, is served from articles/api.py,
because it includes the hub's curated guides, which belong to articles (conditions never
import articles). This module gives it everything else.
"""

import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router, Schema

from api.http import absolute_links, note_modified
from api.languages import api_url, language_fields, versions_of
from api.pagination import Key, keyset_page
from api.schemas import SOURCE_CHANGED, CodeOut, ErrorOut, Languages, ListParams, PersonOut, codes, page, review
from conditions.models import CareTeamMember, Condition, ConditionRelation, Treatment
from images.api import ImageOut, embedded_images, lead_image
from medications.api import MedicationSummary
from medications.api import for_api as medications_for_api
from medications.api import summary as medication_summary
from medications.models import Medication
from portal.models import localised
from portal.text.markdown import render_many

router = Router(tags=["conditions"])
ORDER = [Key("name"), Key("id")]


class ConditionSummary(Languages):
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
    image: ImageOut | None
    images: list[ImageOut]
    care_team: list[CareTeamOut]
    components: list[ComponentOut]
    treatments: list[TreatmentOut]
    published_at: datetime.datetime
    updated_at: datetime.datetime
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: PersonOut | None
    sourceChanged: datetime.datetime | None = SOURCE_CHANGED


class ConditionPage(Schema):
    items: list[ConditionSummary]
    next: str | None


def summary(condition: Condition, request: HttpRequest, versions: dict) -> dict:
    note_modified(request, condition)
    return {
        **language_fields(condition, request, "api-v1:condition", versions),
        "slug": condition.slug,
        "name": condition.name,
        "short_name": condition.short_name,
        "also_known_as": condition.aliases,
        "definition": condition.definition,
        "summary": condition.summary,
        "codes": codes(condition),
        "url": request.build_absolute_uri(condition.get_absolute_url()),
        "api_url": api_url(request, "api-v1:condition", condition),
    }


FACTS = ("codes", "translation_of__codes")


def _facts():
    """What a hub takes from its source item: codes and published components with theirs."""
    return (
        "codes",
        Prefetch(
            "relations",
            queryset=ConditionRelation.objects.filter(related__in=Condition.objects.published_sources())
            .select_related("related")
            .prefetch_related("related__codes"),
        ),
    )


def for_detail():
    """A published condition with its codes, care team, published components and treatments
    with their published medications: a fixed number of queries, however many there are. The
    text, care team and treatments are the language version's own; `linked()` fetches the
    codes and components, which are the source's."""
    published = Condition.objects.published()
    return published.select_related("reviewed_by", "translation_of", "image").prefetch_related(
        Prefetch("care_team", queryset=CareTeamMember.objects.select_related("specialty")),
        Prefetch(
            "treatments",
            queryset=Treatment.objects.prefetch_related(
                Prefetch("medications", queryset=medications_for_api(Medication.objects.published_sources()))
            ),
        ),
    )


def detail(condition: Condition, request: HttpRequest, versions: dict) -> dict:
    """A condition's page in the API; `versions` (versions_of()) covers the condition, its
    components and its treatments' medications, as `linked()` gives them."""
    [overview] = render_many([condition.overview], for_others=True)
    components, medications = linked(condition)
    note_modified(request, *(related for _role, related in components))
    return {
        **summary(condition, request, versions),
        "typical_onset": condition.typical_onset,
        "overview_html": absolute_links(overview, request),
        "image": lead_image(condition, request),
        "images": embedded_images([condition.overview], request),
        "care_team": [
            {"specialty": member.specialty.name, "focus": member.focus} for member in condition.care_team.all()
        ],
        "components": [
            {"role": role, "condition": summary(related, request, versions)} for role, related in components
        ],
        "treatments": [
            {
                "name": treatment.name,
                "category": treatment.category,
                "category_label": treatment.get_category_display(),
                "description": treatment.description,
                "medications": [
                    medication_summary(medications[medication], request, versions)
                    for medication in treatment.medications.all()
                ],
            }
            for treatment in condition.treatments.all()
        ],
        "published_at": condition.published_at,
        "updated_at": condition.updated_at,
        **review(condition, request),
    }


def linked(condition: Condition) -> tuple[list[tuple[str, Condition]], dict[Medication, Medication]]:
    """A condition's components (its source's, with their roles) and its treatments'
    medications, each as the answer's language shows it (`localised`): memoised on the
    condition, so that the versions of all of them can be found first."""
    if not hasattr(condition, "_api_linked"):
        source = condition.source
        prefetch_related_objects([source], *_facts())
        relations = list(source.relations.all())
        components = [
            (relation.role, related)
            for relation, related in zip(relations, localised(relation.related for relation in relations), strict=True)
        ]
        used = list(
            {medication for treatment in condition.treatments.all() for medication in treatment.medications.all()}
        )
        condition._api_linked = components, dict(zip(used, localised(used), strict=True))
    return condition._api_linked


@router.get("/conditions", response={200: ConditionPage, 400: ErrorOut}, url_name="conditions")
def list_conditions(request: HttpRequest, params: Query[ListParams]):
    """Published conditions A–Z, with their aliases and codes."""
    queryset = Condition.objects.published().select_related("translation_of").prefetch_related(*FACTS)
    items, next_cursor = keyset_page(queryset, ORDER, params.cursor, params.limit)
    versions = versions_of(items)
    return page([summary(item, request, versions) for item in items], next_cursor, request)

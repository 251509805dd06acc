"""Where content is used: curated lists, treatments, components and internal Markdown links."""

from django.db.models import Model, Q

from articles.models import Article, CuratedGuide
from conditions.models import Condition, ConditionRelation, Treatment
from medications.models import Medication
from portal.markdown import internal_links, resolve_internal_links, to_html
from portal.models import SlugRedirect

MARKDOWN_FIELDS = {
    Condition: ["overview"],
    Medication: ["body", "side_effects", "warnings", "dosing"],
    Article: ["body"],
}
SCHEME = {Condition: "condition", Medication: "medication", Article: "article"}


def _link_targets(obj: Model) -> list[str]:
    """The ways Markdown can point at `obj`: its slug, and for a medication its brands' slugs."""
    scheme = SCHEME[type(obj)]
    slugs = [obj.slug]
    if isinstance(obj, Medication):
        slugs += [brand.slug for brand in obj.brand_names.all()]
    slugs += SlugRedirect.objects.filter(model=obj._meta.label_lower, object_id=obj.pk).values_list(
        "old_slug", flat=True
    )
    return [f"({scheme}:{slug})" for slug in slugs]


def markdown_links_to(obj: Model) -> list[Model]:
    """Content whose Markdown links to `obj`, whatever its status."""
    if type(obj) not in SCHEME:
        return []
    found = []
    for model, fields in MARKDOWN_FIELDS.items():
        query = Q()
        for field in fields:
            for target in _link_targets(obj):
                query |= Q(**{f"{field}__contains": target})
        found += [item for item in model.objects.filter(query) if item != obj]
    return found


def where_used(obj: Model) -> list[tuple[str, Model]]:
    """(how, where) pairs for the admin's 'where this is used' panel."""
    uses: list[tuple[str, Model]] = []
    if isinstance(obj, Article):
        uses += [
            ("Curated guide on", guide.condition)
            for guide in CuratedGuide.objects.filter(article=obj).select_related("condition")
        ]
    if isinstance(obj, Medication):
        uses += [
            (f"Treatment “{treatment.name}” on", treatment.condition)
            for treatment in Treatment.objects.filter(medications=obj).select_related("condition")
        ]
    if isinstance(obj, Condition):
        uses += [
            (f"{relation.get_role_display()} of", relation.condition)
            for relation in ConditionRelation.objects.filter(related=obj).select_related("condition")
        ]
    uses += [("Linked from the text of", item) for item in markdown_links_to(obj)]
    return uses


def published_pages_linking_to(obj: Model) -> list[Model]:
    """Published pages that would lose a link or a list entry if `obj` went away."""
    pages = {}
    for _, item in where_used(obj):
        if item.is_published:
            pages[(type(item), item.pk)] = item
    return list(pages.values())


def broken_links() -> list[tuple[Model, list[tuple[str, str]]]]:
    """Every content item whose Markdown links to a missing or unpublished object."""
    items = []
    for model, fields in MARKDOWN_FIELDS.items():
        for item in model.objects.only("pk", "slug", "status", "published_at", *fields, *_title(model)):
            links = set()
            for field in fields:
                links |= internal_links(to_html(getattr(item, field)).html)
            if links:
                items.append((item, links))
    resolvable = resolve_internal_links(set().union(*(links for _, links in items)) if items else set())
    report = []
    for item, links in items:
        broken = sorted(links - set(resolvable))
        if broken:
            report.append((item, broken))
    return report


def _title(model) -> list[str]:
    return ["title"] if model is Article else ["name"]

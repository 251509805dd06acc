"""Where content is used: in other items' lists (curated guides, treatments, components),
in internal Markdown links, and for an embedded model (an image: `embed_scheme`) in Markdown
embeds and as a content type's lead image (`lead_image_field`).

Both come from declarations: a content type's `markdown_fields` and `link_scheme`, and a
row model's `references = {"<field pointing at content>": "<field of the page it is on>"}`
with its `reference_label()`.
"""

from django.db.models import Model, Q
from django.utils.translation import gettext

from portal.models import Publishable, SlugRedirect
from portal.registry import content_types, referencing_models
from portal.text.markdown import internal_links, resolve_internal_links, to_html


def _link_targets(obj: Publishable) -> list[str]:
    """The ways Markdown can point at `obj`: its slug, its aliases' slugs, its old slugs."""
    slugs = [obj.slug]
    if obj.link_aliases:
        slugs += [alias.slug for alias in getattr(obj, obj.link_aliases).all()]
    slugs += SlugRedirect.objects.filter(model=obj._meta.label_lower, object_id=obj.pk).values_list(
        "old_slug", flat=True
    )
    return [f"({obj.link_scheme}:{slug})" for slug in slugs]


def _embed_targets(obj: Model) -> list[str]:
    """The ways Markdown embeds `obj`: ![alt](image:slug) or ![alt](image:slug "caption")."""
    return [f"({obj.embed_scheme}:{obj.slug})", f"({obj.embed_scheme}:{obj.slug} "]


def markdown_links_to(obj: Model) -> list[Model]:
    """Content whose Markdown links to (or embeds) `obj`, whatever its status."""
    if isinstance(obj, Publishable):
        targets = _link_targets(obj)
    elif getattr(obj, "embed_scheme", None):
        targets = _embed_targets(obj)
    else:
        return []
    found = []
    for model in content_types():
        query = Q()
        for field in model.markdown_fields:
            for target in targets:
                query |= Q(**{f"{field}__contains": target})
        if query:
            found += [item for item in model.objects.filter(query) if item != obj]
    return found


def where_used(obj: Model) -> list[tuple[str, Model]]:
    """(how, where) pairs for the admin's 'where this is used' panel."""
    uses: list[tuple[str, Model]] = []
    for model in referencing_models():
        for field, shown_on in model.references.items():
            if model._meta.get_field(field).related_model is not type(obj):
                continue
            rows = model.objects.filter(**{field: obj}).select_related(shown_on)
            uses += [(row.reference_label(), getattr(row, shown_on)) for row in rows]
    for model in content_types():
        field = getattr(model, "lead_image_field", None)
        if field and model._meta.get_field(field).related_model is type(obj):
            uses += [(gettext("Lead image of"), item) for item in model.objects.filter(**{field: obj})]
    how = gettext("Shown in the text of") if getattr(obj, "embed_scheme", None) else gettext("Linked from the text of")
    uses += [(how, item) for item in markdown_links_to(obj)]
    return uses


def published_pages_linking_to(obj: Model) -> list[Model]:
    """Published pages that would lose a link or a list entry if `obj` went away."""
    pages = {}
    for _, item in where_used(obj):
        if item.is_published:
            pages[(type(item), item.pk)] = item
    return list(pages.values())


def broken_links() -> list[tuple[Model, list[tuple[str, str]], list[str]]]:
    """Every content item whose Markdown links to a missing or unpublished object, or has a
    link whose address the sanitiser removed as unsafe: (item, internal links, unsafe addresses)."""
    items = []
    for model in content_types():
        fields = model.markdown_fields
        if not fields:
            continue
        for item in model.objects.only("pk", "slug", "status", "published_at", model.title_field, *fields):
            links, unsafe = set(), []
            for field in fields:
                rendered = to_html(getattr(item, field))
                links |= internal_links(rendered.html)
                unsafe += [address for address in rendered.removed_links if address not in unsafe]
            if links or unsafe:
                items.append((item, links, unsafe))
    resolvable = resolve_internal_links(set().union(*(links for _, links, _ in items)) if items else set())
    report = []
    for item, links, unsafe in items:
        broken = sorted(links - set(resolvable))
        if broken or unsafe:
            report.append((item, broken, unsafe))
    return report

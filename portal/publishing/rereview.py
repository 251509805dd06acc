"""Re-review when it matters: a clinically significant change to an item sends every other live
page that shows it back to its medical reviewer.

Each content type declares its clinically significant fields and parts (`clinical_fields`: a
medication's dosing, warnings, side effects, brand names and codes). When a version goes live
(portal/publishing/signoff.py), in the same transaction:

- the pages that wait in the queue because of their sources are cleared by a new sign-off
  of the page itself;
- the version is compared with the one live before it; if a clinical field or part differs,
  or the approving reviewer marked the change clinically significant, every other live page
  that shows the item gets a `SourceChange` entry for its reviewer. Which pages show it comes
  from the dependency record (`PageDependency`, rebuilt from the rendered page each time a
  page goes live: portal/pages/record.py), and from the declarations (curated guides,
  treatments, components, internal links: portal/publishing/references.py) for a page whose
  record is missing. The item's own language versions are left out: their translations
  already go stale (portal/publishing/translations.py).

A typo fixed in a summary changes no clinical field and queues nothing. The reviewer sees the
changed item's differences and clears the entry with "Mark as reviewed", or by signing off a
new version of the page.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.dispatch import Signal

from portal.models import PageDependency, Publication, Publishable, SourceChange
from portal.publishing.references import published_pages_linking_to
from portal.reads import item_key, key_of

# Sent with `keys`, the pages whose pending source changes were made or cleared: what the API
# says of them (`sourceChanged`) changed. The page cache forgets them (portal/caching/signals.py).
queue_changed = Signal()


def clinical_changes(model: type[Model], before: dict, after: dict) -> list[str]:
    """The clinical fields and parts of `model` that differ between two snapshots of an item
    (portal/publishing/working_copies.py `capture`), in their declared order."""
    changed = []
    for name in getattr(model, "clinical_fields", ()):
        if _clinical_value(model, name, before) != _clinical_value(model, name, after):
            changed.append(name)
    return changed


def _clinical_value(model: type[Model], name: str, snapshot: dict):
    records = snapshot["records"]
    field = model._meta.get_field(name)
    if field.concrete or field.many_to_many and not field.auto_created:
        return records[0]["fields"].get(name)
    # A part: its rows, whatever their order in the snapshot.
    label = field.related_model._meta.label_lower
    fk_name = field.field.name
    rows = [
        sorted((key, repr(value)) for key, value in record["fields"].items() if key != fk_name)
        for record in records[1:]
        if record["model"] == label
    ]
    return sorted(rows)


def field_label(model: type[Model], name: str) -> str:
    """What editors call a clinical field or part: "typical dosing", "brand names"."""
    field = model._meta.get_field(name)
    if field.concrete or field.many_to_many and not field.auto_created:
        return str(field.verbose_name)
    return str(field.related_model._meta.verbose_name_plural)


def dependent_pages(item: Model) -> list[Model]:
    """Every live page, other than the item's own language versions, that shows `item`."""
    found: dict[tuple[type, int], Model] = {}
    wanted: dict[int, set[int]] = {}
    for type_id, object_id in PageDependency.objects.filter(key=key_of(item)).values_list(
        "content_type_id", "object_id"
    ):
        wanted.setdefault(type_id, set()).add(object_id)
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not issubclass(model, Publishable):
            continue
        for page in model._default_manager.published_in_any_language().filter(pk__in=ids):
            found[(model, page.pk)] = page
    for page in published_pages_linking_to(item):
        found.setdefault((type(page), page.pk), page)
    source_id = getattr(item, "source_id", item.pk)
    return [
        page
        for (model, _pk), page in found.items()
        if not (model is type(item) and getattr(page, "source_id", page.pk) == source_id)
    ]


def went_live(
    item: Model, previous: Publication | None, publication: Publication, user, significant: bool = False
) -> int:
    """`publication` of `item` just went live (after `previous`): clear the page's own pending
    entries, and queue the pages that show it if the change matters. Returns how many
    entries were made."""
    if SourceChange.objects.on_page(item).clear(user):
        queue_changed.send(sender=SourceChange, keys={key_of(item)})
    fields = clinical_changes(type(item), previous.snapshot, publication.snapshot) if previous else []
    if not fields and not significant:
        return 0
    changed_type = ContentType.objects.get_for_model(item)
    pages = dependent_pages(item)
    entries = [
        SourceChange(
            content_type=ContentType.objects.get_for_model(page),
            object_id=page.pk,
            title=str(page)[:300],
            language=getattr(page, "language", ""),
            reviewer_id=page.reviewed_by_id,
            changed_type=changed_type,
            changed_id=item.pk,
            changed_title=str(item)[:300],
            publication=publication,
            previous=previous,
            fields=fields,
            marked_significant=significant,
        )
        for page in pages
    ]
    SourceChange.objects.bulk_create(entries)
    if entries:
        queue_changed.send(sender=SourceChange, keys={key_of(page) for page in pages})
    return len(entries)


def mark_reviewed(entry: SourceChange, user) -> bool:
    """The reviewer looked at the page again: the entry leaves the queue. False if it had already."""
    if not SourceChange.objects.filter(pk=entry.pk).clear(user):
        return False
    queue_changed.send(sender=SourceChange, keys={item_key(entry.content_type.model_class(), entry.object_id)})
    return True

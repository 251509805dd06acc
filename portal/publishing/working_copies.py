"""Working copies: changes to a published item wait beside it until a reviewer signs them off.

Storage. A working copy is a snapshot of the item and of every row edited with it (its
parts, `part_of` in portal/registry.py: treatments, brand names, curated guides…), in
Django's serialised form, kept as JSON in one `WorkingCopy` row; tags are kept by name.
The live rows are not touched until the copy is published, so no public query, cache,
sitemap or feed can ever see it. Like a Wagtail revision, and unlike a second row per
version, it needs no change to the content tables or to `published()`.

To edit, preview or compare a copy, the copy is *rehearsed*: written over the live rows
inside a transaction that is always rolled back (portal/publishing/rehearsal.py), while the ordinary
admin form or public view runs. The admin's forms, inlines and validation, and the public
templates, therefore work on a copy exactly as on live content.
"""

import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models import Model
from django.utils import timezone

from portal.models import Publication, ReviewRequest, WorkingCopy, WorkingCopyState
from portal.registry import parts_of
from portal.serialising import ExactJSONEncoder


def capture(item: Model) -> dict:
    """The item and its parts, as they are in the database now."""
    rows = [item]
    for part, fk_name in parts_of(type(item)):
        rows += list(part._default_manager.filter(**{fk_name: item}).order_by("pk"))
    records = json.loads(serializers.serialize("json", rows, cls=ExactJSONEncoder))
    by_name = {
        field.name: sorted(str(tag) for tag in getattr(item, field.name).all())
        for field in type(item)._meta.many_to_many
        if not field.serialize
    }
    return {"records": records, "by_name": by_name}


def write(model: type[Model], pk, snapshot: dict) -> Model:
    """Write a snapshot over the live item and its parts; returns the item, saved.

    The caller decides what the write means: a rehearsal rolls it back, publishing keeps it.
    """
    objects = list(serializers.deserialize("json", json.dumps(snapshot["records"]), ignorenonexistent=True))
    item_record, part_records = objects[0], objects[1:]
    item = item_record.object
    item.pk = pk
    item._signed_off = True  # the caller has checked the sign-off, or will roll back
    item.save()
    for name, ids in item_record.m2m_data.items():
        getattr(item, name).set(ids)
    for name, names in snapshot.get("by_name", {}).items():
        getattr(item, name).set(names)
    records_by_model = defaultdict(list)
    for record in part_records:
        records_by_model[type(record.object)].append(record)
    for part, fk_name in parts_of(model):
        _write_parts(part, fk_name, item, records_by_model[part])
    return item


def _write_parts(part: type[Model], fk_name: str, item: Model, records: list) -> None:
    fk_attname = part._meta.get_field(fk_name).attname
    live = {row.pk: row for row in part._default_manager.filter(**{fk_name: item})}
    kept = {record.object.pk for record in records}
    part._default_manager.filter(pk__in=[pk for pk in live if pk not in kept]).delete()
    for record in records:
        row = record.object
        setattr(row, fk_attname, item.pk)
        if row.pk not in live and part._default_manager.filter(pk=row.pk).exists():
            row.pk = None  # its number was taken meanwhile by another item's row: a new row
        row.save()
        for name, ids in record.m2m_data.items():
            getattr(row, name).set(ids)


def copy_of(item: Model) -> WorkingCopy | None:
    return WorkingCopy.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk).first()


def pending_version(item: Model) -> Model:
    """What would go live on approval: the working copy's item (unsaved), or the draft itself."""
    copy = copy_of(item)
    if copy is None:
        return item
    record = next(serializers.deserialize("json", json.dumps(copy.snapshot["records"][:1]), ignorenonexistent=True))
    return record.object


def discard(item: Model) -> None:
    """Drop the item's working copy; a request for changes to it has nothing left to answer."""
    if WorkingCopy.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk).delete()[0]:
        ReviewRequest.objects.for_item(item).filter(on_working_copy=True).answer()


def save_copy(item: Model, snapshot: dict, user) -> WorkingCopy:
    """Store (or replace) the working copy of a live item; a changed copy needs a new sign-off.
    A copy sent back for changes stays so until it is submitted again."""
    current = copy_of(item)
    sent_back = current is not None and current.state == WorkingCopyState.CHANGES_REQUESTED
    copy, _ = WorkingCopy.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        defaults={
            "snapshot": snapshot,
            "title": _title(snapshot, item),
            "changed_by": user,
            "state": WorkingCopyState.CHANGES_REQUESTED if sent_back else WorkingCopy._meta.get_field("state").default,
            "submitted_at": None,
            "approved_by": None,
            "approved_by_user": None,
            "go_live_at": None,
        },
    )
    return copy


def submit(copy: WorkingCopy) -> None:
    """Put the copy in the reviewers' queue: only a submitted copy can be approved. It
    answers the reviewers' requests for changes to it."""
    copy.state, copy.submitted_at = WorkingCopyState.SUBMITTED, timezone.now()
    copy.save(update_fields=["state", "submitted_at"])
    ReviewRequest.objects.filter(content_type_id=copy.content_type_id, object_id=copy.object_id).answer()


def _title(snapshot: dict, item: Model) -> str:
    return str(snapshot["records"][0]["fields"].get(item.title_field, item))[:300]


def publications_of(item: Model):
    return Publication.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


def field_dicts(model: type[Model], snapshot: dict) -> dict:
    """(content type id, object id as text) → field values, as history.compare reads them."""
    found = {}
    for record in serializers.deserialize("json", json.dumps(snapshot["records"]), ignorenonexistent=True):
        obj = record.object
        values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
        values.update(record.m2m_data)
        if obj._meta.model is model:
            values.update(snapshot.get("by_name", {}))
        found[(ContentType.objects.get_for_model(obj).pk, str(obj.pk))] = (type(obj), str(obj), values)
    return found

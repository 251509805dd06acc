"""Each content type's search document follows its saves, deletes and declared
`search_follows` (brand names, tags). Connected from PortalConfig.ready()."""

import functools

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.models import SearchDocument
from portal.publishing.rehearsal import rehearsing
from portal.registry import content_types
from portal.search.engine import index


def _reindex(sender, instance, raw: bool = False, **kwargs) -> None:
    # Fixtures and imports rebuild the index once at the end; a rehearsal is rolled back.
    if not raw and not rehearsing():
        index(instance)


def _forget(sender, instance, **kwargs) -> None:
    SearchDocument.objects.filter(kind=instance.link_scheme, object_id=instance.pk).delete()


def _index_with_versions(item: Model) -> None:
    """Refresh an item's document and its language versions', which show rows of the item
    they translate (a Spanish version's brand names are its source's)."""
    index(item)
    for version in item.translations.all():
        index(version)


def _reindex_parent(item_model: type[Model], fk_attname: str, sender, instance, raw: bool = False, **kwargs) -> None:
    """A row the document includes (a brand name) changed: refresh its item's document."""
    if raw:
        return
    parent = item_model.objects.filter(pk=getattr(instance, fk_attname)).first()
    if parent is not None:
        _index_with_versions(parent)


def _reindex_m2m(item_model: type[Model], sender, instance, action: str, **kwargs) -> None:
    if isinstance(instance, item_model) and action in {"post_add", "post_remove", "post_clear"}:
        _index_with_versions(instance)


def connect() -> None:
    """Each content type's documents follow its saves, deletes and declared `search_follows`."""
    for model in content_types():
        name = model._meta.label
        post_save.connect(_reindex, sender=model, dispatch_uid=f"search-index-{name}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"search-forget-{name}")
        for relation in model.search_follows:
            field = model._meta.get_field(relation)
            uid = f"search-{name}-{relation}"
            if field.one_to_many:
                handler = functools.partial(_reindex_parent, model, field.field.attname)
                post_save.connect(handler, sender=field.related_model, weak=False, dispatch_uid=f"{uid}-save")
                post_delete.connect(handler, sender=field.related_model, weak=False, dispatch_uid=f"{uid}-delete")
            else:
                handler = functools.partial(_reindex_m2m, model)
                m2m_changed.connect(handler, sender=field.remote_field.through, weak=False, dispatch_uid=uid)

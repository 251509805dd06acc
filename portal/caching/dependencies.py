"""What a change touches: the keys of the pages to forget when a row is saved or deleted.

A page's record (portal/reads.py) holds the key of every row it read: the item itself, its
treatments and their medicines, its components, curated guides, glossary terms its text
uses, items its Markdown links to, related articles, authors, tags. The rows are those of
every model of a content app and the core's authors, specialties and tags (`is_tracked`).
A list (the A–Z pages, the article list, home, search, feeds, the sitemap, the API's lists)
also holds its content types' list keys.

A change to a row touches (`keys_changed`):
- the row's own key, so every page that showed it;
- for an item that joined or left its lists or is shown differently in them (published,
  archived, renamed: `Publishable.membership_fields()`), the list of its type and the items that
  show it without having read it: those whose rows point at it (a curated guide, a
  treatment's medicine, declared in `references`), whose Markdown links to it, or that are
  linked to it (an article's conditions), since an unpublished item is read by none of them;
- for another row, the list of its type;
- for a new or deleted part (a treatment, a code), the item it belongs to;
- always, `<model>-any`: the key of the pages that read too many rows of the type to name
  them (`surrogate_keys`).

The keys are the surrogate keys of the page (`Surrogate-Key`, `Cache-Tag`), the keys under
which the page store, the parts rendered once and a CDN in front forget it
(portal/caching/purge.py).
"""

import functools

from django.apps import apps
from django.db.models import ForeignKey, ManyToManyField, Model
from django.db.models.signals import post_init

from portal.models import Publishable
from portal.publishing.references import where_used
from portal.reads import any_row_key, item_key, key_of, list_key, read
from portal.registry import content_apps, embeddable_models

# Rows the core shows on public pages besides the content apps' own. A search depends on
# every search document (`portal.search.engine.search_documents`): an edit that makes an item
# match a search, or no longer match, refreshes it.
SHOWN_CORE_MODELS = {"portal.author", "portal.specialty", "taggit.tag", "portal.searchdocument"}
# A page that read more rows than this (a long list, the sitemap) depends on any row of their
# types instead (`<model>-any`, touched by every change to a row of the type): headers stay small.
MOST_KEYS = 200


@functools.cache
def tracked_labels() -> frozenset[str]:
    """The models whose rows public pages show: every model of a content app, what Markdown
    embeds (images) and the core's rows those pages show (authors, specialties, tags)."""
    apps_with_content = set(content_apps())
    embedded = {model._meta.label_lower for model in embeddable_models().values()}
    return frozenset(
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in apps_with_content or model._meta.label_lower in SHOWN_CORE_MODELS | embedded
    )


def is_tracked(model: type[Model]) -> bool:
    return model._meta.label_lower in tracked_labels()


def connect() -> None:
    """Every row of a shown model built while a page is recorded joins its record; an item
    remembers what lists showed of it when it was read."""
    for model in apps.get_models():
        if is_tracked(model):
            post_init.connect(read, sender=model, dispatch_uid=f"reads-{model._meta.label_lower}")
        if issubclass(model, Publishable):
            post_init.connect(_remember_membership, sender=model, dispatch_uid=f"membership-{model._meta.label_lower}")


def _remember_membership(sender, instance, **kwargs) -> None:
    if instance.pk is not None:
        instance._membership_was = _membership(instance)


def _membership(item: Publishable) -> tuple:
    """The item's membership fields as loaded (a deferred one is never loaded for this)."""
    return tuple(item.__dict__.get(name, _UNKNOWN) for name in item.membership_fields())


_UNKNOWN = object()  # never equal to itself across reads: a field not loaded counts as changed


def surrogate_keys(keys: set[str]) -> set[str]:
    """A page's keys as stored and sent: its rows', or past MOST_KEYS any row of their types
    (and the lists it showed). Not their lists alone: an edit that keeps an item's name and
    state (an article's summary on the articles list) touches the item, not its list."""
    if len(keys) <= MOST_KEYS:
        return keys
    return {key if key.endswith(_LIST) else key.rsplit("-", 1)[0] + _ANY for key in keys}


_LIST, _ANY = "-list", "-any"


def keys_changed(obj: Model, created: bool = False, deleted: bool = False) -> set[str]:
    """The keys a saved or deleted row touches: see the module's docstring."""
    keys = {key_of(obj), any_row_key(type(obj))}
    if isinstance(obj, Publishable):
        membership = _membership(obj)
        was = getattr(obj, "_membership_was", None)
        if created or deleted or was != membership or _UNKNOWN in was:
            # It joined or left its lists, or they show it differently.
            keys.add(list_key(type(obj)))
            keys |= {key_of(item) for item in _showing(obj)}
        obj._membership_was = membership
    else:
        keys.add(list_key(type(obj)))
    for field in obj._meta.concrete_fields:
        # A part's item (its foreign keys): a new or deleted part changes the item's page,
        # and a part's item is read with it anyway, so the key costs nothing more.
        if isinstance(field, ForeignKey) and is_tracked(field.related_model):
            target = getattr(obj, field.attname)
            if target is not None:
                keys.add(item_key(field.related_model, target))
    return keys


def _showing(obj: Publishable) -> list[Model]:
    """Items that show `obj` on their pages without necessarily having read it."""
    shown_on = [item for _how, item in where_used(obj)]
    for field in [*obj._meta.many_to_many, *obj._meta.related_objects]:
        if isinstance(field, ManyToManyField) or getattr(field, "many_to_many", False):
            related = field.related_model
            if related is not None and issubclass(related, Publishable) and obj.pk is not None:
                accessor = field.name if isinstance(field, ManyToManyField) else field.get_accessor_name()
                shown_on += list(getattr(obj, accessor).all())
    return shown_on


def keys_of_m2m(instance: Model, model: type[Model] | None, pk_set: set | None) -> set[str]:
    """A link added or removed between `instance` and rows of `model`: both sides' pages."""
    keys = {key_of(instance), any_row_key(type(instance))}
    if model is None:
        return keys
    keys.add(any_row_key(model))
    if pk_set is None:  # cleared: which rows were linked is gone
        keys.add(list_key(model))
        return keys
    keys |= {item_key(model, pk) for pk in pk_set}
    return keys

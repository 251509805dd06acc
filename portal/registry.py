"""The content types, found through the app registry rather than listed by hand.

A content type is a concrete subclass of `portal.models.Publishable`; it declares what the
shared machinery needs of it next to its fields (link scheme, Markdown fields, search
document, sitemap priority, schema.org type). A model that is edited on a content type's
page, such as a treatment on a condition, says so with `part_of = "<foreign key name>"`;
history, revert and backup then follow it.
"""

from django.apps import apps
from django.db.models import Model

from portal.models import Publishable


def content_types() -> list[type[Publishable]]:
    """Every concrete publishable model, in the order of INSTALLED_APPS."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def by_scheme() -> dict[str, type[Publishable]]:
    """Internal link scheme (and search kind) → content type."""
    return {model.link_scheme: model for model in content_types()}


def content_apps() -> list[str]:
    """Labels of the apps that hold a content type: their models are content."""
    return list(dict.fromkeys(model._meta.app_label for model in content_types()))


def parts_of(model: type[Model]) -> list[tuple[type[Model], str]]:
    """(model, foreign key name) of every model edited on `model`'s page."""
    parts = []
    for candidate in apps.get_models():
        fk_name = getattr(candidate, "part_of", None)
        if fk_name and candidate._meta.get_field(fk_name).related_model is model:
            parts.append((candidate, fk_name))
    return parts


def referencing_models() -> list[type[Model]]:
    """Models whose rows point at content and say where they are shown (`references`)."""
    return [model for model in apps.get_models() if getattr(model, "references", None)]


def embeddable_models() -> dict[str, type[Model]]:
    """Embed scheme → the model Markdown embeds by it (`embed_scheme`, e.g. an image library's
    image: ![alt](image:slug)); see portal/text/embeds.py."""
    return {model.embed_scheme: model for model in apps.get_models() if getattr(model, "embed_scheme", None)}

"""Export all content to one JSON file, and import it into an empty database.

Content means what editors made: authors and tags, every model of each app that holds a
content type (the items with their inlines, curated guides, review dates, and so on), and
the old addresses that redirect. Revision history is not content: a full backup (pg_dump)
keeps it. Users and sessions are not content; an author's link to a staff account is kept
by username when that account exists.
"""

import json
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils.translation import gettext

from portal.caching import generation
from portal.registry import content_apps, embeddable_models
from portal.search import engine as search
from portal.serialising import ExactJSONEncoder

# Content that belongs to no content app: tags come first, their links to items last.
LEADING_MODELS = ["taggit.Tag", "portal.Author"]
TRAILING_MODELS = ["taggit.TaggedItem", "portal.SlugRedirect"]


class ImportRefused(Exception):
    pass


def _models() -> list[type[Model]]:
    """Every content model, each after the models it points at, so an import never meets a
    row before the rows it refers to."""
    app_models = [model for label in content_apps() for model in apps.get_app_config(label).get_models()]
    # What pages embed (the image library's records; their files are in the media backup) comes
    # before the pages: a page's lead image points at one.
    ordered: list[type[Model]] = [
        *(apps.get_model(label) for label in LEADING_MODELS),
        *embeddable_models().values(),
    ]
    pending = [model for model in app_models if model not in ordered]
    while pending:
        ready = [
            model for model in pending if all(dep in ordered or dep is model for dep in _depends_on(model, pending))
        ]
        if not ready:  # a cycle: keep the app order, forward references are handled on import
            ready = pending[:1]
        ordered += ready
        pending = [model for model in pending if model not in ready]
    return ordered + [apps.get_model(label) for label in TRAILING_MODELS]


def _depends_on(model: type[Model], among: list[type[Model]]) -> list[type[Model]]:
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [field.related_model for field in fields if field.related_model in among]


def export_content() -> str:
    def rows() -> Iterable:
        for model in _models():
            yield from model._default_manager.order_by("pk").iterator()

    exported = serializers.serialize("json", rows(), use_natural_foreign_keys=True, indent=1, cls=ExactJSONEncoder)
    records = json.loads(exported)
    for record in records:
        # The published versions a translation was made from are kept with the revision
        # history, not here: a restored translation records none until it is next approved.
        record["fields"].pop("source_publication", None)
    return json.dumps(records, indent=1, ensure_ascii=False, cls=ExactJSONEncoder)


def import_content(text: str) -> tuple[int, list[str]]:
    """Load an export into an empty database. Returns the number of rows and any warnings."""
    if any(model._default_manager.exists() for model in _models()):
        raise ImportRefused(gettext("The database already has content; import only into an empty database."))
    records = json.loads(text)
    warnings = []
    usernames = set(get_user_model()._default_manager.values_list("username", flat=True))
    for record in records:
        user = record["fields"].get("user") if record["model"] == "portal.author" else None
        if user and user[0] not in usernames:
            warning = gettext("Author %(author)s: no staff account %(username)s; link left empty.")
            warnings.append(warning % {"author": repr(record["fields"]["name"]), "username": repr(user[0])})
            record["fields"]["user"] = None
    with transaction.atomic():
        count = 0
        for obj in serializers.deserialize("json", json.dumps(records), handle_forward_references=True):
            obj.save()
            count += 1
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(sql)
        search.rebuild()
    generation.content_changed()
    return count, warnings

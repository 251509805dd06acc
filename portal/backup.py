"""Export all content to one JSON file, and import it into an empty database.

Content means what editors made: authors, specialties, conditions with their care
team, components and treatments, medications with brand names, articles with sources,
curated guides, tags, every review date, and the old addresses that redirect. Revision
history is not content: a full backup (pg_dump) keeps it. Users and sessions are not content; an
author's link to a staff account is kept by username when that account exists.
"""

import datetime
import json
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from portal import cache, search

# In dependency order, so an import never meets a row before the rows it points at.
CONTENT_MODELS = [
    "taggit.Tag",
    "portal.Author",
    "medications.Medication",
    "medications.BrandName",
    "conditions.Specialty",
    "conditions.Condition",
    "conditions.CareTeamMember",
    "conditions.ConditionRelation",
    "conditions.Treatment",
    "articles.Article",
    "articles.Source",
    "articles.CuratedGuide",
    "taggit.TaggedItem",
    "portal.SlugRedirect",
]


class ImportRefused(Exception):
    pass


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _models():
    return [apps.get_model(label) for label in CONTENT_MODELS]


def export_content() -> str:
    def rows() -> Iterable:
        for model in _models():
            yield from model._default_manager.order_by("pk").iterator()

    return serializers.serialize("json", rows(), use_natural_foreign_keys=True, indent=1, cls=ExactJSONEncoder)


def import_content(text: str) -> tuple[int, list[str]]:
    """Load an export into an empty database. Returns the number of rows and any warnings."""
    if any(model._default_manager.exists() for model in _models()):
        raise ImportRefused("The database already has content; import only into an empty database.")
    records = json.loads(text)
    warnings = []
    usernames = set(get_user_model()._default_manager.values_list("username", flat=True))
    for record in records:
        user = record["fields"].get("user") if record["model"] == "portal.author" else None
        if user and user[0] not in usernames:
            warnings.append(f"Author {record['fields']['name']!r}: no staff account {user[0]!r}; link left empty.")
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
    cache.content_changed()
    return count, warnings

"""A content export restores exactly into an empty database (the suite's own kind: PostgreSQL in CI)."""

import datetime
import json
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, CuratedGuide
from portal.ops.backup import ImportRefused, export_content, import_content
from tests.processes import STRONG_KEY


@pytest.fixture
def empty_database(tmp_path):
    """A second, empty database of the same kind as the test database, migrated."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        name = f"portal_restore_{uuid.uuid4().hex[:10]}"
        server = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{server}/{name}"
    else:
        url = f"sqlite:///{tmp_path / 'restore.sqlite3'}"
    yield url
    if connection.vendor == "postgresql":
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CONTENT_TYPES = {"conditions.condition", "medications.medication", "articles.article", "glossary.term"}


def test_export_and_import_round_trip_exactly(db, manage, empty_database, tmp_path):
    call_command("load_demo", verbosity=0)
    exported = export_content()
    backup = tmp_path / "content.json"
    backup.write_text(exported, encoding="utf-8")
    env = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "DATABASE_URL": empty_database}

    migrate = manage("migrate", "--noinput", env=env, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    restored = manage("import_content", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr
    again = manage("export_content", env=env)

    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(exported)
    models = {record["model"] for record in json.loads(exported)}
    assert {"articles.curatedguide", "conditions.treatment", "taggit.taggeditem", "medications.brandname"} <= models
    search = manage(
        "shell", "-c", "from portal.models import SearchDocument; print(SearchDocument.objects.count())", env=env
    )
    items = [record for record in json.loads(exported) if record["model"] in CONTENT_TYPES]
    assert search.stdout.strip().splitlines()[-1] == str(len(items))  # a search document per item, every language


def test_the_export_keeps_curated_order_and_review_data(db):
    call_command("load_demo", verbosity=0)
    records = json.loads(export_content())

    guides = sorted(
        (r["fields"]["position"], r["fields"]["article"]) for r in records if r["model"] == "articles.curatedguide"
    )
    first_article = Article.objects.get(pk=guides[0][1])
    poems = next(r for r in records if r["model"] == "conditions.condition" and r["fields"]["slug"] == "poems-syndrome")

    assert first_article.title.startswith("Lenalidomide for POEMS Syndrome")
    assert poems["fields"]["last_reviewed"] == "2025-10-01"
    assert poems["fields"]["next_review_due"] == "2028-10-01"
    assert poems["fields"]["reviewed_by"] is not None
    assert len(guides) == CuratedGuide.objects.count()


def test_import_refuses_a_database_that_has_content(db):
    call_command("load_demo", verbosity=0)

    with pytest.raises(ImportRefused):
        import_content(export_content())


def test_times_are_exported_to_the_microsecond(db, make_article):
    article = make_article()
    type(article).objects.filter(pk=article.pk).update(
        published_at=datetime.datetime(2025, 10, 18, 9, 0, 0, 123, tzinfo=datetime.UTC)
    )

    [record] = [r for r in json.loads(export_content()) if r["model"] == "articles.article"]

    assert record["fields"]["published_at"] == "2025-10-18T09:00:00.000123Z"


def test_the_export_keeps_old_addresses(db, make_article):
    article = make_article(slug="first-address")
    article.slug = "second-address"
    article.save()

    records = json.loads(export_content())

    assert any(r["model"] == "portal.slugredirect" and r["fields"]["old_slug"] == "first-address" for r in records)

"""A rolling upgrade (docs/deploy.md, "Upgrades on a live site") migrates on one server, then
reloads the app servers in turn: for a while the previous release's code writes to the new
schema. A column it does not know must therefore not make its inserts fail: every NOT NULL
column a migration adds from this rule on has a default in the database, not only in Python."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField

# The number of the last migration of each app in the release before this rule (version 2,
# with its languages round). An app that was not in it starts from its first migration,
# which creates its tables: no earlier code writes to them.
RELEASED = {"articles": 4, "conditions": 5, "medications": 5, "glossary": 4, "portal": 13}


def _project_apps() -> set[str]:
    root = Path(settings.BASE_DIR).resolve()
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and not Path(config.path).resolve().is_relative_to(root / ".venv")
        and not config.name.startswith("tests")
    }


def _added_since_release():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    project_apps = _project_apps()
    for (app_label, name), migration in loader.disk_migrations.items():
        if app_label not in project_apps or int(name[:4]) <= RELEASED.get(app_label, 1):
            continue
        for operation in migration.operations:
            if isinstance(operation, AddField):
                yield app_label, operation.model_name, operation.name


def test_columns_added_since_the_last_release_have_a_database_default():
    added = list(_added_since_release())
    assert added, "the check reads the migrations"
    missing = []
    for app_label, model_name, field_name in added:
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
        if field.null or field.many_to_many:
            continue
        if field.db_default is models.NOT_PROVIDED:
            missing.append(f"{app_label}.{model_name}.{field_name}")
    assert missing == [], "the previous release's code cannot insert a row without these"

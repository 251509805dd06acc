"""The two editorial roles, so every deploy has them.

Editors write and change drafts and submit them for review, and may add authors,
specialties and tags. Medical reviewers can do all that, and also publish, schedule,
archive and mark content as reviewed (the publish_* permissions), delete content, and
change the authors, specialties and tags that published pages show.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Medical reviewers"

CONTENT = ["condition", "medication", "article"]
# Rows edited inside a content page: editors change them on drafts only, since published
# pages are read-only to them.
PARTS = ["brandname", "careteammember", "conditionrelation", "treatment", "source", "curatedguide"]
# Lists shared by published pages: editors may add to them, only reviewers change them.
SHARED = ["specialty", "author", "tag"]


def _codenames(actions, models):
    return [f"{action}_{model}" for action in actions for model in models]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor_codenames = (
        _codenames(["view", "add", "change"], CONTENT)
        + _codenames(["view", "add", "change", "delete"], PARTS)
        + _codenames(["view", "add"], SHARED)
    )
    reviewer_codenames = (
        editor_codenames
        + _codenames(["delete"], CONTENT)
        + _codenames(["change", "delete"], SHARED)
        + _codenames(["view", "add", "change", "delete"], ["taggeditem"])
        + [f"publish_{model}" for model in CONTENT]
    )
    for name, codenames in [(EDITORS, editor_codenames), (REVIEWERS, reviewer_codenames)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_slug_redirects"),
        ("conditions", "0002_publish_permission"),
        ("medications", "0002_publish_permission"),
        ("articles", "0002_publish_permission"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

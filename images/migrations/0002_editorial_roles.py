"""Editors and medical reviewers use the image library: editors add images and complete their
credit, licence and skin tone; reviewers may also delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = ["view_image", "add_image", "change_image"]
REVIEWER_CODENAMES = [*EDITOR_CODENAMES, "delete_image"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Editors", EDITOR_CODENAMES), ("Medical reviewers", REVIEWER_CODENAMES)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="images", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="images", codename__in=REVIEWER_CODENAMES)
    for group in Group.objects.filter(name__in=["Editors", "Medical reviewers"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_image_library"),
        ("portal", "0005_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

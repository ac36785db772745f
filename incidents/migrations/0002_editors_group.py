"""The Editors group: what an editor needs to correct the map, and nothing over users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
# Editors add and correct articles, incidents, places and names. They reject an incident (review status) rather
# than delete it, so the record of what the press said stays; a wrong alias (place name) they may delete.
EDITOR_PERMISSIONS = {
    ("incidents", "article"): ("view", "add", "change"),
    ("incidents", "incident"): ("view", "change"),
    ("gazetteer", "place"): ("view", "add", "change"),
    ("gazetteer", "placename"): ("view", "add", "change", "delete"),
}


def create_editors(apps, schema_editor):
    """Create the group with exactly the permissions above (the permissions themselves first, on a fresh database)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    codenames = [
        (app, f"{action}_{model}") for (app, model), actions in EDITOR_PERMISSIONS.items() for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("gazetteer", "0003_place_country_pcode_admin_unit"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]

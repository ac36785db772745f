"""The Editors group gains what the desk needs: corrections (to undo them) and the history of what they changed."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
DESK_PERMISSIONS = {
    ("incidents", "correction"): ("view", "change"),
    ("incidents", "historicalincident"): ("view",),
    ("gazetteer", "historicalplace"): ("view",),
    ("gazetteer", "historicalplacename"): ("view",),
}


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for (app, model), actions in DESK_PERMISSIONS.items() for action in actions
    ]


def add_desk_permissions(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS)
    group.permissions.add(*_permissions(apps))


def remove_desk_permissions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_desk_history"),
        ("incidents", "0002_editors_group"),
        ("gazetteer", "0004_desk_history"),
    ]

    operations = [migrations.RunPython(add_desk_permissions, remove_desk_permissions)]

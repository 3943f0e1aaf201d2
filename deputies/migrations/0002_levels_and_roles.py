"""Seed the five congress levels and give committee staff the registry of deputies."""

from django.db import migrations

from congress_portal.accounts import roles

LEVELS = [("national", 1), ("provincial", 2), ("municipal", 3), ("district", 4), ("township", 5)]


def seed(apps, schema_editor):
    Level = apps.get_model("deputies", "Level")
    for code, rank in LEVELS:
        Level.objects.update_or_create(code=code, defaults={"rank": rank})
    roles.grant(apps, roles.STAFF, roles.model_perms("deputies", "deputy", "deputygroup") + ["deputies.view_level"])


class Migration(migrations.Migration):
    dependencies = [("deputies", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""The five levels of people's congress a deputy may sit in, highest first."""

from django.db import migrations

LEVELS = [("national", 1), ("provincial", 2), ("municipal", 3), ("district", 4), ("township", 5)]


def seed(apps, schema_editor):
    Level = apps.get_model("deputies", "Level")
    for code, rank in LEVELS:
        Level.objects.update_or_create(code=code, defaults={"rank": rank})


class Migration(migrations.Migration):
    dependencies = [("deputies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

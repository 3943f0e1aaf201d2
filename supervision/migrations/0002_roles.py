from django.db import migrations

from congress_portal.accounts import roles


def grant(apps, schema_editor):
    roles.grant(apps, roles.STAFF, roles.model_perms("supervision", "department"))


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

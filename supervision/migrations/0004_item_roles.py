from django.db import migrations

from congress_portal.accounts import roles


def grant(apps, schema_editor):
    roles.grant(apps, roles.STAFF, ["supervision.view_supervisionitem", "supervision.view_itemevent"])


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_items")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Staff import departments' contacts from Excel and hand over their one-time passwords."""

from django.db import migrations

from dashboard.migrations import _grant

PERMISSIONS = {"supervision": (["departmentcontact"], [])}


def grant(apps, schema_editor):
    _grant.grant(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0005_channel_permissions"), ("supervision", "0008_department_contacts")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

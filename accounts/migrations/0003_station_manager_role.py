"""The fifth role: a station's manager (站点管理员), who keeps the station's archive (一档) in the portal."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="站点管理员")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]

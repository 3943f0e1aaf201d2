"""The portal's four roles, as Django groups. Their names are data staff read in the admin, so they
are Chinese; what each may do in the admin is granted in dashboard/migrations/0001_role_permissions."""

from django.db import migrations

ROLES = ["工委工作人员", "人大代表", "议政会成员", "责任科室联系人"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

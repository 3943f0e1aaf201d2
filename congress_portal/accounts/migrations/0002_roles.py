"""Create the portal's role groups; staff may manage logins (but not superusers, see admin)."""

from django.db import migrations

from congress_portal.accounts import roles


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)
    roles.grant(
        apps, roles.STAFF, ["accounts.add_user", "accounts.change_user", "accounts.view_user", "auth.view_group"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

from django.db import migrations

from congress_portal.accounts import roles


def grant(apps, schema_editor):
    roles.grant(
        apps,
        roles.STAFF,
        roles.model_perms("deputies", "dutyactivity", "seventaskconfirmation")
        + [
            "deputies.view_seventaskthresholds",
            "deputies.change_seventaskthresholds",
            "deputies.add_seventaskthresholds",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("deputies", "0004_duty_activities_seven_tasks")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

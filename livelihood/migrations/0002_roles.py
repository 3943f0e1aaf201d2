from django.db import migrations

from congress_portal.accounts import roles


def grant(apps, schema_editor):
    roles.grant(
        apps,
        roles.STAFF,
        roles.model_perms("livelihood", "vote", "candidate", "candidatesubitem", "project", "subitem", "claim")
        + ["livelihood.view_monthlyreport", "livelihood.view_cardrating", "livelihood.view_inspection"],
    )


class Migration(migrations.Migration):
    dependencies = [("livelihood", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""What staff may do in the admin with the records added since 0001_role_permissions: they set each
year's duty rhythm (七个一 / 六个一) and read hand-over meetings, helping departments' parts and
voters' ratings (those change only through the portal's pages)."""

from django.db import migrations

from dashboard.migrations import _grant

# app label: (models staff manage, models they only read)
PERMISSIONS = {
    "deputies": (["dutyrhythm"], ["voterrating"]),
    "supervision": ([], ["handover", "partreply"]),
}


def grant(apps, schema_editor):
    _grant.grant(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_schedules"),
        ("deputies", "0004_voters_rate_duty_reports"),
        ("supervision", "0006_citizen_reopening"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

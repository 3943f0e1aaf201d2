"""What staff may do in the admin with the records added since 0001_role_permissions: they set each
year's duty rhythm (七个一 / 六个一) and read hand-over meetings, helping departments' parts and
voters' ratings (those change only through the portal's pages)."""

from django.db import migrations

STAFF = "工委工作人员"
# app label: (models staff manage, models they only read)
PERMISSIONS = {
    "deputies": (["dutyrhythm"], ["voterrating"]),
    "supervision": ([], ["handover", "partreply"]),
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # see 0001_role_permissions
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = None
    staff, _created = Group.objects.get_or_create(name=STAFF)
    for label, (managed, read) in PERMISSIONS.items():
        codenames = [f"{action}_{model}" for model in managed for action in ("add", "change", "view")]
        codenames += [f"view_{model}" for model in read]
        staff.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_schedules"),
        ("deputies", "0004_voters_rate_duty_reports"),
        ("supervision", "0006_citizen_reopening"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

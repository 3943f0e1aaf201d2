"""What each role may do in the admin, in one place: committee staff keep the registry and read the
records the portal's pages write (those records change only through the portal's services).

It lives on the top floor because it names the models of every app; it imports no code of theirs.
"""

from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")
STAFF = "工委工作人员"
# app label: models staff fully manage, and models they only read.
STAFF_PERMISSIONS = {
    "accounts": (["user"], []),
    "auth": ([], ["group"]),
    "deputies": (
        ["deputy", "deputygroup", "leave", "dutyreport", "dutyactivity", "seventaskconfirmation", "seventaskthresholds"],
        ["level"],
    ),
    "supervision": (["department"], ["supervisionitem", "itemevent", "cosignrequest"]),
    "liaison": (
        ["subdistrict", "station", "stationmember", "holiday", "holidayyear", "receptionshift", "shiftassignment",
         "activity", "archiveentry", "archivefile"],
        ["shiftswap", "reception", "opinion", "consultation"],
    ),
    "livelihood": (
        ["vote", "candidate", "candidatesubitem", "project", "subitem", "claim"],
        ["monthlyreport", "cardrating", "inspection"],
    ),
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in STAFF_PERMISSIONS:
        # Permissions are normally made after all migrations ran; make them now. A migration's app
        # configs have no models module, which create_permissions takes for "no models".
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = None
    staff, _created = Group.objects.get_or_create(name=STAFF)
    for label, (managed, read) in STAFF_PERMISSIONS.items():
        codenames = [f"{action}_{model}" for model in managed for action in ACTIONS]
        codenames += [f"view_{model}" for model in read]
        staff.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("deputies", "0002_levels"),
        ("supervision", "0001_initial"),
        ("liaison", "0001_initial"),
        ("livelihood", "0001_initial"),
        ("notifications", "0001_initial"),
        ("monthly_statistics", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

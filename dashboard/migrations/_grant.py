"""Granting the staff role permissions on models added after 0001_role_permissions, shared by the
data migrations that do it (a module the migration loader skips: its name starts with "_")."""

STAFF = "工委工作人员"


def grant(apps, permissions: dict) -> None:
    """``permissions``: {app label: (models staff manage, models they only read)}."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in permissions:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # see 0001_role_permissions
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = None
    staff, _created = Group.objects.get_or_create(name=STAFF)
    for label, (managed, read) in permissions.items():
        codenames = [f"{action}_{model}" for model in managed for action in ("add", "change", "view")]
        codenames += [f"view_{model}" for model in read]
        staff.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))

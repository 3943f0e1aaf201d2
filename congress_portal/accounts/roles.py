"""The portal's roles, as Django groups, and the helper data migrations use to fill them.

Each app grants its own models' permissions to the roles in a data migration of its own, so
no app has to know about the apps above it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Group names are data shown to staff in the admin, so they are Chinese, as staff call them.
STAFF = "工委工作人员"
DEPUTY = "人大代表"
COUNCIL_MEMBER = "议政会成员"
DEPARTMENT_CONTACT = "责任科室联系人"

ALL = (STAFF, DEPUTY, COUNCIL_MEMBER, DEPARTMENT_CONTACT)

LABELS = {
    STAFF: _("Committee staff"),
    DEPUTY: _("Deputy"),
    COUNCIL_MEMBER: _("Council member"),
    DEPARTMENT_CONTACT: _("Department contact"),
}


def grant(apps, role: str, perms: list[str]) -> None:
    """Give ``role`` the permissions ``["app_label.codename", ...]`` (use in a RunPython).

    Permissions are normally created after all migrations ran; this creates those of the apps
    named first, so a migration can grant them on a fresh database.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in {p.split(".", 1)[0] for p in perms}:
        app_config = apps.get_app_config(app_label)
        # A migration's app configs are stubs without a models module, which create_permissions
        # takes for "no models"; pretend for the call, as Django's own tests do.
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = None
    group, _created = Group.objects.get_or_create(name=role)
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def model_perms(app_label: str, *models: str, actions=("add", "change", "delete", "view")) -> list[str]:
    """The standard permissions of ``models`` as ``app_label.action_model`` strings."""
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


def require_staff(user) -> None:
    """Services call this for steps only committee staff may take."""
    if not user.is_committee_staff:
        raise ValidationError(_("Only committee staff can do this."))

"""The portal's roles, as Django groups (made by accounts/migrations/0002_roles; what staff may do in
the admin is granted by dashboard/migrations/0001_role_permissions)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.roles import ALL, COUNCIL_MEMBER, DEPARTMENT_CONTACT, DEPUTY, STAFF, STATION_MANAGER

__all__ = [
    "ALL",
    "COUNCIL_MEMBER",
    "DEPARTMENT_CONTACT",
    "DEPUTY",
    "STAFF",
    "STATION_MANAGER",
    "LABELS",
    "require_staff",
]

LABELS = {
    STAFF: _("Committee staff"),
    DEPUTY: _("Deputy"),
    COUNCIL_MEMBER: _("Council member"),
    DEPARTMENT_CONTACT: _("Department contact"),
    STATION_MANAGER: _("Station manager"),
}


def require_staff(user) -> None:
    """Services call this for steps only committee staff may take."""
    if not user.is_committee_staff:
        raise ValidationError(_("Only committee staff can do this."))

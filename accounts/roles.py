"""The portal's roles, as Django groups (made by accounts/migrations/0002_roles; what staff may do in
the admin is granted by dashboard/migrations/0001_role_permissions)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Group names are data shown to staff in the admin, so they are Chinese, as staff call them.
STAFF = "工委工作人员"
DEPUTY = "人大代表"
COUNCIL_MEMBER = "议政会成员"
DEPARTMENT_CONTACT = "责任科室联系人"
STATION_MANAGER = "站点管理员"

ALL = (STAFF, DEPUTY, COUNCIL_MEMBER, DEPARTMENT_CONTACT, STATION_MANAGER)

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

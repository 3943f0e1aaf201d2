from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The top floor: pages that read every app (each role's home, the staff dashboard). No app
    imports it."""

    name = "dashboard"
    verbose_name = _("Dashboard")

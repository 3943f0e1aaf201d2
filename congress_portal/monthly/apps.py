from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthlyConfig(AppConfig):
    name = "congress_portal.monthly"
    label = "monthly"
    verbose_name = _("Monthly statistics")

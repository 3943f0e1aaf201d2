from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthlyConfig(AppConfig):
    name = "monthly_statistics"
    label = "monthly_statistics"
    verbose_name = _("Monthly statistics")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from .duty import register_sources

        register_sources()  # this app's part of every deputy's duty record (deputies.duty)

        from common.caching import invalidate_on_change
        from supervision.models import Department

        from .models import CardRating, Inspection, MonthlyReport, Project, Satisfaction, SubItem

        # The public project pages show a project, its reports' progress, cards, inspections, ratings.
        invalidate_on_change(
            "projects", Project, SubItem, MonthlyReport, CardRating, Inspection, Satisfaction, Department
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The top floor: pages that read every app (each role's home, the staff dashboard). No app
    imports it."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        # django-celery-beat's lists show two computed columns under their method names, which no
        # catalogue translates; name them as staff read them (周期任务, 定时).
        from django_celery_beat.admin import PeriodicTaskAdmin
        from django_celery_beat.models import CrontabSchedule, PeriodicTask

        PeriodicTask.scheduler.fget.short_description = _("schedule")
        CrontabSchedule.human_readable.fget.short_description = _("when it runs")
        PeriodicTaskAdmin.crontab_translation.short_description = _("when it runs")

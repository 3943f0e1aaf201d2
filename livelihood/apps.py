from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from .duty import register_sources

        register_sources()  # this app's part of every deputy's duty record (deputies.duty)

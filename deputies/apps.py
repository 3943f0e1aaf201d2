from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from .duty import register_own_sources
        from .reports import register_exports

        register_own_sources()  # this app's part of every deputy's duty record (deputies.duty)
        register_exports()  # a big group's annual reports are made in the background

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The ground floor every app stands on: dates, uploads, files, spreadsheets, PDFs, caching,
    middleware, request parameters and the admin's base classes. It imports no app of the portal."""

    name = "common"
    verbose_name = _("Shared foundations")

    def ready(self):
        from . import converters

        converters.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from .duty import register_sources

        register_sources()  # this app's part of every deputy's duty record (deputies.duty)

        from .exports import register_exports

        register_exports()  # the long work lists, made in the background (notifications.exports)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison stations")

    def ready(self):
        from .duty import register_sources

        register_sources()  # this app's part of every deputy's duty record (deputies.duty)

        from common.caching import invalidate_on_change
        from deputies.models import Deputy

        from .models import ReceptionShift, ShiftAssignment, Station, SubDistrict

        # The public station pages show places, hours and who is on duty.
        invalidate_on_change("stations", Station, SubDistrict, ReceptionShift, ShiftAssignment, Deputy)

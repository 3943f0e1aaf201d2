from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison stations")

    def ready(self):
        from .duty import register_sources

        register_sources()  # this app's part of every deputy's duty record (deputies.duty)

        from supervision.signals import item_replied

        from .citizens import on_item_replied

        item_replied.connect(on_item_replied, dispatch_uid="liaison.citizens.on_item_replied")

        from common.caching import invalidate_on_change
        from deputies.models import Deputy

        from .models import ReceptionShift, ShiftAssignment, Station, SubDistrict

        # The public station pages show places, hours and who is on duty.
        invalidate_on_change("stations", Station, SubDistrict, ReceptionShift, ShiftAssignment, Deputy)

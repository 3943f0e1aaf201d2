"""The roster sheet with each person's home station, which ``liaison`` keeps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields

from deputies.resources import DeputyResource

from .models import Station, StationMember
from .services import shifts_release


class RosterResource(DeputyResource):
    """The deputies roster plus 所在站点 (imported) and 街道 (exported, from the station)."""

    station = fields.Field(column_name=_("home station"))
    sub_district = fields.Field(column_name=_("sub-district"), readonly=True)

    class Meta(DeputyResource.Meta):
        fields = DeputyResource.Meta.fields + ("station", "sub_district")

    def get_queryset(self):
        return super().get_queryset().select_related("station_membership__station__sub_district")

    @staticmethod
    def _station(deputy):
        """The station a row is about to get (the import's preview), else the one it has."""
        station = getattr(deputy, "_import_station", None)
        if station is not None:
            return station or None
        membership = getattr(deputy, "station_membership", None) if deputy.pk else None
        return membership.station if membership else None

    def dehydrate_station(self, deputy):
        station = self._station(deputy)
        return station.name if station else ""

    def dehydrate_sub_district(self, deputy):
        station = self._station(deputy)
        return station.sub_district.name if station and station.sub_district else ""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._stations = {s.name: s for s in Station.objects.select_related("sub_district")}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        column = self.fields["station"].column_name
        instance._import_station = None
        if column in row:
            name = str(row[column] or "").strip()
            if name and name not in self._stations:
                errors["station"] = [gettext("There is no Home or station named “%(name)s”.") % {"name": name}]
            instance._import_station = self._stations.get(name) if name else ""
        if errors:
            raise ValidationError(errors)

    def after_bulk_save(self, instances) -> None:
        super().after_bulk_save(instances)
        # A sheet without the station column leaves memberships alone; an empty cell removes one.
        placed = [d for d in instances if getattr(d, "_import_station", None) is not None]
        StationMember.objects.filter(deputy__in=placed).delete()
        StationMember.objects.bulk_create(
            [StationMember(deputy_id=d.pk, station=d._import_station) for d in placed if d._import_station],
            batch_size=2000,
        )
        # Marked as no longer in office: off their coming shifts.
        gone = [d for d in instances if not d.is_active]
        if gone:
            shifts_release(deputies=gone)

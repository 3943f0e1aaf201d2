"""Reads of stations and who sits where."""

from deputies.models import Deputy

from .models import Station


def station_of(deputy: Deputy) -> Station | None:
    """The deputy's home station with its sub-district, or None."""
    return Station.objects.select_related("sub_district").filter(members__deputy=deputy).first()

"""Who may see and change what at the stations: the object, or the same 404 whether it is missing
or not theirs."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from deputies.models import Deputy
from supervision.selectors import items_visible_to

from .models import ArchiveEntry, ArchiveFile, Consultation, Opinion, Reception, ShiftAssignment, ShiftSwap, Station


def is_station_member(user, station: Station) -> bool:
    return Deputy.objects.filter(user=user, station_membership__station=station).exists()


def keeps_archive(user, station: Station) -> bool:
    """Staff, or a manager of the station (站点管理员): they keep its archive (一档)."""
    return user.is_authenticated and (user.is_committee_staff or station.managers.filter(pk=user.pk).exists())


def access_station(user, pk: int) -> Station:
    """A station's internal pages: staff, the people who sit there, its managers."""
    station = get_object_or_404(Station.objects.select_related("sub_district"), pk=pk)
    if user.is_committee_staff or is_station_member(user, station) or keeps_archive(user, station):
        return station
    raise Http404


def access_archive_keeping(user, pk: int) -> Station:
    """A station whose archive ``user`` keeps; the same 404 otherwise."""
    station = get_object_or_404(Station, pk=pk)
    if not keeps_archive(user, station):
        raise Http404
    return station


def access_archive_entry(user, pk: int) -> ArchiveEntry:
    """An archive entry to change: staff, or a manager of its station."""
    entry = get_object_or_404(ArchiveEntry.objects.select_related("station").prefetch_related("files"), pk=pk)
    if not keeps_archive(user, entry.station):
        raise Http404
    return entry


def access_archive_file(user, pk: int) -> ArchiveFile:
    archive_file = get_object_or_404(ArchiveFile.objects.select_related("entry"), pk=pk)
    access_station(user, archive_file.entry.station_id)
    return archive_file


def may_edit_reception(reception: Reception, user) -> bool:
    """The deputy who logged it, or staff."""
    return user.is_committee_staff or reception.logged_by.user_id == user.pk


def access_reception_for_edit(user, pk: int) -> Reception:
    reception = get_object_or_404(Reception.objects.select_related("station", "logged_by"), pk=pk)
    if not may_edit_reception(reception, user):
        raise Http404
    return reception


def access_own_assignment(user, pk: int) -> ShiftAssignment:
    """One of the login's own shifts (to offer it for a swap)."""
    return get_object_or_404(
        ShiftAssignment.objects.select_related("shift__station", "deputy"), pk=pk, deputy__user=user
    )


def access_swap(user, pk: int) -> ShiftSwap:
    """A swap the login asked for or was asked."""
    swap = ShiftSwap.objects.select_related("requester", "colleague").filter(pk=pk).first()
    if swap is None or user.pk not in (swap.requester.user_id, swap.colleague.user_id):
        raise Http404
    return swap


def received_opinion(user, opinion: Opinion) -> bool:
    """Staff, or a deputy who received it at their reception: they may answer it at the station."""
    receivers = opinion.reception.receivers_names if opinion.reception_id else []
    return user.is_committee_staff or any(d.user_id == user.pk for d in receivers)


def access_opinion(user, queryset, pk: int) -> Opinion:
    """An opinion for staff, the deputies who received it, and whoever may see an item it became
    (the department handling it, a deputy following it). The page shows the citizen to staff only."""
    opinion = get_object_or_404(queryset, pk=pk)
    if received_opinion(user, opinion) or items_visible_to(user).filter(opinion=opinion).exists():
        return opinion
    raise Http404


def access_consultation(user, station: Station, month) -> None:
    """A month's consultation pack: staff, and the deputies who attended its meeting."""
    if user.is_committee_staff:
        return
    if not Consultation.objects.filter(station=station, month=month, attendees__user=user).exists():
        raise Http404

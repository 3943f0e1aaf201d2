"""Every change to a station's activities and month-end consultations."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from deputies.models import Deputy
from supervision import services as supervision
from supervision.models import Department, SupervisionItem

from ..models import (
    Activity,
    Consultation,
    Station,
)
from ..selectors import month_receivers
from .contacts import _require_members


def _activity_checks(station: Station, day: date, attendees: Iterable[Deputy]) -> list[Deputy]:
    """An activity has taken place, at the station, with at least one of its members."""
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    _require_members(station, attendees, "attendees")
    if day > timezone.localdate():
        raise ValidationError({"date": _("Record an activity once it has taken place.")})
    return attendees


@transaction.atomic
def activity_record(
    *, station: Station, day: date, kind: str, title: str, attendees: Iterable[Deputy], by, summary: str = ""
) -> Activity:
    """Record an activity at the station with who attended; it becomes a row of the activity register."""
    attendees = _activity_checks(station, day, attendees)
    activity = Activity(station=station, date=day, kind=kind, title=title, summary=summary, created_by=by)
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, by, station: Station, day: date, kind: str, title: str, attendees, summary: str = ""
) -> Activity:
    """Correct an activity (staff, in the admin): the same rules as recording it."""
    require_staff(by)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    attendees = _activity_checks(station, day, attendees)
    activity.station, activity.date, activity.kind, activity.title, activity.summary = (
        station,
        day,
        kind,
        title,
        summary,
    )
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def consultation_record(
    *, station: Station, month: date, held_on: date, by, attendees: Iterable[Deputy] | None = None, minutes: str = ""
) -> Consultation:
    """Record the month-end consultation; attendees default to that month's receivers."""
    require_staff(by)
    month = month.replace(day=1)
    if held_on < month:
        raise ValidationError({"held_on": _("The consultation is held after the month begins.")})
    attendees = list(attendees) if attendees is not None else month_receivers(station, month)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    consultation, _created = Consultation.objects.update_or_create(
        station=station, month=month, defaults={"held_on": held_on, "minutes": minutes, "created_by": by}
    )
    consultation.attendees.set(attendees)
    return consultation


@transaction.atomic
def consultation_issue_opinion(
    *, consultation: Consultation, by, title: str, content: str, department: Department, deadline: date
) -> SupervisionItem:
    """A supervision opinion (督办意见) of the consultation, handed to a department."""
    return supervision.item_hand_over(
        by=by,
        kind=SupervisionItem.Kind.CONSULTATION_OPINION,
        title=title,
        content=content,
        source=consultation,
        lead_department=department,
        deadline=deadline,
        followers=consultation.attendees.all(),
    )

"""Station reminders: tomorrow's Wednesday shift, and the month-end consultation pack for staff."""

import calendar
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.events import Event
from notifications.services import notify

from .models import ShiftAssignment


def remind_shifts(today: date) -> int:
    """The day before a shift, each person on duty is reminded once."""
    tomorrow = today + timedelta(days=1)
    assignments = ShiftAssignment.objects.filter(
        shift__date=tomorrow, deputy__user__isnull=False, deputy__is_active=True
    ).select_related("shift__station", "deputy__user")
    sent = 0
    for a in assignments:
        sent += bool(
            notify(
                user=a.deputy.user,
                key=f"shift:{a.shift_id}:{a.deputy_id}",
                title=_("Tomorrow you receive constituents at %(station)s") % {"station": a.shift.station.name},
                body=f"{tomorrow:%Y-%m-%d} {a.shift.station.opening_hours} {a.shift.station.address}".strip(),
                url=reverse("liaison:my_shifts"),
                event=Event.SHIFT,
            )
        )
    return sent


def remind_consultations(today: date) -> int:
    """On the month's last day, staff are told the consultation packs are ready."""
    if today.day != calendar.monthrange(today.year, today.month)[1]:
        return 0
    sent = 0
    for user in get_user_model().committee_staff():
        sent += bool(
            notify(
                user=user,
                key=f"consultation:{today:%Y-%m}",
                title=_("The month-end consultation packs of %(month)s are ready") % {"month": f"{today:%Y-%m}"},
                url=reverse("liaison:station_public_list"),
                event=Event.CONSULTATION,
            )
        )
    return sent

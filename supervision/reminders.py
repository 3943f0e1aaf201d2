"""Deadline reminders for department contacts: three days before, and once when overdue."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from notifications.events import Event
from notifications.services import notify

from .models import SupervisionItem


def deadline_key(item_id: int, round_: int, stage: str = "") -> str:
    """A deadline reminder's key; without ``stage``, the prefix of all of a handling round's."""
    return f"item:{item_id}:{round_}:{stage}"


def remind_deadlines(today: date) -> int:
    items = SupervisionItem.objects.filter(
        state__in=SupervisionItem.OPEN_FOR_DEPARTMENT, deadline__lte=today + timedelta(days=3)
    ).prefetch_related("lead_department__contacts")
    staff = list(get_user_model().committee_staff())
    sent = 0
    for item in items:
        stage = "overdue" if item.deadline < today else ("near" if item.deadline == today + timedelta(days=3) else None)
        if stage is None:
            continue
        title = (_("Overdue: %(title)s") if stage == "overdue" else _("Due in three days: %(title)s")) % {
            "title": item.title
        }
        # The contacts near and past the deadline; staff once it has passed, to press for it.
        told = list(item.lead_department.contacts.all()) + (staff if stage == "overdue" else [])
        for user in told:
            sent += bool(
                notify(
                    user=user,
                    key=deadline_key(item.pk, item.round, stage),
                    title=title,
                    body=_("Deadline: %(deadline)s") % {"deadline": f"{item.deadline:%Y-%m-%d}"},
                    url=item.get_absolute_url(),
                    event=Event.DEADLINE,
                )
            )
    return sent

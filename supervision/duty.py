"""Supervision's part of a deputy's duty record: the suggestions they led or co-signed."""

from collections import Counter
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.duty import DutyRecord, DutySource, grouped, register, teams
from deputies.rollups import MonthlyRollup, also_keep, track

from .selectors import recount_department_months, suggestions_between


def _suggestions(start: date, end: date):
    return suggestions_between(start, end)


def _count(ids, start, end):
    total = Counter(grouped(_suggestions(start, end), "lead_deputy", ids))
    total.update(grouped(_suggestions(start, end), "co_signers", ids))
    return dict(total)


def _teams(start, end):
    """The deputies of each suggestion: its lead and its co-signers."""
    items = _suggestions(start, end)
    return teams(items.values_list("pk", "lead_deputy"), items.values_list("pk", "co_signers"))


def _records(deputy, start, end):
    from .models import SupervisionItem

    # Led or co-signed: one list of ids, each read through its index (an OR across the co-signers'
    # join read every item: 0.46 s over 1M items).
    # (no ORDER BY in the parts: SQLite refuses one inside a UNION)
    led = _suggestions(start, end).filter(lead_deputy=deputy).order_by().values("pk")
    co_signed = _suggestions(start, end).filter(co_signers=deputy).order_by().values("pk")
    rows = SupervisionItem.objects.filter(pk__in=led.union(co_signed))
    return [
        DutyRecord(timezone.localtime(i.submitted_at).date(), i.get_state_display(), i.title, i.get_absolute_url())
        for i in rows
    ]


def _assigned_month_of_item(record):
    """A reply or a rating counts in the department summary's month its item was assigned."""
    return type(record.item).objects.filter(pk=record.item_id).values_list("assigned_at", flat=True)


def register_sources() -> None:
    from .models import DepartmentMonthCount, ItemEvaluation, ItemReply, SupervisionItem

    track(SupervisionItem, lambda item: [item.submitted_at], m2m=["co_signers"])
    # The department summary's months, in step with the same marks (deputies.rollups).
    also_keep(
        MonthlyRollup(recount=recount_department_months, forget=lambda: DepartmentMonthCount.objects.all().delete())
    )
    track(SupervisionItem, lambda item: [item.assigned_at])
    track(ItemReply, _assigned_month_of_item)
    track(ItemEvaluation, _assigned_month_of_item)
    register(DutySource("suggestions", _("suggestions led or co-signed"), _count, _records, teams=_teams))

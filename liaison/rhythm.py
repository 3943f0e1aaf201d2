"""The 六个一 (article 004): what a station or studio does in each period, counted from its records.

A reception every month, a collective deliberation every two months, a joint activity (协作联动 /
联席会议) and an inspection every quarter, a research report every half year, a legislative
activity every year. How many of each a period needs is the year's ``DutyRhythm`` (staff edit it).
Periods are counted from the receptions and station activities already recorded, never typed again.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from common.dates import add_months, between
from deputies.models import DutyRhythm

from .models import Activity, Reception

K = Activity.Kind


@dataclass(frozen=True)
class SixTask:
    key: str
    label: str
    months: int  # the period's length
    setting: str  # the DutyRhythm field that says how many a period needs
    kinds: tuple[str, ...] = ()  # station activity kinds that count; none: receptions


SIX = (
    SixTask("receptions", _("a reception every month"), 1, "receptions_per_month"),
    SixTask(
        "deliberations",
        _("a collective deliberation every two months"),
        2,
        "deliberations_per_two_months",
        (K.DELIBERATION,),
    ),
    SixTask("joint", _("a joint activity every quarter"), 3, "joint_per_quarter", (K.JOINT,)),
    SixTask("inspections", _("an inspection every quarter"), 3, "inspections_per_quarter", (K.INSPECTION,)),
    SixTask("research", _("a research report every half year"), 6, "research_per_half_year", (K.RESEARCH,)),
    SixTask("legislative", _("a legislative activity every year"), 12, "legislative_per_year", (K.LEGISLATIVE,)),
)


def _monthly(queryset: QuerySet, year: int, *group) -> dict:
    """{(station id, *group, month): count} of ``queryset``'s rows in ``year``, one grouped query."""
    rows = (
        queryset.filter(between("date", date(year, 1, 1), date(year, 12, 31)))
        .annotate(month=ExtractMonth("date"))
        .values("station_id", *group, "month")
        .annotate(n=Count("pk"))
        .values_list("station_id", *group, "month", "n")
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def six_tasks(station_ids, year: int, today: date, rhythm: DutyRhythm | None = None) -> dict[int, dict]:
    """Per station, the year's 六个一: each task's periods (count, needed, done, missed, open) and
    how many ended periods missed it. Two grouped queries and the year's rhythm, whatever the number
    of stations."""
    rhythm = rhythm or DutyRhythm.for_year(year)
    ids = list(station_ids)
    receptions = _monthly(Reception.objects.filter(station_id__in=ids), year)
    activities = _monthly(Activity.objects.filter(station_id__in=ids), year, "kind")
    result = {}
    for station_id in ids:
        tasks = []
        for task in SIX:
            needed = getattr(rhythm, task.setting)
            periods = []
            for first_month in range(1, 13, task.months):
                months = range(first_month, first_month + task.months)
                if task.kinds:
                    count = sum(activities.get((station_id, k, m), 0) for k in task.kinds for m in months)
                else:
                    count = sum(receptions.get((station_id, m), 0) for m in months)
                start = date(year, first_month, 1)
                end = add_months(start, task.months)  # the day after the period
                if start > today:
                    state = "future"
                elif count >= needed:
                    state = "done"
                elif end <= today:
                    state = "missed"
                else:
                    state = "open"
                periods.append({"first_month": first_month, "count": count, "state": state})
            current = next(
                (p for p in periods if p["state"] in ("open", "done") and _contains(p, task, today, year)), None
            )
            tasks.append(
                {
                    "key": task.key,
                    "label": task.label,
                    "needed": needed,
                    "periods": periods,
                    "missed": sum(1 for p in periods if p["state"] == "missed"),
                    "current": current,
                }
            )
        result[station_id] = {"tasks": tasks, "missed": sum(t["missed"] for t in tasks)}
    return result


def _contains(period: dict, task: SixTask, today: date, year: int) -> bool:
    start = date(year, period["first_month"], 1)
    return start <= today < add_months(start, task.months)


def rhythm_of(year: int) -> DutyRhythm:
    return DutyRhythm.for_year(year)

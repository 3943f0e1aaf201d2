"""The 六个一 (article 004): what a station or studio does in each period, counted from its records.

A reception every month, a collective deliberation every two months, a joint activity (协作联动 /
联席会议) and an inspection every quarter, a research report every half year, a legislative
activity every year. How many of each a period needs is the year's ``DutyRhythm`` (staff edit it).
Periods are counted from the receptions and station activities already recorded, never typed again,
through a rollup per station, month and kind (``StationMonthCount``) kept in step with the records
by the duty counts' marks (deputies/rollups.py).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Value
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from common.dates import add_months, between
from deputies.models import DutyRhythm
from deputies.rollups import MonthlyRollup, refresh, replace_month

from .models import Activity, Reception, StationMonthCount

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


def month_counts(first: date, last: date, station_ids=None) -> dict[tuple[int, str, date], int]:
    """{(station id, kind, month's first day): number} of the receptions (kind "") and station
    activities from ``first`` to ``last``, counted from the records: the one definition the
    rollups keep (two grouped queries)."""
    receptions = Reception.objects.filter(between("date", first, last))
    activities = Activity.objects.filter(between("date", first, last))
    if station_ids is not None:
        receptions, activities = (
            receptions.filter(station_id__in=station_ids),
            activities.filter(station_id__in=station_ids),
        )
    counts = {}
    for queryset, kind in ((receptions, Value("")), (activities, F("kind"))):
        rows = (
            queryset.annotate(month=TruncMonth("date"), of_kind=kind)
            .values("station_id", "of_kind", "month")
            .annotate(n=Count("pk"))
            .values_list("station_id", "of_kind", "month", "n")
        )
        counts.update({(station, of_kind, month): n for station, of_kind, month, n in rows})
    return counts


def _recount(first: date, last: date) -> None:
    replace_month(
        StationMonthCount,
        first,
        {(s, k): n for (s, k, _m), n in month_counts(first, last).items()},
        ("station_id", "kind"),
    )


ROLLUP = MonthlyRollup(recount=_recount, forget=lambda: StationMonthCount.objects.all().delete())


def _counted(station_ids: list[int], year: int) -> dict[tuple[int, str, int], int]:
    """{(station id, kind, month number): number} for the year, from the rollups (made fresh first)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    refresh(first, last)
    rows = StationMonthCount.objects.filter(month__gte=first, month__lte=last)
    if len(station_ids) < 1000:  # a few stations filter in the database; for all, no IN list is cheaper
        rows = rows.filter(station_id__in=station_ids)
    return {
        (station, kind, month.month): n
        for station, kind, month, n in rows.values_list("station_id", "kind", "month", "n")
    }


def _periods(task: SixTask, year: int) -> list[tuple[int, range, date, date]]:
    """Each period of ``task`` in the year: its first month, its months, its first day and the day after it."""
    return [
        (first, range(first, first + task.months), date(year, first, 1), add_months(date(year, first, 1), task.months))
        for first in range(1, 13, task.months)
    ]


def six_tasks(station_ids, year: int, today: date, rhythm: DutyRhythm | None = None) -> dict[int, dict]:
    """Per station, the year's 六个一: each task's periods (count, needed, done, missed, open) and
    how many ended periods missed it. One query over the rollups and the year's rhythm, whatever
    the number of stations or records."""
    rhythm = rhythm or DutyRhythm.for_year(year)
    ids = list(station_ids)
    counted = _counted(ids, year)
    plan = [(task, getattr(rhythm, task.setting), task.kinds or ("",), _periods(task, year)) for task in SIX]
    result = {}
    for station_id in ids:
        tasks = []
        for task, needed, kinds, periods_of_task in plan:
            periods = []
            current = None
            for first_month, months, start, end in periods_of_task:
                count = sum(counted.get((station_id, k, m), 0) for k in kinds for m in months)
                if start > today:
                    state = "future"
                elif count >= needed:
                    state = "done"
                elif end <= today:
                    state = "missed"
                else:
                    state = "open"
                period = {"first_month": first_month, "count": count, "state": state}
                if current is None and state in ("open", "done") and start <= today < end:
                    current = period
                periods.append(period)
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


def rhythm_of(year: int) -> DutyRhythm:
    return DutyRhythm.for_year(year)

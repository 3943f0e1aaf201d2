"""Rollups of the duty record: each source's count per deputy and month (``DutyCount``), so the
七个一, the archive and the dashboard read a few thousand small rows instead of grouping millions of
receptions × receivers every time a page opens.

They stay exactly equal to counting the records afresh (tests/deputies/test_rollups.py, a property
test over random writes, edits and deletions), without a lock on any writer:

- Every change to a record that a source counts adds a ``DutyMonthChanged`` row for each month it
  touches, before and after an edit, in the writer's own transaction. Signals catch every door:
  services, the admin, tasks (``track``). A bulk write, which sends no signal, calls ``changed()``
  for the months it wrote, or ``forget()``.
- A read first recounts the months of its period that have such rows. Under a per-month advisory
  lock it reads the rows' ids, counts the month again with each source's own definition
  (``DutySource.counts``, the one fact), replaces that month's counts, and deletes exactly the rows
  it read. A change committed meanwhile left a row it did not read, so the month is counted again
  on the next read. The beat task ``deputies.tasks.refresh_duty_counts`` does the same every few
  minutes, so pages seldom wait for it.
- A year is counted from every record at its first read (``DutyYearCounted``). That covers records
  from before the rollups existed and bulk loads that called ``forget()``.

Beside the counts per deputy, the same recount keeps, per month, how many records each team did
(``TeamCount``: a team is the deputies who took part in a record together), so a table that counts
a record once per row however many of its people took part (the dashboard's levels, groups and
sub-districts) adds up a few thousand teams instead of joining receptions × receivers; and other
apps' rollups registered with ``also_keep`` (the 六个一's counts per station and month).

Only the sources whose counts add up month by month are rolled up (``DutySource.monthly``). A
count by a project's year, such as 1+1+1 claims, is counted from its records as before.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone

from common.dates import month_bounds

from .duty import SOURCES, DutySource
from .models import DutyCount, DutyMonthChanged, DutyYearCounted, TeamCount

LOCK_NAMESPACE = 7283  # the first key of pg_advisory_xact_lock(int, int) for a month's recount


def first_of(day: date | datetime) -> date:
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return day.replace(day=1)


def changed(days: Iterable[date | datetime | None]) -> None:
    """The records of the months of ``days`` changed: their counts are made again before the next read."""
    months = {first_of(day) for day in days if day is not None}
    if months:
        DutyMonthChanged.objects.bulk_create([DutyMonthChanged(month=m) for m in sorted(months)])


@dataclass(frozen=True)
class MonthlyRollup:
    """Another app's rollup made from the same records and kept in step by the same marks: its
    rows for a month are replaced by ``recount(first day, last day)`` whenever the duty counts of
    that month are (under the same lock), and all dropped by ``forget()``."""

    recount: Callable[[date, date], None]
    forget: Callable[[], None]


ROLLUPS: list[MonthlyRollup] = []


def also_keep(rollup: MonthlyRollup) -> None:
    """Keep ``rollup`` in step with the records, month by month, with the duty counts."""
    ROLLUPS.append(rollup)


def forget() -> None:
    """Count every year again at its next read (after a bulk load that sent no signals)."""
    with transaction.atomic():
        DutyYearCounted.objects.all().delete()
        DutyCount.objects.all().delete()
        TeamCount.objects.all().delete()
        for rollup in ROLLUPS:
            rollup.forget()


def monthly_sources() -> list[DutySource]:
    return [source for source in SOURCES.values() if source.monthly]


def recount(month: date) -> tuple[dict[tuple, int], dict[tuple, int]]:
    """Every rolled-up source's counts for ``month`` from the records (a grouped query per source):
    {(source, deputy id): n} and {(source, team): n}."""
    first, last = month_bounds(month)
    per_deputy_rows, per_team_rows, batches = {}, {}, {}
    for source in monthly_sources():
        if source.batch is not None:
            if source.batch not in batches:
                batches[source.batch] = source.batch(None, first, last)
            per_deputy = batches[source.batch].get(source.key, {})
        else:
            per_deputy = source.counts(None, first, last)
        per_deputy_rows.update({(source.key, pk): n for pk, n in per_deputy.items() if n})
        if source.teams_batch is not None:
            if source.teams_batch not in batches:
                batches[source.teams_batch] = source.teams_batch(first, last)
            per_team = batches[source.teams_batch].get(source.key, {})
        else:
            per_team = source.teams(first, last) if source.teams is not None else {}
        per_team_rows.update({(source.key, ",".join(map(str, team))): n for team, n in per_team.items() if n})
    return per_deputy_rows, per_team_rows


def replace_month(model, month: date, counts: dict[tuple, int], keys: tuple[str, ...]) -> None:
    """Make ``model``'s rows of ``month`` equal ``counts`` ({values of ``keys``: n}), touching only
    the rows that differ: a month's counts mostly stay as they were, and tens of thousands of
    unchanged rows need not be deleted and written again."""
    stored = {
        tuple(row[1:-1]): (row[0], row[-1]) for row in model.objects.filter(month=month).values_list("pk", *keys, "n")
    }
    stale = [pk for key, (pk, n) in stored.items() if counts.get(key) != n]
    fresh = [
        model(month=month, n=n, **dict(zip(keys, key, strict=True)))
        for key, n in counts.items()
        if key not in stored or stored[key][1] != n
    ]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(fresh, batch_size=2000)


def _refresh_month(month: date) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, month.year * 12 + month.month])
        marks = list(DutyMonthChanged.objects.filter(month=month).values_list("pk", flat=True))
        if not marks:
            return  # another read counted it while this one waited for the lock
        per_deputy, per_team = recount(month)
        replace_month(DutyCount, month, per_deputy, ("source", "deputy_id"))
        replace_month(TeamCount, month, per_team, ("source", "team"))
        for rollup in ROLLUPS:
            rollup.recount(*month_bounds(month))
        DutyMonthChanged.objects.filter(pk__in=marks).delete()


def refresh(start: date | None = None, end: date | None = None) -> int:
    """Count again the changed months from ``start`` to ``end`` (all of them when None); a year
    never counted is counted whole first. Returns the number of months counted."""
    if start is not None and end is not None:
        years = range(start.year, end.year + 1)
        counted = set(DutyYearCounted.objects.filter(year__in=years).values_list("year", flat=True))
        for year in years:
            if year not in counted:
                changed(date(year, m, 1) for m in range(1, 13))
                DutyYearCounted.objects.bulk_create([DutyYearCounted(year=year)], ignore_conflicts=True)
    pending = DutyMonthChanged.objects.all()
    if start is not None:
        pending = pending.filter(month__gte=first_of(start))
    if end is not None:
        pending = pending.filter(month__lte=end)
    months = sorted(set(pending.values_list("month", flat=True)))
    for month in months:
        _refresh_month(month)
    return len(months)


def read(keys: Iterable[str], ids: Iterable[int] | None, start: date, end: date) -> dict[str, dict[int, int]]:
    """{source key: {deputy id: count}} from ``start`` (a month's first day) to ``end`` (a month's
    last day), for the deputies ``ids`` (None: everyone): one grouped query over the rollups."""
    assert start.day == 1 and month_bounds(end)[1] == end, "rollups hold whole months"
    keys = list(keys)
    refresh(start, end)
    rows = DutyCount.objects.filter(source__in=keys, month__gte=start, month__lte=end)
    if ids is not None:
        rows = rows.filter(deputy_id__in=list(ids))
    result: dict[str, dict[int, int]] = {key: {} for key in keys}
    for key, pk, n in (
        rows.values_list("source", "deputy_id").annotate(total=Sum("n")).values_list("source", "deputy_id", "total")
    ):
        result[key][pk] = n
    return result


def read_teams(keys: Iterable[str], start: date, end: date) -> dict[str, dict[tuple[int, ...], int]]:
    """{source key: {team: number of records}} from ``start`` (a month's first day) to ``end`` (a
    month's last day), for the sources that count teams: one grouped query over the rollups."""
    assert start.day == 1 and month_bounds(end)[1] == end, "rollups hold whole months"
    keys = list(keys)
    refresh(start, end)
    rows = TeamCount.objects.filter(source__in=keys, month__gte=start, month__lte=end)
    result: dict[str, dict[tuple[int, ...], int]] = {key: {} for key in keys}
    for key, team, n in (
        rows.values_list("source", "team").annotate(total=Sum("n")).values_list("source", "team", "total")
    ):
        result[key][tuple(map(int, team.split(","))) if team else ()] = n
    return result


# --- knowing what changed -------------------------------------------------------------------------

# Per model, every app's ``months_of`` for its records: several apps count the same model (an item
# is a suggestion for supervision and may solve an opinion for liaison), and a save reads the
# record's old row once for all of them.
_MONTHS_OF: dict[type, list[Callable]] = {}


def _months(model, record) -> list:
    return [day for months_of in _MONTHS_OF[model] for day in months_of(record)]


def _before_save(sender, instance, **kwargs):
    if not instance._state.adding and instance.pk is not None:
        old = sender._base_manager.filter(pk=instance.pk).first()
        if old is not None:
            changed(_months(sender, old))


def _after_save(sender, instance, **kwargs):
    changed(_months(sender, instance))


def _before_delete(sender, instance, **kwargs):
    """The months of the record as it is in the database too: the instance may be older (moved
    since by an update that sent no signal)."""
    stored = sender._base_manager.filter(pk=instance.pk).first() if instance.pk is not None else None
    changed([*_months(sender, instance), *(_months(sender, stored) if stored is not None else [])])


def track(model, months_of: Callable[[object], Iterable[date | datetime | None]], *, m2m: Iterable[str] = ()) -> None:
    """Count again the months ``months_of(record)`` names whenever a ``model`` record is saved (as
    it was and as it is), deleted (before it goes, with what it links to), or one of its ``m2m``
    fields changes, from either side, or loses a link because the other side is deleted."""
    _MONTHS_OF.setdefault(model, []).append(months_of)
    uid = f"duty:{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ":pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + ":post_save")
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + ":pre_delete")
    for field in m2m:

        def links_changed(sender, instance, action, reverse, pk_set, field=field, **kwargs):
            if action not in ("post_add", "post_remove", "pre_clear"):
                return
            if not reverse:
                changed(_months(model, instance))
                return
            records = (
                model._base_manager.filter(pk__in=pk_set) if pk_set else model._base_manager.filter(**{field: instance})
            )
            for record in records:
                changed(_months(model, record))

        m2m_changed.connect(
            links_changed, sender=getattr(model, field).through, weak=False, dispatch_uid=f"{uid}:{field}"
        )

        def linked_one_goes(sender, instance, field=field, **kwargs):
            """Deleting the other side (a deputy) removes its links without an m2m signal."""
            for record in model._base_manager.filter(**{field: instance}):
                changed(_months(model, record))

        pre_delete.connect(
            linked_one_goes,
            sender=model._meta.get_field(field).related_model,
            weak=False,
            dispatch_uid=f"{uid}:{field}:other side deleted",
        )

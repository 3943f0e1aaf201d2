"""A deputy's duty record, counted from the records every app keeps, never typed twice.

``deputies`` is the lowest app and imports no other, yet the duty archive needs receptions,
suggestions and project reports. So each app registers its sources here from its AppConfig.ready()
(an explicit call, not a signal): a source counts, per deputy and period, in one grouped query,
and lists the deputy's records for the archive page.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Aggregate, Count, OuterRef, QuerySet, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from common.dates import between

from .models import SevenTask


@dataclass(frozen=True)
class DutyRecord:
    date: date
    kind: str
    title: str
    url: str = ""


@dataclass(frozen=True)
class DutySource:
    key: str
    label: str
    # (deputy ids or None for everyone, first day, last day) -> {deputy id: number}
    counts: Callable[[Iterable[int] | None, date, date], dict[int, int]]
    # (deputy, first day, last day) -> the deputy's records, newest first
    records: Callable = field(default=lambda deputy, start, end: [])
    # Sources that one query can count together share a batch: (ids, start, end) -> {key: {deputy id: n}}
    batch: Callable | None = None
    # Counts that add up month by month are kept as rollups (deputies/rollups.py); a count by a
    # project's year is not, and is counted from its records.
    monthly: bool = True
    # (first day, last day) -> {team: number of records}, a team being the sorted ids of the
    # deputies who took part in a record, () for none: for tables that count a record once per
    # row however many of the row's people took part (rolled up as TeamCount).
    teams: Callable[[date, date], dict[tuple[int, ...], int]] | None = None
    # Sources whose teams one query counts together share it: (first, last) -> {key: {team: n}}
    teams_batch: Callable | None = None


SOURCES: dict[str, DutySource] = {}


def register(*sources: DutySource) -> None:
    for source in sources:
        SOURCES[source.key] = source


def grouped(
    queryset: QuerySet, deputy_field: str, ids: Iterable[int] | None, value: str | None = None, distinct: bool = False
) -> dict[int, int]:
    """{deputy id: count (or sum of ``value``)} of ``queryset``, grouped by ``deputy_field`` in the database.

    ``distinct`` only where a join can repeat a row: COUNT(DISTINCT) costs much more over a million rows.
    """
    if ids is not None:
        queryset = queryset.filter(**{f"{deputy_field}__in": list(ids)})
    aggregate = Sum(value) if value else Count("pk", distinct=distinct)
    rows = queryset.values(deputy_field).annotate(n=aggregate).values_list(deputy_field, "n")
    return {deputy_id: n or 0 for deputy_id, n in rows if deputy_id is not None}


def teams(*pairs: QuerySet, weights: QuerySet | None = None) -> dict[tuple[int, ...], int]:
    """{team: number of records} from querysets of (record id, deputy id) pairs: each record's team
    is every deputy any of them names (a missing deputy, None, names nobody). With ``weights``, a
    queryset of (record id, number), each record counts its number instead of one. Works on any
    database; ``linked_teams`` does the same in one PostgreSQL query where the team is one link table."""
    members: dict[int, set[int]] = {}
    for queryset in pairs:
        for record, deputy in queryset.order_by().iterator(chunk_size=5000):
            people = members.setdefault(record, set())
            if deputy is not None:
                people.add(deputy)
    weight = dict(weights.order_by().iterator(chunk_size=5000)) if weights is not None else {}
    result: Counter = Counter()
    for record, people in members.items():
        result[tuple(sorted(people))] += (weight.get(record) or 0) if weights is not None else 1
    return {team: n for team, n in result.items() if n}


def linked_teams(
    records: QuerySet, links: QuerySet, link_to_record: str, measures: dict[str, Aggregate], *, record_ref: str = "pk"
) -> dict[str, dict[tuple[int, ...], int]]:
    """{measure: {team: value}}: ``records`` grouped by their team — the sorted deputies of their
    rows in ``links`` (a many-to-many's through table, with ``deputy_id``) whose ``link_to_record``
    is the record's ``record_ref`` — each measure an aggregate over the group's records. One query
    in PostgreSQL (the team spelt by string_agg in a subquery); elsewhere, counted in Python."""
    if connection.vendor != "postgresql":
        return _linked_teams_in_python(records, links, link_to_record, measures, record_ref)
    from django.contrib.postgres.aggregates import StringAgg

    team = Subquery(
        links.filter(**{link_to_record: OuterRef(record_ref)})
        .order_by()
        .values(link_to_record)
        .annotate(team=StringAgg(Cast("deputy_id", TextField()), ",", order_by="deputy_id", output_field=TextField()))
        .values("team")
    )
    rows = (
        records.order_by()
        .annotate(team=Coalesce(team, Value(""), output_field=TextField()))
        .values("team")
        .annotate(**measures)
    )
    result: dict[str, dict] = {key: {} for key in measures}
    for row in rows:
        key = tuple(map(int, row["team"].split(","))) if row["team"] else ()
        for measure in measures:
            if row[measure]:
                result[measure][key] = row[measure]
    return result


def _linked_teams_in_python(records, links, link_to_record, measures, record_ref) -> dict[str, dict]:
    """``linked_teams`` on SQLite: each record's team from its links, then each measure per team."""
    record_of = dict(records.order_by().values_list("pk", record_ref))
    team_of: dict = {}
    for target, deputy in links.filter(**{f"{link_to_record}__in": records.values(record_ref)}).values_list(
        link_to_record, "deputy_id"
    ):
        team_of.setdefault(target, set()).add(deputy)
    result: dict[str, dict] = {}
    for measure, aggregate in measures.items():
        per_team: Counter = Counter()
        values = dict(records.order_by().values("pk").annotate(v=aggregate).values_list("pk", "v"))
        for pk, target in record_of.items():
            per_team[tuple(sorted(team_of.get(target, ())))] += values.get(pk) or 0
        result[measure] = {team: n for team, n in per_team.items() if n}
    return result


def counts(key: str, ids: Iterable[int] | None, start: date, end: date) -> dict[int, int]:
    source = SOURCES.get(key)
    return source.counts(ids, start, end) if source else {}


# --- the 七个一 --------------------------------------------------------------------------------

# Each of the 七个一, the duty sources that measure it, and the field of its threshold.
SEVEN = [
    (SevenTask.CONTACTS, ["people_received"], "contacts"),
    (SevenTask.OPINIONS, ["opinions_collected"], "opinions"),
    (SevenTask.SUGGESTIONS, ["suggestions"], "suggestions"),
    (SevenTask.GOVERNANCE, ["governance"], "governance"),
    (SevenTask.PROBLEMS, ["problems_solved"], "problems"),
    (SevenTask.GOOD_DEEDS, ["good_deeds"], "good_deeds"),
    (SevenTask.SERIES, ["series", "station_activities"], "series"),
]


SEVEN_SOURCES = sorted({key for _task, keys, _threshold in SEVEN for key in keys})


def source_counts(keys: Iterable[str], ids: Iterable[int] | None, year: int) -> dict[str, dict[int, int]]:
    """Each source's per-deputy counts for the year (``ids`` None: everyone): the rolled-up ones in
    one query over the rollups, any other in a grouped query of its own."""
    from .rollups import read

    start, end = date(year, 1, 1), date(year, 12, 31)
    ids = list(ids) if ids is not None else None
    monthly = [key for key in keys if key in SOURCES and SOURCES[key].monthly]
    result = read(monthly, ids, start, end) if monthly else {}  # one query over the rollups for all
    for key in keys:
        if key not in result:
            result[key] = counts(key, ids, start, end)
    return result


def _seven_inputs(ids: list[int], year: int, per_source: dict | None):
    """What the 七个一 are judged on: each item's (task, source keys, threshold), the counts, and
    the (deputy, item) pairs staff confirmed. A fixed number of queries for any number of deputies."""
    from .models import SevenTaskConfirmation, SevenTaskThresholds

    thresholds = SevenTaskThresholds.current()
    plan = [(task, keys, getattr(thresholds, threshold_field)) for task, keys, threshold_field in SEVEN]
    per_source = per_source if per_source is not None else source_counts(SEVEN_SOURCES, ids, year)
    confirmations = SevenTaskConfirmation.objects.filter(year=year)
    if len(ids) < 1000:  # a short list filters in the database; for everyone, no IN list is cheaper
        confirmations = confirmations.filter(deputy_id__in=ids)
    confirmed = set(confirmations.values_list("deputy_id", "item"))
    return plan, per_source, confirmed


def _done(value: int, threshold: int, is_confirmed: bool) -> bool:
    """An item is done when staff confirmed it or the records reach its threshold (at least one)."""
    return is_confirmed or value >= max(threshold, 1)


def seven_tasks(ids: Iterable[int], year: int, per_source: dict | None = None) -> dict[int, list[dict]]:
    """Per deputy, the year's seven items: measured value, threshold, confirmed by staff, done.

    A fixed number of queries whatever the number of deputies: one grouped query per source (or
    none, given ``per_source`` from ``source_counts``), one for the thresholds, one for confirmations.
    """
    ids = list(ids)
    plan, per_source, confirmed = _seven_inputs(ids, year, per_source)
    result = {}
    for deputy_id in ids:
        items = []
        for task, keys, threshold in plan:
            value = sum(per_source[k].get(deputy_id, 0) for k in keys)
            is_confirmed = (deputy_id, task.value) in confirmed
            items.append(
                {
                    "key": task.value,
                    "label": task.label,
                    "value": value,
                    "threshold": threshold,
                    "confirmed": is_confirmed,
                    "done": _done(value, threshold, is_confirmed),
                }
            )
        result[deputy_id] = items
    return result


def complete_seven(ids: Iterable[int], year: int, per_source: dict | None = None) -> set[int]:
    """The deputies among ``ids`` with all seven items done (as ``seven_tasks`` judges them),
    without building every item: the dashboard asks it of everyone."""
    ids = list(ids)
    plan, per_source, confirmed = _seven_inputs(ids, year, per_source)
    return {
        deputy_id
        for deputy_id in ids
        if all(
            _done(sum(per_source[k].get(deputy_id, 0) for k in keys), threshold, (deputy_id, task.value) in confirmed)
            for task, keys, threshold in plan
        )
    }


def archive(deputy, year: int) -> list[dict]:
    """The deputy's duty archive (履职档案) for a year: every source's count and records."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    per_source = source_counts(SOURCES, [deputy.pk], year)
    return [
        {
            "key": source.key,
            "label": source.label,
            "count": per_source[source.key].get(deputy.pk, 0),
            "records": source.records(deputy, start, end),
        }
        for source in SOURCES.values()
    ]


# --- this app's own sources --------------------------------------------------------------------


def _activities(kinds: list[str] | None = None):
    from .models import DutyActivity

    qs = DutyActivity.objects.all()
    return qs.filter(kind__in=kinds) if kinds else qs


def _activity_source(key: str, label, kinds: list[str] | None = None) -> DutySource:
    def count(ids, start, end):
        return grouped(_activities(kinds).filter(between("date", start, end)), "attendees", ids)

    def records(deputy, start, end):
        rows = _activities(kinds).filter(between("date", start, end), attendees=deputy).order_by("-date")
        return [DutyRecord(a.date, a.get_kind_display(), a.title) for a in rows]

    return DutySource(key, label, count, records)


def _duty_reports_count(ids, start, end):
    from .models import DutyReport

    return grouped(DutyReport.objects.filter(between("date", start, end)), "deputy", ids)


def _duty_reports_records(deputy, start, end):
    from .selectors import voters_verdict, with_voter_ratings

    reports = with_voter_ratings(deputy.duty_reports.filter(between("date", start, end))).order_by("-date")
    return [
        DutyRecord(r.date, str(_("duty report (述职)")), f"{r.audience} · {voters_verdict(r)}", r.get_absolute_url())
        for r in reports
    ]


def _firms_count(ids, start, end):
    from .models import DutyActivity

    return grouped(DutyActivity.objects.filter(between("date", start, end)), "attendees", ids, value="firms_visited")


def register_own_sources() -> None:
    from .models import DutyActivity, DutyReport
    from .rollups import track

    track(DutyActivity, lambda activity: [activity.date], m2m=["attendees"])
    track(DutyReport, lambda report: [report.date])
    K = DutyActivity.Kind
    register(
        _activity_source("duty_activities", _("duty activities")),
        _activity_source("governance", _("grassroots governance"), [K.GOVERNANCE]),
        _activity_source("good_deeds", _("good deeds"), [K.GOOD_DEED]),
        _activity_source("series", _("the committee's series of activities"), [K.SERIES]),
        DutySource("firms_visited", _("firms visited"), _firms_count),
        DutySource("duty_reports", _("duty reports (述职)"), _duty_reports_count, _duty_reports_records),
    )

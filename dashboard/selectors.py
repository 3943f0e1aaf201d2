"""Reads across every app: the staff dashboard (duty work per level, group and sub-district, and the
committee's headline totals) and the registry totals on staff's home.

Every figure counts records by the definitions the registers, the archive and the monthly
statistics use (``liaison.selectors.receptions_between`` and the like). A table row counts each
record once however many of the row's people took part in it, and each table ends with the whole
zone's row, which equals the headline.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from common.dates import between
from deputies.duty import SEVEN_SOURCES, complete_seven, seven_tasks, source_counts
from deputies.models import Deputy, DeputyGroup, DutyActivity, Level
from deputies.rollups import read_teams
from liaison.models import Opinion, Reception, Station, StationMember, SubDistrict
from liaison.rhythm import six_tasks
from liaison.selectors import citizens_unsatisfied_q, opinion_solved_q, opinions_between, receptions_between
from supervision.models import Department, SupervisionItem
from supervision.selectors import overdue_q, suggestions_between, waiting_q

COUNCIL = "council"  # the level table's row of council members, who sit at no congress level
TOTAL = "total"

# How each table finds a row's people from a record's person: the path from Deputy to the row's key.
PATHS = {
    "level": "levels",
    "group": "deputy_groups",
    "sub_district": "station_membership__station__sub_district",
}


def headline_totals(year: int, teams: dict | None = None) -> dict:
    """What the committee reports: receptions and people received, firms visited, issues collected
    (at receptions and online) and solved. Receptions and people are the sums of the year's teams
    (``read_teams``, given or read here): every reception, received by anyone or by nobody."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    teams = teams or read_teams(("receptions", "people_received"), start, end)
    receptions = {
        key: sum(teams[source].values())
        for key, source in (("receptions", "receptions"), ("people", "people_received"))
    }
    opinions = opinions_between(start, end)
    collected = opinions.aggregate(
        collected=Count("pk"),
        at_receptions=Count("pk", filter=Q(reception__isnull=False)),
        online=Count("pk", filter=Q(source=Opinion.Source.ONLINE)),
    )
    return {
        "receptions": receptions["receptions"],
        "people": receptions["people"],
        "firms": DutyActivity.objects.filter(between("date", start, end)).aggregate(n=Sum("firms_visited"))["n"] or 0,
        **collected,
        "solved": opinions.filter(opinion_solved_q()).distinct().count(),
    }


# The measures of every table: each source's records, once per row however many of the row's people
# took part (TeamCount rollups), and the whole zone's total of each.
MEASURES = ("receptions", "opinions_collected", "suggestions")
TEAMED = (*MEASURES, "people_received")  # and for the headline


def _measures(teams: dict[str, dict[tuple[int, ...], int]], keys_of: dict[int, set]) -> dict[str, dict]:
    """Per row key of a table, and for TOTAL: receptions taken part in, opinions collected at them,
    and suggestions led or co-signed, from the year's teams. A team counts in every row one of its
    people is in today, once. A record nobody was recorded taking part in counts in the whole
    zone's row only, which equals the headline."""
    result: dict[str, dict] = {measure: defaultdict(int) for measure in MEASURES}
    rows_of: dict[tuple[int, ...], frozenset] = {}  # each team's rows, worked out once for all measures
    for measure in MEASURES:
        per_key = result[measure]
        for team, n in teams[measure].items():
            rows = rows_of.get(team)
            if rows is None:
                rows = rows_of[team] = frozenset(key for deputy in team for key in keys_of.get(deputy, ()))
            for key in rows:
                per_key[key] += n
        per_key[TOTAL] = sum(teams[measure].values())  # every record, received by anyone or nobody
    return result


def _row_labels(table: str) -> dict:
    """A table's rows in the registry's order, with the whole zone last (and council members in
    the level table)."""
    if table == "level":
        labels = {level.pk: str(level) for level in Level.objects.order_by("rank")}
        labels[COUNCIL] = str(Deputy.Kind.COUNCIL_MEMBER.label)
    elif table == "group":
        labels = dict(DeputyGroup.objects.order_by("kind", "name").values_list("pk", "name"))
    else:
        labels = dict(SubDistrict.objects.order_by("order", "name").values_list("pk", "name"))
    labels[TOTAL] = _("whole zone")
    return labels


def _memberships(table: str) -> tuple[dict, dict[int, set]]:
    """The row labels, and the rows of each person (active or not: a record of someone who has
    since left still counts)."""
    keys_of: dict[int, set] = defaultdict(set)
    if table == "level":
        for pk, key, kind in Deputy.objects.values_list("pk", "levels", "kind"):
            if key is not None:
                keys_of[pk].add(key)
            if kind == Deputy.Kind.COUNCIL_MEMBER:
                keys_of[pk].add(COUNCIL)
    elif table == "group":
        for key, pk in DeputyGroup.members.through.objects.values_list("deputygroup_id", "deputy_id"):
            keys_of[pk].add(key)
    else:
        for key, pk in StationMember.objects.filter(station__sub_district__isnull=False).values_list(
            "station__sub_district", "deputy_id"
        ):
            keys_of[pk].add(key)
    return _row_labels(table), keys_of


def dashboard(year: int) -> dict:
    """Per level (council members as their own row), group and sub-district: people, receptions,
    opinions collected, suggestions, and how many did all seven of the 七个一 — and the headline.
    A fixed number of grouped queries for any number of people or records."""
    teams = read_teams(TEAMED, date(year, 1, 1), date(year, 12, 31))
    ids = list(Deputy.objects.filter(is_active=True).values_list("pk", flat=True))
    active = set(ids)
    per_source = source_counts(SEVEN_SOURCES, None, year)
    complete = complete_seven(ids, year, per_source)
    tables = {}
    for table in PATHS:
        labels, keys_of = _memberships(table)
        members: dict = defaultdict(list)
        for pk, keys in keys_of.items():
            if pk in active:
                for key in keys:
                    members[key].append(pk)
        members[TOTAL] = ids
        measures = _measures(teams, keys_of)
        rows = []
        for key, label in labels.items():
            people = members.get(key, [])
            if not people and key not in (TOTAL, COUNCIL) and not any(measures[m].get(key) for m in measures):
                continue
            done = sum(1 for d in people if d in complete)
            rows.append(
                {
                    "name": label,
                    "key": key,
                    "is_total": key == TOTAL,
                    "deputies": len(people),
                    **{measure: counts.get(key, 0) for measure, counts in measures.items()},
                    "complete": done,
                    "rate": round(100 * done / len(people)) if people else 0,
                }
            )
        tables[table] = rows
    return {
        "tables": tables,
        "deputies": len(ids),
        "complete": len(complete),
        "totals": headline_totals(year, teams),
    }


def registry_totals() -> dict:
    """Headline counts of the registry for staff, each one aggregate query."""
    deputies = Deputy.objects.aggregate(
        deputies=Count("pk", filter=Q(kind=Deputy.Kind.DEPUTY, is_active=True)),
        council_members=Count("pk", filter=Q(kind=Deputy.Kind.COUNCIL_MEMBER, is_active=True)),
    )
    stations = Station.objects.aggregate(
        homes=Count("pk", filter=~Q(kind=Station.Kind.STATION) & Q(is_active=True)),
        stations=Count("pk", filter=Q(kind=Station.Kind.STATION, is_active=True)),
    )
    departments = Department.objects.filter(is_active=True).count()
    # Small counts, each served by the (state, deadline) index, beat one pass over every item.
    items = {
        "to_assign": SupervisionItem.objects.filter(waiting_q("assign")).count(),
        "to_hand_over": SupervisionItem.objects.filter(waiting_q("handover")).count(),
        "to_rate": SupervisionItem.objects.filter(waiting_q("committee_rating")).count(),
        "overdue": SupervisionItem.objects.filter(overdue_q()).count(),
        "new_opinions": Opinion.objects.filter(state=Opinion.State.NEW).count(),
        "unsatisfied_citizens": Opinion.objects.filter(citizens_unsatisfied_q()).count(),
    }
    return {**deputies, **stations, **items, "departments": departments}


def stations_missing_six(rhythm, today, limit: int = 20) -> tuple[list[dict], int]:
    """The active stations that missed a period of the 六个一 in the rhythm's year (up to ``today``),
    most missed first, at most ``limit`` of them, and how many there are in all: the dashboard's
    overdue list (two grouped queries for every station)."""
    stations = {s.pk: s for s in Station.objects.filter(is_active=True).only("pk", "name")}
    six = six_tasks(list(stations), rhythm.year, today, rhythm)
    rows = [
        {"station": stations[pk], "missed": result["missed"], "tasks": result["tasks"]}
        for pk, result in six.items()
        if result["missed"]
    ]
    rows.sort(key=lambda r: (-r["missed"], r["station"].name))
    return rows[:limit], len(rows)


def _row_q(table: str, key, prefix: str) -> Q | None:
    """Who a dashboard row is, as a filter on ``prefix`` (a path to a receiver of a reception)."""
    if key == TOTAL:
        return None
    if table == "level" and key == COUNCIL:
        return Q(**{f"{prefix}kind": Deputy.Kind.COUNCIL_MEMBER})
    return Q(**{f"{prefix}{PATHS[table]}": key})


def receptions_behind(table: str, key, year: int):
    """The receptions a dashboard row's "receptions" figure counts: in the year, taken part in by one
    of the row's people (the same definition as ``_measures``: each reception once)."""
    receptions = receptions_between(date(year, 1, 1), date(year, 12, 31))
    who = _row_q(table, key, "deputy__")
    if who is not None:
        takers = Reception.receivers.through.objects.filter(who, reception_id=OuterRef("pk"))
        receptions = receptions.filter(Exists(takers))
    return receptions.select_related("station").order_by("-date", "-pk")


def opinions_behind(table: str, key, year: int):
    """The opinions a row's "opinions collected" figure counts: raised in the year at a reception
    one of the row's people took part in."""
    opinions = opinions_between(date(year, 1, 1), date(year, 12, 31)).filter(reception__isnull=False)
    who = _row_q(table, key, "deputy__")
    if who is not None:
        takers = Reception.receivers.through.objects.filter(who, reception_id=OuterRef("reception_id"))
        opinions = opinions.filter(Exists(takers))
    return opinions.select_related("station").order_by("-date", "-pk")


def row_name(table: str, key) -> str:
    """The row's label, as its table shows it (LookupError for a row that is not there)."""
    return _row_labels(table)[key]


def suggestions_behind(table: str, key, year: int):
    """The suggestions a row's "suggestions" figure counts: filed in the year, led or co-signed by
    one of the row's people (each suggestion once)."""
    items = suggestions_between(date(year, 1, 1), date(year, 12, 31))
    who = _row_q(table, key, "")
    if who is not None:
        people = Deputy.objects.filter(who).values("pk")
        items = items.filter(Q(lead_deputy__in=people) | Q(co_signers__in=people)).distinct()
    return items.select_related("lead_deputy").order_by("-submitted_at", "-pk")


def people_behind(table: str, key, year: int, *, complete_only: bool = False) -> tuple[list[int], dict]:
    """The active people a row's "people" figure counts, in the registry's order, and each one's
    七个一 for the year (``complete_only``: those the "七个一 complete" figure counts). A fixed number
    of queries for any number of people."""
    deputies = Deputy.objects.filter(is_active=True)
    who = _row_q(table, key, "")
    if who is not None:
        deputies = deputies.filter(pk__in=Deputy.objects.filter(who).values("pk"))
    ids = list(deputies.values_list("pk", flat=True))
    seven = seven_tasks(ids, year)
    if complete_only:
        ids = [pk for pk in ids if all(item["done"] for item in seven[pk])]
    return ids, seven

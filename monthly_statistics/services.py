"""Making the monthly statistics report: a fixed number of grouped queries for any number of stations,
stored in one transaction, then staff are told (and e-mailed) once."""

from collections import defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from common.dates import between, month_bounds, previous_month
from liaison.models import Reception, ReceptionShift, Station
from liaison.selectors import opinions_between, receptions_between
from livelihood.models import CardRating, MonthlyReport, Project
from notifications.events import Event
from notifications.services import notify

from .models import MonthlyStatistics


def _empty() -> dict:
    return {
        "receptions": {"total": 0, "people": 0, "by_channel": {}, "by_category": {}},
        "opinions": {"total": 0, "by_state": {}},
        "shifts": {"total": 0, "kept": 0, "missed": 0},
    }


def reception_figures(first: date, last: date, *, portable: bool = False) -> list[tuple]:
    """The month's receptions (``receptions_between``) per station and channel, with the people
    received, and per station and category: rows of (station, channel, None, n, people) and
    (station, None, category, n, None). One pass over the receptions: PostgreSQL's GROUPING SETS
    (the ORM has no grouping sets); elsewhere, or ``portable``, grouped by all three and split here."""
    receptions = receptions_between(first, last).order_by().values("station_id", "channel", "category", "visitor_count")
    if connection.vendor == "postgresql" and not portable:
        sql, params = receptions.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT station_id, CASE WHEN GROUPING(category) = 1 THEN channel END,"
                " CASE WHEN GROUPING(channel) = 1 THEN category END, count(*),"
                " CASE WHEN GROUPING(category) = 1 THEN sum(visitor_count) END"
                f" FROM ({sql}) AS r GROUP BY GROUPING SETS ((station_id, channel), (station_id, category))",
                params,
            )
            return cursor.fetchall()
    rows = []
    by_all = receptions.values_list("station_id", "channel", "category").annotate(
        n=Count("pk"), people=Sum("visitor_count")
    )
    for station, channel, category, n, people in by_all:
        rows += [(station, channel, None, n, people), (station, None, category, n, None)]
    return rows


def compute(month: date) -> tuple[dict, dict[int, dict]]:
    """The zone's figures and each station's for ``month``: receptions by channel and category,
    opinions received and their state, shifts kept (a reception was logged in them) or missed, and,
    for the zone, project reports in, late and missing, and cards given."""
    first, last = month_bounds(month)
    stations: dict[int, dict] = defaultdict(_empty)
    # Active stations always get a report, even an empty one: "nothing happened" is a figure too.
    for pk in Station.objects.filter(is_active=True).values_list("pk", flat=True):
        stations[pk]
    for station, channel, category, n, people in reception_figures(first, last):
        r = stations[station]["receptions"]
        if channel is not None:
            r["by_channel"][channel] = r["by_channel"].get(channel, 0) + n
            r["total"] += n
            r["people"] += people or 0
        if category is not None:
            r["by_category"][category] = r["by_category"].get(category, 0) + n
    opinions = opinions_between(first, last)
    for row in opinions.values("station_id", "state").annotate(n=Count("pk")):
        o = stations[row["station_id"]]["opinions"]
        o["by_state"][row["state"]] = row["n"]
        o["total"] += row["n"]
    shifts = ReceptionShift.objects.filter(date__gte=first, date__lte=last).annotate(
        kept=Exists(Reception.objects.filter(shift=OuterRef("pk")))
    )
    for row in shifts.values("station_id", "kept").annotate(n=Count("pk")):
        s = stations[row["station_id"]]["shifts"]
        s["kept" if row["kept"] else "missed"] += row["n"]
        s["total"] += row["n"]

    total = _empty()
    for figures in stations.values():
        for section in ("receptions", "opinions", "shifts"):
            _add(total[section], figures[section])
    total["projects"] = _projects(month)
    total["cards"] = dict(
        CardRating.objects.filter(between("rated_at", first, last, moments=True))
        .values_list("colour")
        .annotate(n=Count("pk"))
        .values_list("colour", "n")
    )
    return total, dict(stations)


def _add(into: dict, figures: dict) -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            for k, n in value.items():
                into[key][k] = into[key].get(k, 0) + n
        else:
            into[key] += value


def _projects(month: date) -> dict:
    """Reports of the month's projects: every project of the year with a claimer owes one report."""
    expected = Project.objects.filter(year=month.year, claims__isnull=False).distinct()
    reports = MonthlyReport.objects.filter(month=month, project__in=expected).aggregate(
        filed=Count("pk"), late=Count("pk", filter=Q(is_late=True))
    )
    owed = expected.count()
    return {"expected": owed, "filed": reports["filed"], "late": reports["late"], "missing": owed - reports["filed"]}


@transaction.atomic
def statistics_make(month: date) -> bool:
    """Store the report of ``month`` (zone and every station) unless it exists; True if made now.

    All rows are written in one transaction: a worker killed halfway leaves nothing, and the next
    run makes the whole report. Two runs at once: the zone row's unique constraint makes the second
    wait for the first and then find its row, so it adds nothing."""
    month = month.replace(day=1)
    if MonthlyStatistics.objects.filter(month=month, station=None).exists():
        return False
    total, stations = compute(month)
    _zone, created = MonthlyStatistics.objects.get_or_create(month=month, station=None, defaults={"data": total})
    if not created:
        return False
    MonthlyStatistics.objects.bulk_create(
        [MonthlyStatistics(month=month, station_id=pk, data=figures) for pk, figures in stations.items()],
        batch_size=500,
    )
    return True


def summary(figures: dict) -> str:
    """The report's headline in one sentence, for the e-mail and the list."""
    r, o, s = figures["receptions"], figures["opinions"], figures["shifts"]
    text = _(
        "%(receptions)s receptions (%(people)s people), %(opinions)s opinions, "
        "%(kept)s shifts kept and %(missed)s missed."
    ) % {
        "receptions": r["total"],
        "people": r["people"],
        "opinions": o["total"],
        "kept": s["kept"],
        "missed": s["missed"],
    }
    if "projects" in figures:
        p = figures["projects"]
        text += " " + _("Project reports: %(filed)s in (%(late)s late), %(missing)s missing.") % p
    return text


def statistics_announce(month: date) -> int:
    """Tell every member of staff, once per month, that the report is ready (and e-mail them)."""
    zone = MonthlyStatistics.objects.filter(month=month, station=None).first()
    if zone is None:
        return 0
    key = f"statistics:{month:%Y-%m}"
    staff = get_user_model().committee_staff().exclude(notifications__key=key)
    title = _("The statistics report of %(month)s is ready") % {"month": f"{month:%Y-%m}"}
    sent = 0
    for user in staff:
        sent += bool(
            notify(
                user=user,
                key=key,
                title=title,
                body=summary(zone.data),
                url=reverse("monthly_statistics:month", args=[f"{month:%Y-%m}"]),
                event=Event.STATISTICS,
            )
        )
    return sent


def statistics_publish(month: date) -> bool:
    """Make the report of ``month`` if it is not there yet and tell staff who were not told yet; True
    if made now. Safe to run any number of times: the report exists once per month, the notice once
    per person and month."""
    made = statistics_make(month)
    statistics_announce(month)
    return made


def statistics_due(today: date) -> bool:
    """Run daily: last month's report, so a 1st missed while beat was down is caught up the next day."""
    return statistics_publish(previous_month(today))

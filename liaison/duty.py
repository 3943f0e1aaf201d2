"""Liaison's part of a deputy's duty record: people received, opinions collected and solved, activities."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.dates import between
from deputies.duty import DutyRecord, DutySource, grouped, linked_teams, register
from deputies.rollups import also_keep, track

from .models import Activity, Opinion, Reception
from .selectors import opinion_solved_q, opinions_between, receptions_between


def _receptions(start, end):
    return receptions_between(start, end)


def _opinions(start, end):
    """Opinions a deputy collected: raised at a reception they took part in, in the period."""
    return opinions_between(start, end).filter(reception__isnull=False)


def _solved(start, end):
    return _opinions(start, end).filter(opinion_solved_q())


def _reception_records(deputy, start, end):
    rows = _receptions(start, end).filter(receivers=deputy).order_by("-date").only("pk", "date", "category", "content")
    return [
        DutyRecord(r.date, r.get_category_display(), r.content[:60], reverse("liaison:reception_detail", args=[r.pk]))
        for r in rows
    ]


def _opinion_records(deputy, start, end):
    rows = _opinions(start, end).filter(reception__receivers=deputy).order_by("-date", "-pk")
    return [
        DutyRecord(o.date, o.get_state_display(), o.content[:60], reverse("liaison:opinion_detail", args=[o.pk]))
        for o in rows
    ]


def _activity_records(deputy, start, end):
    rows = (
        Activity.objects.filter(between("date", start, end), attendees=deputy)
        .select_related("station")
        .order_by("-date")
    )
    return [DutyRecord(a.date, a.get_kind_display(), f"{a.title}（{a.station.name}）") for a in rows]


def _reception_stats(ids, start, end) -> dict[str, dict[int, int]]:
    """Receptions and people received per deputy in one pass over the receivers table."""
    rows = Reception.receivers.through.objects.filter(between("reception__date", start, end))
    if ids is not None:
        rows = rows.filter(deputy_id__in=list(ids))
    stats = rows.values("deputy_id").annotate(n=Count("pk"), people=Sum("reception__visitor_count"))
    return {
        "receptions": {r["deputy_id"]: r["n"] for r in stats},
        "people_received": {r["deputy_id"]: r["people"] or 0 for r in stats},
    }


def _reception_teams(start, end) -> dict[str, dict]:
    """Receptions and people received per team of receivers, in one query."""
    return linked_teams(
        _receptions(start, end),
        Reception.receivers.through.objects,
        "reception_id",
        {"receptions": Count("pk"), "people_received": Sum("visitor_count")},
    )


def _reception_months(reception):
    """A reception's day, and the days of the opinions raised at it (counted for its receivers)."""
    days = [reception.date]
    if reception.pk:
        days += Opinion.objects.filter(reception_id=reception.pk).values_list("date", flat=True).distinct()
    return days


def _item_months(item):
    """An item handed on from a citizen's opinion: closing it solves the opinion (opinion_solved_q)."""
    if item.source_object_id is None or item.source_content_type_id != ContentType.objects.get_for_model(Opinion).pk:
        return []
    return Opinion.objects.filter(pk=item.source_object_id).values_list("date", flat=True)


def register_sources() -> None:
    from supervision.models import SupervisionItem

    from .rhythm import ROLLUP

    also_keep(ROLLUP)  # the 六个一's counts per station and month, in step with the same marks
    track(Reception, _reception_months, m2m=["receivers"])
    track(Opinion, lambda opinion: [opinion.date])
    track(Activity, lambda activity: [activity.date], m2m=["attendees"])
    track(SupervisionItem, _item_months)
    register(
        DutySource(
            "people_received",
            _("people received"),
            lambda ids, start, end: _reception_stats(ids, start, end)["people_received"],
            batch=_reception_stats,
            teams=lambda start, end: _reception_teams(start, end)["people_received"],
            teams_batch=_reception_teams,
        ),
        DutySource(
            "receptions",
            _("receptions"),
            lambda ids, start, end: _reception_stats(ids, start, end)["receptions"],
            _reception_records,
            batch=_reception_stats,
            teams=lambda start, end: _reception_teams(start, end)["receptions"],
            teams_batch=_reception_teams,
        ),
        DutySource(
            "opinions_collected",
            _("opinions collected"),
            lambda ids, start, end: grouped(_opinions(start, end), "reception__receivers", ids),
            _opinion_records,
            teams=lambda start, end: linked_teams(
                _opinions(start, end),
                Reception.receivers.through.objects,
                "reception_id",
                {"n": Count("pk")},
                record_ref="reception_id",
            )["n"],
        ),
        DutySource(
            "problems_solved",
            _("problems solved"),
            lambda ids, start, end: grouped(_solved(start, end), "reception__receivers", ids, distinct=True),
        ),
        DutySource(
            "station_activities",
            _("station activities"),
            lambda ids, start, end: grouped(Activity.objects.filter(between("date", start, end)), "attendees", ids),
            _activity_records,
        ),
    )

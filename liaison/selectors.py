"""Reads of stations, shifts, receptions and opinions, with their joins."""

from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from common.choices import SatisfactionRating
from common.dates import between, month_bounds
from common.search import search
from deputies.models import Deputy, DutyReport
from deputies.selectors import with_voter_ratings
from supervision.models import ItemReply, SupervisionItem

from .models import (
    Activity,
    Category,
    Opinion,
    Reception,
    ReceptionShift,
    ShiftAssignment,
    ShiftSwap,
    SpecialReport,
    Station,
    tracking_digests,
)

# --- what counts in a period: one definition, read by the registers, the pack, the archive, the
# dashboard and the monthly statistics alike --------------------------------------------------


def receptions_between(start: date, end: date) -> QuerySet[Reception]:
    """Receptions held from ``start`` to ``end`` (both included), by the day they took place."""
    return Reception.objects.filter(between("date", start, end))


def opinions_between(start: date, end: date) -> QuerySet[Opinion]:
    """Opinions raised from ``start`` to ``end``: at a reception on that day, or submitted online that day."""
    return Opinion.objects.filter(between("date", start, end))


def opinion_solved_q() -> Q:
    """Solved: answered at the station, or forwarded and closed by the department."""
    return Q(state=Opinion.State.RESOLVED) | Q(items__state=SupervisionItem.State.CLOSED)


def opinion_open_q() -> Q:
    """Not answered yet: new, accepted, or forwarded and not closed."""
    return Q(state__in=[Opinion.State.NEW, Opinion.State.ACCEPTED]) | (
        Q(state=Opinion.State.FORWARDED) & ~Q(items__state=SupervisionItem.State.CLOSED)
    )


def station_of(deputy: Deputy) -> Station | None:
    """The deputy's home station with its sub-district, or None."""
    return Station.objects.select_related("sub_district").filter(members__deputy=deputy).first()


def stations_public() -> QuerySet[Station]:
    """Open Homes and stations with their sub-district, as the public sees them."""
    return Station.objects.filter(is_active=True).select_related("sub_district").order_by("order", "name")


def shifts_ahead(station: Station, weeks: int = 4) -> QuerySet[ReceptionShift]:
    """The station's shifts from today for ``weeks`` weeks, with who is on duty."""
    today = timezone.localdate()
    return (
        ReceptionShift.objects.filter(station=station, date__gte=today, date__lt=today + timedelta(weeks=weeks))
        .prefetch_related(Prefetch("assignments", queryset=ShiftAssignment.objects.select_related("deputy")))
        .order_by("date")
    )


def shifts_between(station: Station, start: date, end: date) -> QuerySet[ReceptionShift]:
    """The station's shifts from ``start`` to ``end``, with who is on duty (the rota's notice)."""
    return (
        ReceptionShift.objects.filter(between("date", start, end), station=station)
        .prefetch_related(Prefetch("assignments", queryset=ShiftAssignment.objects.select_related("deputy")))
        .order_by("date")
    )


def stations_kept_by(user) -> QuerySet[Station]:
    """The stations whose archive a station manager keeps."""
    return user.managed_stations.filter(is_active=True).order_by("order", "name")


def assignments_of(deputy: Deputy, *, upcoming: bool = True) -> QuerySet[ShiftAssignment]:
    today = timezone.localdate()
    qs = ShiftAssignment.objects.filter(deputy=deputy).select_related("shift__station")
    return qs.filter(shift__date__gte=today).order_by("shift__date") if upcoming else qs.order_by("-shift__date")


def todays_shift(deputy: Deputy) -> ReceptionShift | None:
    return (
        ReceptionShift.objects.filter(assignments__deputy=deputy, date=timezone.localdate())
        .select_related("station")
        .first()
    )


def swaps_of(deputy: Deputy) -> QuerySet[ShiftSwap]:
    """Pending swap requests the deputy made or was asked."""
    return (
        ShiftSwap.objects.filter(Q(requester=deputy) | Q(colleague=deputy), state=ShiftSwap.State.PENDING)
        .select_related("assignment__shift__station", "requester", "colleague", "in_return__shift")
        .order_by("assignment__shift__date")
    )


def receptions_visible_to(user) -> QuerySet[Reception]:
    """Staff see every reception; a deputy those they logged or took part in."""
    if user.is_committee_staff:
        return Reception.objects.all()
    return Reception.objects.filter(receivers__user=user).distinct()


def reception_list(queryset: QuerySet[Reception]) -> QuerySet[Reception]:
    """The list's rows with their opinions counted: a subquery per row shown, not a join and GROUP BY
    over every reception before the page is cut (5 s over a million receptions)."""
    opinions = (
        Opinion.objects.filter(reception=OuterRef("pk"))
        .order_by()
        .values("reception")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.select_related("station", "logged_by").annotate(n_opinions=Coalesce(Subquery(opinions), 0))


def reception_detail(queryset: QuerySet[Reception], pk: int) -> Reception:
    return (
        queryset.select_related("station", "logged_by", "shift")
        .prefetch_related("receivers", Prefetch("opinions", queryset=Opinion.objects.prefetch_related("items")))
        .get(pk=pk)
    )


def _names_only(relation: str) -> Prefetch:
    """Deputies with only their names, into a plain list ``<relation>_names`` (a register month can
    hold thousands of rows, and a list costs nothing per row where ``.all()`` builds a queryset)."""
    return Prefetch(
        relation, queryset=Deputy.objects.only("pk", "name", "user_id"), to_attr=f"{relation.rsplit('__', 1)[-1]}_names"
    )


def register_activities(station: Station, start=None, end=None, deputy=None) -> QuerySet[Activity]:
    qs = Activity.objects.filter(between("date", start, end), station=station)
    if deputy:
        qs = qs.filter(attendees=deputy)
    return (
        qs.only("pk", "date", "kind", "title", "summary")
        .prefetch_related(_names_only("attendees"))
        .order_by("date", "pk")
    )


def register_contacts(station: Station, start=None, end=None, deputy=None) -> QuerySet[Reception]:
    qs = Reception.objects.filter(between("date", start, end), station=station)
    if deputy:
        qs = qs.filter(receivers=deputy)
    return (
        qs.only("pk", "date", "channel", "category", "visitor_name", "visitor_count", "content", "action_taken")
        .prefetch_related(_names_only("receivers"))
        .annotate(n_opinions=Count("opinions"))
        .order_by("date", "pk")
    )


def register_duty_reports(station: Station, start=None, end=None, deputy=None) -> QuerySet[DutyReport]:
    """述职 of the deputies who sit at this station."""
    qs = DutyReport.objects.filter(between("date", start, end), deputy__station_membership__station=station)
    if deputy:
        qs = qs.filter(deputy=deputy)
    return with_voter_ratings(qs.select_related("deputy")).order_by("date", "pk")


def _opinion_joins(qs: QuerySet[Opinion]) -> QuerySet[Opinion]:
    items = SupervisionItem.objects.select_related("lead_department").prefetch_related(
        Prefetch("replies", queryset=ItemReply.objects.order_by("round"))
    )
    return qs.select_related("reception").prefetch_related(
        _names_only("reception__receivers"), Prefetch("items", queryset=items)
    )


def register_opinions(station: Station, start=None, end=None, deputy=None) -> QuerySet[Opinion]:
    qs = Opinion.objects.filter(between("date", start, end), station=station)
    if deputy:
        qs = qs.filter(reception__receivers=deputy)
    return _opinion_joins(qs).order_by("date", "created_at", "pk")


def opinion_list(queryset: QuerySet[Opinion]) -> QuerySet[Opinion]:
    return _opinion_joins(queryset.select_related("station")).order_by("-created_at", "-pk")


def opinion_inbox(filters: dict) -> QuerySet[Opinion]:
    """Staff's inbox: every opinion, newest first (best match first when searching), narrowed by
    words, state, sub-district, station, period, and to those whose citizen is not satisfied."""
    filters = dict(filters)
    opinions = (
        Opinion.objects.filter(citizens_unsatisfied_q()) if filters.pop("unsatisfied", False) else Opinion.objects
    )
    words, start, end = filters.pop("q", ""), filters.pop("start", None), filters.pop("end", None)
    if "sub_district" in filters:
        filters["station__sub_district"] = filters.pop("sub_district")
    if start or end:
        opinions = opinions.filter(between("date", start, end))
    return search(opinion_list(opinions.filter(**filters)), words, Opinion.SEARCHED)


def opinion_detail_queryset() -> QuerySet[Opinion]:
    return opinion_list(Opinion.objects.all()).select_related("reception__logged_by")


def station_members(station: Station) -> QuerySet[Deputy]:
    return Deputy.objects.filter(station_membership__station=station).order_by("kind", "name")


def opinion_public_status(opinion: Opinion) -> dict:
    """What a citizen may see through the tracking code: state, answers, dates; never a name."""
    items = list(
        opinion.items.select_related("lead_department").prefetch_related(
            Prefetch(
                "replies",
                queryset=ItemReply.objects.only("item_id", "round", "content", "created_at").order_by("round"),
            )
        )
    )
    item = items[0] if items else None
    replies = list(item.replies.all()) if item else []
    # The citizen's timeline: when it was received, handed to a department, answered, rated, taken up again.
    steps = [{"at": opinion.created_at, "step": "received"}]
    if item is not None and item.assigned_at:
        steps.append({"at": item.assigned_at, "step": "forwarded", "department": item.lead_department.name})
    steps += [{"at": r.created_at, "step": "replied", "round": r.round} for r in replies]
    if opinion.resolved_at:  # the station answered it itself
        steps.append({"at": opinion.resolved_at, "step": "resolved"})
    if opinion.feedback_at:
        steps.append({"at": opinion.feedback_at, "step": "rated"})
    if opinion.reopened_at:
        steps.append({"at": opinion.reopened_at, "step": "reopened"})
    steps.sort(key=lambda s: s["at"])
    return {"opinion": opinion, "item": item, "replies": replies, "timeline": steps}


def receptions_by_category(rows: list[tuple]) -> list[tuple[str, list[tuple]]]:
    """The pack's receptions grouped under their category's label: [(label, [(day, names, content)])];
    ``rows`` come from ``month_receptions_rows``, ordered by category."""
    return [
        (Category(category).label, [(day, names, content) for _c, day, names, content in group])
        for category, group in groupby(rows, key=itemgetter(0))
    ]


def _short(text: str, length: int = 80) -> str:
    """``text`` cut to ``length`` characters with an ellipsis, as the template's truncatechars."""
    return text if len(text) <= length else text[: length - 1] + "…"


def consultation_lists_html(pack: dict) -> dict:
    """The pack's two long lists (a busy station's month: thousands of receptions and open opinions)
    as escaped HTML, each piece of user text escaped by format_html_join: the template engine's
    loop took a second for the 3,500 rows of the bench's busiest station-month."""
    states = dict(Opinion.State.choices)
    link = reverse("liaison:opinion_detail", args=[0]).removesuffix("0/")  # one reverse for every row
    opinions = format_html_join(
        "",
        '<li class="list-group-item small"><a href="{}{}/">{}</a> <span class="badge text-bg-secondary">{}</span></li>',
        (
            (link, pk, _short(content), states.get(state, state))
            for pk, content, state in pack["open_opinions"].values_list("pk", "content", "state")
        ),
    )
    receptions = [
        (
            label,
            format_html_join(
                "",
                "<li>{} {}：{}</li>",
                ((f"{day:%m-%d}", "、".join(names), _short(content)) for day, names, content in rows),
            ),
        )
        for label, rows in receptions_by_category(pack["receptions"])
    ]
    return {"open_opinions_html": opinions, "receptions_html": receptions}


def month_receptions_rows(receptions: QuerySet[Reception]) -> list[tuple]:
    """(category, date, receivers' names, content) per reception, by category then date, from two
    plain queries: the pack lists a whole month, and model instances would cost most of the page."""
    names: dict[int, list[str]] = {}
    through = Reception.receivers.through.objects.filter(reception__in=receptions).order_by("deputy__name")
    for reception_id, name in through.values_list("reception_id", "deputy__name"):
        names.setdefault(reception_id, []).append(name)
    rows = receptions.order_by("category", "date", "pk").values_list("pk", "category", "date", "content")
    return [(category, day, names.get(pk, []), content) for pk, category, day, content in rows]


def consultation_pack(station: Station, first: date, last: date) -> dict:
    """The month's receptions by category, the opinions still open, and who received."""
    receptions = receptions_between(first, last).filter(station=station)
    by_category = list(
        receptions.values("category").annotate(n=Count("pk"), people=Sum("visitor_count")).order_by("-n", "category")
    )
    open_opinions = (
        Opinion.objects.filter(station=station, date__lte=last)
        .filter(opinion_open_q())
        .distinct()
        .only("pk", "content", "state", "date")
        .order_by("date", "pk")
    )
    for row in by_category:
        row["label"] = Category(row["category"]).label
    receivers = (
        Deputy.objects.filter(receptions__in=receptions)
        .annotate(n=Count("receptions", filter=Q(receptions__in=receptions)))
        .order_by("-n", "name")
    )
    return {
        "by_category": by_category,
        "receptions": month_receptions_rows(receptions),
        "open_opinions": open_opinions,
        "receivers": receivers,
        "totals": receptions.aggregate(receptions=Count("pk"), people=Sum("visitor_count")),
    }


ANSWERED_ITEM_STATES = (SupervisionItem.State.REPLIED, SupervisionItem.State.RATED, SupervisionItem.State.CLOSED)


def opinion_is_answered(opinion: Opinion) -> bool:
    """Answered at the station, or by the department its item went to (and not reopened since)."""
    if opinion.state == Opinion.State.RESOLVED:
        return True
    return opinion.items.filter(state__in=ANSWERED_ITEM_STATES).exists()


def citizens_unsatisfied_q() -> Q:
    """Opinions whose citizen rated the answer 不满意 and that staff have not reopened since (the
    query form of ``Opinion.waits_for_reopening``)."""
    return Q(citizen_rating=SatisfactionRating.UNSATISFIED) & (
        Q(reopened_at__isnull=True) | Q(reopened_at__lt=F("feedback_at"))
    )


def opinion_by_tracking_code(code: str) -> Opinion | None:
    """The opinion behind a citizen's tracking code (spaces and case do not matter), or None."""
    return Opinion.objects.select_related("station").filter(tracking_digest__in=tracking_digests(code)).first()


def month_receivers(station: Station, month: date) -> list[Deputy]:
    first, last = month_bounds(month)
    return list(
        Deputy.objects.filter(receptions__station=station, receptions__date__gte=first, receptions__date__lte=last)
        .distinct()
        .order_by("name")
    )


def special_report_scope(
    start: date, end: date, sub_district=None, station=None, category: str = ""
) -> QuerySet[Opinion]:
    """The opinions a 议事专报 may draw on: raised in the period, in the place, on the subject."""
    opinions = opinions_between(start, end)
    if sub_district is not None:
        opinions = opinions.filter(station__sub_district=sub_district)
    if station is not None:
        opinions = opinions.filter(station=station)
    if category:
        opinions = opinions.filter(category=category)
    return opinions


def special_report_figures(report) -> dict:
    """The figures a 议事专报 states: in its period and place, the receptions and opinions (on its
    subject), how many it chose, and the chosen ones by category and by station (grouped queries)."""
    scope = special_report_scope(report.start, report.end, report.sub_district, report.station, report.category)
    receptions = receptions_between(report.start, report.end)
    if report.sub_district_id:
        receptions = receptions.filter(station__sub_district_id=report.sub_district_id)
    if report.station_id:
        receptions = receptions.filter(station_id=report.station_id)
    chosen = report.opinions.all()
    labels = dict(Category.choices)
    return {
        "receptions": receptions.count(),
        "opinions": scope.count(),
        "chosen": chosen.count(),
        "by_category": [
            (labels.get(row["category"], row["category"]), row["n"])
            for row in chosen.values("category").annotate(n=Count("pk")).order_by("-n", "category")
        ],
        "by_station": list(chosen.values_list("station__name").annotate(n=Count("pk")).order_by("-n", "station__name")),
    }


def special_report_detail(pk: int) -> SpecialReport:
    return (
        SpecialReport.objects.select_related("sub_district", "station", "created_by")
        .prefetch_related(
            Prefetch("opinions", queryset=Opinion.objects.select_related("station").order_by("date", "pk")),
            Prefetch("items", queryset=SupervisionItem.objects.select_related("lead_department")),
        )
        .get(pk=pk)
    )

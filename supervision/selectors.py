"""Reads of departments and what is handed to them, with their joins."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from common.choices import SatisfactionRating
from common.dates import between
from deputies.models import Deputy

from .models import (
    CoSignRequest,
    Department,
    DepartmentMonthCount,
    Handover,
    ItemAttachment,
    ItemEvaluation,
    ItemEvent,
    ItemReply,
    PartReply,
    SupervisionItem,
)

State = SupervisionItem.State
# A department sees an item once it is handed over: not while it is drafted, reviewed (立案审查) or
# accepted and waiting for the meeting, nor when it was declined.
HIDDEN_FROM_DEPARTMENTS = (*SupervisionItem.EDITABLE, State.SUBMITTED, State.ACCEPTED, State.DECLINED)


def suggestions_between(start: date, end: date) -> QuerySet[SupervisionItem]:
    """Deputies' suggestions submitted from ``start`` to ``end`` (Beijing days), the duty record's
    and the dashboard's one definition of "suggestions filed in a period". One the committee did not
    accept (不予立案) is not counted; one returned for revision counts once submitted again."""
    return SupervisionItem.objects.filter(
        between("submitted_at", start, end, moments=True), kind=SupervisionItem.Kind.DEPUTY_SUGGESTION
    ).exclude(state=State.DECLINED)


def departments_of_contact(user) -> list[Department]:
    """The departments a login answers for."""
    if not user.is_authenticated:
        return []
    return list(Department.objects.filter(contacts=user, is_active=True))


def overdue_q(today: date | None = None) -> Q:
    """Items still owed a reply whose deadline has passed."""
    return Q(state__in=SupervisionItem.OPEN_FOR_DEPARTMENT, deadline__lt=today or timezone.localdate())


def waiting_q(step: str) -> Q:
    """Items waiting for ``step``: assign (staff's review), handover (a meeting), reply (department), deputy_rating, committee_rating."""
    return {
        "assign": Q(state=State.SUBMITTED),
        "handover": Q(state=State.ACCEPTED),
        "reply": Q(state__in=SupervisionItem.OPEN_FOR_DEPARTMENT),
        "deputy_rating": Q(state=State.REPLIED, lead_deputy__isnull=False),
        "committee_rating": Q(state=State.RATED) | Q(state=State.REPLIED, lead_deputy__isnull=True),
    }[step]


def items_visible_to(user) -> QuerySet[SupervisionItem]:
    """What a login may see: staff everything; a deputy what they lead, co-sign, wrote or started
    (collected the opinion, attended the consultation); a
    department contact what is handed to their departments (once it has been handed over)."""
    if not user.is_authenticated:
        return SupervisionItem.objects.none()
    if user.is_committee_staff:
        return SupervisionItem.objects.all()
    # One list of ids, each part read through its own index, instead of an OR of EXISTS that
    # PostgreSQL can only answer by testing every item (7.8 s over 1M items for one deputy).
    items = SupervisionItem.objects
    parts = [items.filter(created_by=user).values("pk")]
    deputy_id = Deputy.objects.filter(user=user).values_list("pk", flat=True).first()
    if deputy_id:
        # Their own, those they co-sign, and drafts they are asked to co-sign.
        parts += [
            items.filter(lead_deputy_id=deputy_id).values("pk"),
            SupervisionItem.co_signers.through.objects.filter(deputy_id=deputy_id).values("supervisionitem_id"),
            CoSignRequest.objects.filter(deputy_id=deputy_id)
            .exclude(state=CoSignRequest.State.WITHDRAWN)
            .values("item_id"),
            SupervisionItem.followers.through.objects.filter(deputy_id=deputy_id).values("supervisionitem_id"),
        ]
    department_ids = list(Department.objects.filter(contacts=user).values_list("pk", flat=True))
    if department_ids:
        shown = items.exclude(state__in=HIDDEN_FROM_DEPARTMENTS)
        parts += [
            shown.filter(lead_department_id__in=department_ids).values("pk"),
            shown.filter(assisting_departments__in=department_ids).values("pk"),
            shown.filter(joint_departments__in=department_ids).values("pk"),
        ]
    parts = [part.order_by() for part in parts]  # SQLite refuses an ORDER BY inside a UNION
    return items.filter(pk__in=parts[0].union(*parts[1:]))


def parts_missing(item: SupervisionItem) -> list[Department]:
    """The assisting and jointly handling departments that have not sent their part this round."""
    sent = {p.department_id for p in item.parts.all() if p.round == item.round}  # prefetched on the page
    helpers = [*item.assisting_departments.all(), *item.joint_departments.all()]
    return [d for d in helpers if d.pk not in sent]


def helping_department(user, item):
    """The assisting or jointly handling department of ``item`` that ``user`` answers for and that
    has not sent its part in this round, if any."""
    if not user.is_authenticated or user.is_committee_staff:
        return None
    sent = {p.department_id for p in item.parts.all() if p.round == item.round}
    helpers = [*item.assisting_departments.all(), *item.joint_departments.all()]
    mine = {d.pk for d in departments_of_contact(user)}
    return next((d for d in helpers if d.pk in mine and d.pk not in sent), None)


def parts_visible_to(user, item: SupervisionItem) -> list[PartReply]:
    """The parts sent to the lead department: staff and the lead's contacts read them all, an
    assisting or jointly handling department its own; the deputy reads the answer, not its parts."""
    parts = list(item.parts.all())
    if user.is_committee_staff:
        return parts
    own = {d.pk for d in departments_of_contact(user)}
    return parts if item.lead_department_id in own else [p for p in parts if p.department_id in own]


def item_list(queryset: QuerySet[SupervisionItem]) -> QuerySet[SupervisionItem]:
    """A work list page: each row with its department and lead deputy, in one query."""
    return queryset.select_related("lead_department", "lead_deputy").order_by("-created_at", "-pk")


def item_detail(queryset: QuerySet[SupervisionItem], pk: int) -> SupervisionItem:
    """One item with everything its page shows, in a fixed number of queries."""
    return (
        queryset.select_related("lead_department", "lead_deputy", "created_by", "source_content_type")
        .prefetch_related(
            "co_signers",
            "assisting_departments",
            "joint_departments",
            Prefetch("parts", queryset=PartReply.objects.select_related("department", "author")),
            Prefetch("events", queryset=ItemEvent.objects.select_related("actor")),
            Prefetch(
                "replies",
                queryset=ItemReply.objects.select_related("department", "author").prefetch_related("attachments"),
            ),
            Prefetch("evaluations", queryset=ItemEvaluation.objects.select_related("rated_by")),
            Prefetch("attachments", queryset=ItemAttachment.objects.filter(reply__isnull=True), to_attr="item_files"),
            Prefetch(
                "cosign_requests",
                queryset=CoSignRequest.objects.exclude(state=CoSignRequest.State.WITHDRAWN).select_related("deputy"),
            ),
        )
        .get(pk=pk)
    )


def items_waiting_for_departments(user) -> QuerySet[SupervisionItem]:
    """Items a department contact's departments still owe a reply, soonest deadline first."""
    return (
        SupervisionItem.objects.filter(lead_department__contacts=user, state__in=SupervisionItem.OPEN_FOR_DEPARTMENT)
        .select_related("lead_department")
        .order_by("deadline", "pk")
    )


def departments_without_contacts(items) -> list[Department]:
    """The departments the items go to (lead, assisting, jointly handling) that have no active
    contact login: nobody there can 签收 or send a part until staff add one."""
    ids = [i.pk for i in items]
    departments = Department.objects.filter(
        Q(led_items__in=ids) | Q(assisted_items__in=ids) | Q(joint_items__in=ids)
    ).distinct()
    return list(departments.exclude(contacts__is_active=True).order_by("name"))


def parts_owed_by(user) -> QuerySet[SupervisionItem]:
    """Items a contact's departments assist or jointly handle and whose part they have not sent in
    this handling round, soonest deadline first (they answer the lead department, not the deputy)."""
    helping = Q(assisting_departments__contacts=user) | Q(joint_departments__contacts=user)
    sent = PartReply.objects.filter(item=OuterRef("pk"), round=OuterRef("round"), department__contacts=user)
    owed = SupervisionItem.objects.filter(helping, state__in=SupervisionItem.OPEN_FOR_DEPARTMENT).exclude(Exists(sent))
    return (
        SupervisionItem.objects.filter(pk__in=owed.values("pk"))
        .select_related("lead_department")
        .order_by("deadline", "pk")
    )


def cosign_requests_waiting(deputy: Deputy) -> QuerySet[CoSignRequest]:
    """Suggestions the deputy is asked to co-sign and has not answered yet."""
    return (
        CoSignRequest.objects.filter(
            deputy=deputy, state=CoSignRequest.State.PENDING, item__state__in=SupervisionItem.EDITABLE
        )
        .select_related("item__lead_deputy")
        .order_by("asked_at")
    )


def items_waiting_for_deputy(deputy: Deputy) -> QuerySet[SupervisionItem]:
    """A deputy's drafts and the replies waiting for their rating."""
    return SupervisionItem.objects.filter(
        Q(lead_deputy=deputy, state=State.REPLIED) | Q(lead_deputy=deputy, state__in=SupervisionItem.EDITABLE)
    ).order_by("-created_at")


def department_figures(start: date, end: date) -> dict[int, dict[str, int]]:
    """The summary's figures per lead department for the items assigned from ``start`` to ``end``
    (the one definition: the rollup is made from it, month by month): {department id: {figure: n}}
    with DepartmentMonthCount.FIGURES. Three grouped queries, whatever the number of items."""
    items = SupervisionItem.objects.filter(lead_department__isnull=False)
    items = items.filter(between("assigned_at", start, end, moments=True))
    per_item = items.values("lead_department").annotate(
        assigned=Count("pk"),
        second=Count("pk", filter=Q(round__gte=2)),
        closed=Count("pk", filter=Q(state=State.CLOSED)),
    )
    per_reply = (
        ItemReply.objects.filter(item__in=items)
        .values("item__lead_department")
        .annotate(
            replied=Count("pk"),
            on_time=Count("pk", filter=Q(on_time=True)),
            **{f"category_{c.lower()}": Count("pk", filter=Q(category=c)) for c in ItemReply.Category.values},
        )
    )
    per_rating = (
        ItemEvaluation.objects.filter(item__in=items)
        .values("item__lead_department")
        .annotate(rated=Count("pk"), satisfied=Count("pk", filter=~Q(rating=SatisfactionRating.UNSATISFIED)))
    )
    rows: dict[int, dict[str, int]] = {}
    for row in per_item:
        department = row.pop("lead_department")
        rows[department] = dict.fromkeys(DepartmentMonthCount.FIGURES, 0) | row
    for grouped in (per_reply, per_rating):
        for row in grouped:
            department = row.pop("item__lead_department")
            rows[department].update(row)
    return rows


def recount_department_months(first: date, last: date) -> None:
    """Make the summary's rollup of the month from ``first`` to ``last`` again (deputies.rollups
    calls it under the month's lock whenever the month's records changed)."""
    figures = department_figures(first, last)
    DepartmentMonthCount.objects.filter(month=first).delete()
    DepartmentMonthCount.objects.bulk_create(
        DepartmentMonthCount(department_id=pk, month=first, **row) for pk, row in figures.items()
    )


def department_summary(*, year: int) -> list[dict]:
    """Per lead department, for the items assigned in ``year``: assigned, replied, replied on time,
    satisfaction, second handlings, overdue (as of today), closed.

    The figures add up the year's monthly rollup (``DepartmentMonthCount``, counted again first
    for the months whose records changed); overdue items are counted live from the open ones."""
    from deputies import rollups

    start, end = date(year, 1, 1), date(year, 12, 31)
    rollups.refresh(start, end)
    totals = (
        DepartmentMonthCount.objects.filter(month__gte=start, month__lte=end)
        .values("department")
        .annotate(**{figure: Sum(figure) for figure in DepartmentMonthCount.FIGURES})
    )
    rows = {row.pop("department"): row for row in totals}
    overdue = dict(
        SupervisionItem.objects.filter(overdue_q(), between("assigned_at", start, end, moments=True))
        .values("lead_department")
        .annotate(n=Count("pk"))
        .values_list("lead_department", "n")
    )
    departments = Department.objects.in_bulk(list(rows))
    result = []
    for department_id, row in rows.items():
        if not row["assigned"]:
            continue
        replied, rated = row["replied"], row["rated"]
        result.append(
            {
                **row,
                "department": departments[department_id],
                "on_time_rate": row["on_time"] / replied if replied else None,
                "satisfaction_rate": row["satisfied"] / rated if rated else None,
                "overdue": overdue.get(department_id, 0),
            }
        )
    return sorted(result, key=lambda r: (-r["assigned"], r["department"].name))


def public_items() -> QuerySet[SupervisionItem]:
    """Published items without a single personal column: no deputy, author or source."""
    return (
        SupervisionItem.objects.filter(is_public=True)
        .select_related("lead_department")
        .only("pk", "kind", "title", "content", "state", "round", "created_at", "submitted_at", "lead_department__name")
        .order_by("-submitted_at", "-pk")
    )


def public_item_replies(item: SupervisionItem) -> QuerySet[ItemReply]:
    return (
        ItemReply.objects.filter(item=item)
        .select_related("department")
        .only("round", "content", "category", "category_reason", "created_at", "item_id", "department__name")
    )


def items_waiting_for_handover() -> QuerySet[SupervisionItem]:
    """Accepted items waiting for the meeting that hands them over, oldest first."""
    return (
        SupervisionItem.objects.filter(waiting_q("handover"))
        .select_related("lead_department", "lead_deputy")
        .prefetch_related("assisting_departments")
        .order_by("submitted_at", "pk")
    )


def handovers() -> QuerySet[Handover]:
    """The hand-over meetings, latest first, each with the number of items it handed over."""
    return Handover.objects.annotate(item_count=Count("items")).order_by("-held_on", "-pk")


def handover_items(handover: Handover) -> QuerySet[SupervisionItem]:
    """What one meeting handed over, as its hand-over sheet (交办单) lists them."""
    return (
        handover.items.select_related("lead_department", "lead_deputy")
        .prefetch_related("assisting_departments", "joint_departments")
        .order_by("lead_department__name", "pk")
    )

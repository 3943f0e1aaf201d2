"""Every change at the liaison stations: rota, swaps, receptions, opinions, activities, consultations."""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.caching import invalidate
from common.converters import MAX_YEAR, MIN_YEAR
from common.dates import month_bounds
from common.params import date_in_range
from congress_portal.accounts.roles import require_staff
from deputies.models import Deputy, Leave
from supervision import services as supervision
from supervision.models import Department, SupervisionItem

from .models import (
    Activity,
    Category,
    Consultation,
    Holiday,
    HolidayYear,
    Opinion,
    Reception,
    ReceptionShift,
    ShiftAssignment,
    ShiftFeed,
    ShiftSwap,
    Station,
    tracking_digests,
)

WEDNESDAY = 2
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


# --- holidays and the rota -----------------------------------------------------------------


@cache
def package_holidays() -> dict[date, str]:
    """The statutory days off the chinese-calendar package knows, with their Chinese names."""
    from chinese_calendar.constants import holidays

    return {day: HOLIDAY_NAMES.get(str(name), str(name)) for day, name in holidays.items()}


@transaction.atomic
def holidays_sync() -> int:
    """Copy the statutory days off chinese-calendar knows into the table, and mark each year it
    covers complete; days staff added or renamed are kept. Run by ``manage.py sync_holidays``, the
    daily task (a newer package brings the next year) and, for a year it covers, the rota."""
    known = package_holidays()
    existing = set(Holiday.objects.values_list("date", flat=True))
    Holiday.objects.bulk_create([Holiday(date=d, name=n) for d, n in known.items() if d not in existing])
    years = {d.year for d in known}
    confirmed = set(HolidayYear.objects.filter(year__in=years).values_list("year", flat=True))
    HolidayYear.objects.bulk_create(
        [HolidayYear(year=y, source=HolidayYear.Source.PACKAGE) for y in sorted(years - confirmed)]
    )
    return len(known) - len(existing & set(known))


def holiday_year_check(year: int) -> None:
    """A year can be confirmed complete only once its holidays are entered."""
    if not Holiday.objects.filter(date__year=year).exists():
        raise ValidationError({"year": _("Enter the statutory holidays of %(year)s first.") % {"year": year}})


@transaction.atomic
def holiday_year_confirm(*, year: int, by) -> HolidayYear:
    """Staff confirm they entered every statutory holiday of ``year`` (the State Council's notice)."""
    require_staff(by)
    holiday_year_check(year)
    confirmation, _created = HolidayYear.objects.get_or_create(
        year=year, defaults={"source": HolidayYear.Source.STAFF, "confirmed_by": by}
    )
    return confirmation


def _require_holiday_years(start: date, end: date) -> None:
    """Every year of the range has a complete holiday list; a year the package covers is synced now."""
    years = set(range(start.year, end.year + 1))
    missing = years - set(HolidayYear.objects.filter(year__in=years).values_list("year", flat=True))
    if missing & {d.year for d in package_holidays()}:
        holidays_sync()
        missing -= {d.year for d in package_holidays()}
    if missing:
        raise ValidationError(
            _(
                "The statutory holidays of %(year)s are not confirmed yet. Enter them under 法定节假日 "
                "and mark the year complete under 节假日已录全的年份 first."
            )
            % {"year": min(missing)}
        )


def wednesdays(start: date, end: date) -> list[date]:
    first = start + timedelta(days=(WEDNESDAY - start.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range((end - first).days // 7 + 1)] if first <= end else []


def eligible_on(people: list[Deputy], day: date, leaves: dict[int, list[Leave]]) -> list[Deputy]:
    return [p for p in people if p.is_active and not any(lv.start <= day <= lv.end for lv in leaves.get(p.pk, []))]


@transaction.atomic
def rota_generate(*, station: Station, start: date, end: date, by, per_shift: int = 1) -> list[ReceptionShift]:
    """Plan every Wednesday from ``start`` to ``end`` at ``station``, skipping statutory holidays.

    The station's active members take turns, whoever has had fewest shifts in the range first, so
    each person's count stays within one of everyone else's. People on leave that day are skipped.
    Regenerating replaces the planned shifts of the range but never one with receptions logged.
    """
    require_staff(by)
    today = timezone.localdate()
    for field, value in (("start", start), ("end", end)):
        if not date_in_range(value):
            raise ValidationError(
                {field: _("Enter a date between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
            )
    if start < today:
        raise ValidationError({"start": _("The rota can only be planned from today on.")})
    if end < start:
        raise ValidationError({"end": _("The end comes before the start.")})
    if end > start + timedelta(days=400):
        raise ValidationError({"end": _("Plan at most about a year at a time.")})
    if per_shift < 1:
        raise ValidationError({"per_shift": _("At least one person per shift.")})
    _require_holiday_years(start, end)

    station = Station.objects.select_for_update().get(pk=station.pk)
    people = list(Deputy.objects.filter(station_membership__station=station).order_by("name", "pk"))
    leaves: dict[int, list[Leave]] = {}
    for leave in Leave.objects.filter(deputy__in=people, end__gte=start, start__lte=end):
        leaves.setdefault(leave.deputy_id, []).append(leave)
    if not [p for p in people if p.is_active]:
        raise ValidationError(_("%(station)s has no active members to put on the rota.") % {"station": station})

    in_range = ReceptionShift.objects.filter(station=station, date__gte=start, date__lte=end)
    kept = list(in_range.filter(receptions__isnull=False).distinct().prefetch_related("assignments"))
    in_range.exclude(pk__in=[s.pk for s in kept]).delete()
    taken_days = {s.date for s in kept}
    counts = Counter(a.deputy_id for s in kept for a in s.assignments.all())
    last_on: dict[int, date] = {}
    holidays = set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))

    created = []
    for day in wednesdays(start, end):
        if day in holidays or day in taken_days:
            continue
        available = eligible_on(people, day, leaves)
        if not available:
            continue
        # Fewest shifts first; among equals, whoever served longest ago; then by name, for a stable rota.
        available.sort(key=lambda p: (counts[p.pk], last_on.get(p.pk, date.min), p.name, p.pk))
        shift = ReceptionShift.objects.create(station=station, date=day)
        chosen = available[:per_shift]
        ShiftAssignment.objects.bulk_create([ShiftAssignment(shift=shift, deputy=p) for p in chosen])
        for p in chosen:
            counts[p.pk] += 1
            last_on[p.pk] = day
        created.append(shift)
    invalidate("stations")  # the assignments went in by bulk_create, which sends no signal
    return created


@transaction.atomic
def shift_add(*, station: Station, day: date, deputies: Iterable[Deputy], by, note: str = "") -> ReceptionShift:
    """Staff add a shift by hand (a make-up day, an extra reception), with who is on duty."""
    require_staff(by)
    shift, _created = ReceptionShift.objects.get_or_create(station=station, date=day, defaults={"note": note})
    for deputy in deputies:
        _check_available(deputy, day)
        ShiftAssignment.objects.get_or_create(shift=shift, deputy=deputy)
    return shift


def _check_available(deputy: Deputy, day: date) -> None:
    if not deputy.is_active:
        raise ValidationError(_("%(name)s is not active and cannot take a shift.") % {"name": deputy.name})
    if Leave.objects.filter(deputy=deputy, start__lte=day, end__gte=day).exists():
        raise ValidationError(_("%(name)s is on leave on %(day)s.") % {"name": deputy.name, "day": f"{day:%Y-%m-%d}"})


@transaction.atomic
def shift_swap_request(
    *, assignment: ShiftAssignment, by, colleague: Deputy, in_return: ShiftAssignment | None = None, note: str = ""
) -> ShiftSwap:
    """A deputy asks a colleague of the same station to take their shift (and maybe give one back)."""
    assignment = (
        ShiftAssignment.objects.select_related("shift", "deputy").select_for_update(of=("self",)).get(pk=assignment.pk)
    )
    requester = assignment.deputy
    if requester.user_id != by.pk:
        raise ValidationError(_("You can only offer your own shifts."))
    if assignment.shift.date < timezone.localdate():
        raise ValidationError(_("This shift is over."))
    if colleague.pk == requester.pk:
        raise ValidationError({"colleague": _("Choose a colleague, not yourself.")})
    if not Deputy.objects.filter(pk=colleague.pk, station_membership__station=assignment.shift.station).exists():
        raise ValidationError({"colleague": _("The colleague must belong to the same station.")})
    _check_available(colleague, assignment.shift.date)
    if ShiftAssignment.objects.filter(shift=assignment.shift, deputy=colleague).exists():
        raise ValidationError({"colleague": _("%(name)s is already on this shift.") % {"name": colleague.name}})
    if in_return is not None:
        if in_return.deputy_id != colleague.pk or in_return.shift.date < timezone.localdate():
            raise ValidationError({"in_return": _("Choose one of the colleague's coming shifts.")})
        _check_available(requester, in_return.shift.date)
    if assignment.swaps.filter(state=ShiftSwap.State.PENDING).exists():
        raise ValidationError(_("This shift already has a swap request waiting."))
    return ShiftSwap.objects.create(
        assignment=assignment, requester=requester, colleague=colleague, in_return=in_return, note=note
    )


@transaction.atomic
def shift_swap_respond(*, swap: ShiftSwap, by, accept: bool) -> ShiftSwap:
    """The colleague accepts (the shifts change hands) or declines."""
    swap = (
        ShiftSwap.objects.select_for_update(of=("self",))
        .select_related("assignment__shift", "in_return__shift")
        .get(pk=swap.pk)
    )
    if swap.colleague.user_id != by.pk:
        raise ValidationError(_("Only the colleague asked can answer this request."))
    if swap.state != ShiftSwap.State.PENDING:
        raise ValidationError(_("This request has already been answered."))
    swap.decided_at = timezone.now()
    if not accept:
        swap.state = ShiftSwap.State.DECLINED
        swap.save(update_fields=["state", "decided_at"])
        return swap
    if swap.assignment.shift.date < timezone.localdate():
        raise ValidationError(_("This shift is over."))
    _check_available(swap.colleague, swap.assignment.shift.date)
    try:
        with transaction.atomic():
            ShiftAssignment.objects.filter(pk=swap.assignment_id).update(deputy=swap.colleague)
            if swap.in_return_id:
                ShiftAssignment.objects.filter(pk=swap.in_return_id).update(deputy=swap.requester)
    except IntegrityError:
        raise ValidationError(_("One of you is already on the other shift; the swap is not possible.")) from None
    swap.state = ShiftSwap.State.ACCEPTED
    swap.save(update_fields=["state", "decided_at"])
    invalidate("stations")  # the shifts changed hands by update(), which sends no signal
    return swap


@transaction.atomic
def shift_swap_cancel(*, swap: ShiftSwap, by) -> ShiftSwap:
    swap = ShiftSwap.objects.select_for_update().get(pk=swap.pk)
    if swap.requester.user_id != by.pk:
        raise ValidationError(_("Only whoever asked can cancel this request."))
    if swap.state != ShiftSwap.State.PENDING:
        raise ValidationError(_("This request has already been answered."))
    swap.state = ShiftSwap.State.CANCELLED
    swap.decided_at = timezone.now()
    swap.save(update_fields=["state", "decided_at"])
    return swap


def shift_feed_for(deputy: Deputy) -> ShiftFeed:
    """The deputy's calendar feed address, made on first use."""
    feed, _created = ShiftFeed.objects.get_or_create(deputy=deputy)
    return feed


# --- receptions and opinions ------------------------------------------------------------------


def _require_members(station: Station, people: list[Deputy], field: str, already: set[int] = frozenset()) -> None:
    """People named on a station's record are its members (or already on the record): nobody can
    put a deputy of another station into their register, archive and 七个一 without them."""
    members = set(Deputy.objects.filter(station_membership__station=station).values_list("pk", flat=True))
    outside = [d.name for d in people if d.pk not in members and d.pk not in already]
    if outside:
        raise ValidationError(
            {
                field: _("Not members of %(station)s: %(names)s.")
                % {"station": station.name, "names": "、".join(outside)}
            }
        )


def _reception_checks(*, logged_by: Deputy, station: Station, day: date, receivers: list[Deputy]) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": _("A reception cannot be logged for a day in the future.")})
    if not logged_by.is_active:
        raise ValidationError(_("%(name)s is not active.") % {"name": logged_by.name})
    inactive = [d.name for d in receivers if not d.is_active]
    if inactive:
        raise ValidationError({"receivers": _("Not active: %(names)s.") % {"names": "、".join(inactive)}})
    if not station.is_active:
        raise ValidationError({"station": _("This station is closed.")})


@transaction.atomic
def reception_log(
    *,
    logged_by: Deputy,
    station: Station,
    day: date,
    content: str,
    channel: str = Reception.Channel.FACE_TO_FACE,
    category: str = Category.OTHER,
    co_receivers: Iterable[Deputy] = (),
    action_taken: str = "",
    visitor_name: str = "",
    visitor_phone: str = "",
    visitor_count: int = 1,
    opinions: Iterable[dict] = (),
) -> Reception:
    """Log a reception once; the registers, archive, pack and statistics all read this row.

    ``opinions`` are the citizens' opinions raised there: dicts of ``content`` and ``category``.
    """
    reception = Reception(
        station=station,
        date=day,
        logged_by=logged_by,
        channel=channel,
        category=category,
        content=content,
        action_taken=action_taken,
        visitor_name=visitor_name,
        visitor_phone=visitor_phone,
        visitor_count=visitor_count,
    )
    return _reception_save(reception, co_receivers, opinions)


def _reception_save(reception: Reception, co_receivers: Iterable[Deputy], opinions: Iterable[dict]) -> Reception:
    """Check and save a new or corrected reception: its receivers (the logger first), the shift of
    its station and day, and the opinions raised there."""
    co_receivers = [d for d in co_receivers if d.pk != reception.logged_by_id]
    receivers = [reception.logged_by, *co_receivers]
    _reception_checks(logged_by=reception.logged_by, station=reception.station, day=reception.date, receivers=receivers)
    already = set(reception.receivers.values_list("pk", flat=True)) if reception.pk else set()
    _require_members(reception.station, co_receivers, "co_receivers", already)
    reception.shift = ReceptionShift.objects.filter(station=reception.station, date=reception.date).first()
    reception.full_clean()
    reception.save()
    reception.receivers.set(receivers)
    # An opinion raised at a reception belongs to the reception's day (a corrected date moves them).
    reception.opinions.exclude(date=reception.date).update(date=reception.date)
    for opinion in opinions:
        _opinion_add(reception, **opinion)
    return reception


def _opinion_add(reception: Reception, *, content: str, category: str = "") -> Opinion:
    opinion = Opinion(
        station=reception.station,
        reception=reception,
        source=Opinion.Source.RECEPTION,
        category=category or reception.category,
        content=content,
        state=Opinion.State.ACCEPTED,
        date=reception.date,
        created_at=timezone.now(),
    )
    opinion.full_clean()
    opinion.save()
    return opinion


def may_edit_reception(reception: Reception, user) -> bool:
    return user.is_committee_staff or reception.logged_by.user_id == user.pk


@transaction.atomic
def reception_update(
    *, reception: Reception, by, co_receivers: Iterable[Deputy] = (), new_opinions: Iterable[dict] = (), **fields
) -> Reception:
    """The logger (or staff) corrects a reception and may add opinions; forwarded ones stay as they are."""
    reception = Reception.objects.select_for_update().get(pk=reception.pk)
    if not may_edit_reception(reception, by):
        raise ValidationError(_("You can only change receptions you logged."))
    for name, value in fields.items():
        setattr(reception, name, value)
    return _reception_save(reception, co_receivers, new_opinions)


@transaction.atomic
def opinion_submit_online(
    *, station: Station, content: str, category: str = Category.OTHER, name: str = "", phone: str = ""
) -> tuple[Opinion, str]:
    """A citizen's opinion from the public form. Returns it with its tracking code, which is shown to
    the citizen once and never stored (only its keyed hash is)."""
    if not station.is_active:
        raise ValidationError({"station": _("This station is closed.")})
    opinion = Opinion(
        station=station,
        source=Opinion.Source.ONLINE,
        category=category,
        content=content,
        citizen_name=name,
        citizen_phone=phone,
        state=Opinion.State.NEW,
        date=timezone.localdate(),
    )
    code = opinion.issue_tracking_code()
    opinion.full_clean()
    opinion.save()
    return opinion, code


def _lock_opinion(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


@transaction.atomic
def opinion_accept(*, opinion: Opinion, by) -> Opinion:
    require_staff(by)
    opinion = _lock_opinion(opinion)
    if opinion.state != Opinion.State.NEW:
        raise ValidationError(_("This opinion has already been accepted."))
    opinion.state = Opinion.State.ACCEPTED
    opinion.save(update_fields=["state"])
    return opinion


@transaction.atomic
def opinion_forward(*, opinion: Opinion, by, department: Department, deadline: date, note: str = "") -> SupervisionItem:
    """Hand the opinion to a department as a supervision item; the citizen follows it by code.

    The citizen's name and phone stay here; the department gets the matter, not the person.
    """
    require_staff(by)
    opinion = _lock_opinion(opinion)
    if opinion.state not in (Opinion.State.NEW, Opinion.State.ACCEPTED):
        raise ValidationError(_("This opinion has already been forwarded or answered."))
    item = supervision.item_hand_over(
        by=by,
        kind=SupervisionItem.Kind.CITIZEN_OPINION,
        title=_("Citizen opinion via %(station)s: %(start)s")
        % {"station": opinion.station, "start": opinion.content[:30]},
        content=opinion.content,
        source=opinion,
        lead_department=department,
        deadline=deadline,
        note=note,
    )
    opinion.state = Opinion.State.FORWARDED
    opinion.save(update_fields=["state"])
    return item


@transaction.atomic
def opinion_resolve(*, opinion: Opinion, by, resolution: str) -> Opinion:
    """The station answers the opinion itself (explained the policy, solved it on the spot)."""
    opinion = _lock_opinion(opinion)
    is_receiver = opinion.reception_id and opinion.reception.receivers.filter(user=by).exists()
    if not (by.is_committee_staff or is_receiver):
        raise ValidationError(_("Only staff or the deputies who received it can answer this opinion."))
    if opinion.state not in (Opinion.State.NEW, Opinion.State.ACCEPTED):
        raise ValidationError(_("This opinion has already been forwarded or answered."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Write the answer given.")})
    opinion.state, opinion.resolution = Opinion.State.RESOLVED, resolution
    opinion.save(update_fields=["state", "resolution"])
    return opinion


def opinion_is_answered(opinion: Opinion) -> bool:
    if opinion.state == Opinion.State.RESOLVED:
        return True
    return opinion.items.filter(replies__isnull=False).exists()


@transaction.atomic
def opinion_feedback(*, opinion: Opinion, rating: str, comment: str = "") -> Opinion:
    """The citizen rates the answer, once, through the tracking page."""
    opinion = _lock_opinion(opinion)
    if not opinion_is_answered(opinion):
        raise ValidationError(_("You can give feedback once your opinion has been answered."))
    if opinion.feedback_at:
        raise ValidationError(_("Feedback has already been given. Thank you."))
    opinion.citizen_rating, opinion.citizen_feedback, opinion.feedback_at = rating, comment, timezone.now()
    opinion.full_clean()
    opinion.save(update_fields=["citizen_rating", "citizen_feedback", "feedback_at"])
    return opinion


def opinion_lookup(code: str) -> Opinion:
    """The opinion behind a tracking code; a clear message when there is none."""
    opinion = Opinion.objects.select_related("station").filter(tracking_digest__in=tracking_digests(code)).first()
    if opinion is None:
        raise ValidationError({"code": _("There is no opinion with the tracking code “%(code)s”.") % {"code": code}})
    return opinion


# --- activities and consultations ------------------------------------------------------------


@transaction.atomic
def activity_record(
    *, station: Station, day: date, kind: str, title: str, attendees: Iterable[Deputy], by, summary: str = ""
) -> Activity:
    """Record an activity at the station with who attended; it becomes a row of the activity register."""
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    _require_members(station, attendees, "attendees")
    if day > timezone.localdate():
        raise ValidationError({"date": _("Record an activity once it has taken place.")})
    activity = Activity(station=station, date=day, kind=kind, title=title, summary=summary, created_by=by)
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


def month_receivers(station: Station, month: date) -> list[Deputy]:
    first, last = month_bounds(month)
    return list(
        Deputy.objects.filter(receptions__station=station, receptions__date__gte=first, receptions__date__lte=last)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def consultation_record(
    *, station: Station, month: date, held_on: date, by, attendees: Iterable[Deputy] | None = None, minutes: str = ""
) -> Consultation:
    """Record the month-end consultation; attendees default to that month's receivers."""
    require_staff(by)
    month = month.replace(day=1)
    if held_on < month:
        raise ValidationError({"held_on": _("The consultation is held after the month begins.")})
    attendees = list(attendees) if attendees is not None else month_receivers(station, month)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    consultation, _created = Consultation.objects.update_or_create(
        station=station, month=month, defaults={"held_on": held_on, "minutes": minutes, "created_by": by}
    )
    consultation.attendees.set(attendees)
    return consultation


@transaction.atomic
def consultation_issue_opinion(
    *, consultation: Consultation, by, title: str, content: str, department: Department, deadline: date
) -> SupervisionItem:
    """A supervision opinion (督办意见) of the consultation, handed to a department."""
    return supervision.item_hand_over(
        by=by,
        kind=SupervisionItem.Kind.CONSULTATION_OPINION,
        title=title,
        content=content,
        source=consultation,
        lead_department=department,
        deadline=deadline,
    )

"""Every change to the rota: holidays, shifts, swaps, the calendar feed."""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from common.caching import invalidate
from common.converters import MAX_YEAR, MIN_YEAR
from common.params import date_in_range
from deputies.models import Deputy, Leave
from notifications.events import Event
from notifications.services import notify

from ..models import (
    Holiday,
    HolidayYear,
    ReceptionShift,
    ShiftAssignment,
    ShiftFeed,
    ShiftSwap,
    Station,
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
def shift_save(
    *,
    by,
    station: Station,
    day: date,
    deputies: Iterable[Deputy],
    note: str = "",
    shift: ReceptionShift | None = None,
) -> ReceptionShift:
    """Staff add a shift by hand (a make-up working day, an extra reception) or change one, with who
    is on duty: active people, not on leave that day. A shift with receptions logged keeps its
    station and day."""
    require_staff(by)
    deputies = list(deputies)
    for deputy in deputies:
        _check_available(deputy, day, field="deputies")
    if shift is None:
        if ReceptionShift.objects.filter(station=station, date=day).exists():
            raise ValidationError({"date": _("This station already has a shift on that day.")})
        shift = ReceptionShift(station=station, date=day, note=note)
    else:
        shift = ReceptionShift.objects.select_for_update().get(pk=shift.pk)
        moved = (shift.station_id, shift.date) != (station.pk, day)
        if moved and shift.receptions.exists():
            raise ValidationError({"date": _("Receptions are logged in this shift; its station and day stay.")})
        shift.station, shift.date, shift.note = station, day, note
    shift.full_clean()
    shift.save()
    shift.assignments.exclude(deputy__in=deputies).delete()
    have = set(shift.assignments.values_list("deputy_id", flat=True))
    ShiftAssignment.objects.bulk_create([ShiftAssignment(shift=shift, deputy=d) for d in deputies if d.pk not in have])
    invalidate("stations")  # assignments by bulk_create and delete(): no signal
    return shift


def _check_available(deputy: Deputy, day: date, field: str | None = None) -> None:
    def refuse(message):
        raise ValidationError({field: message} if field else message)

    if not deputy.is_active:
        refuse(_("%(name)s is not active and cannot take a shift.") % {"name": deputy.name})
    if Leave.objects.filter(deputy=deputy, start__lte=day, end__gte=day).exists():
        refuse(_("%(name)s is on leave on %(day)s.") % {"name": deputy.name, "day": f"{day:%Y-%m-%d}"})


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
    swap = ShiftSwap.objects.create(
        assignment=assignment, requester=requester, colleague=colleague, in_return=in_return, note=note
    )
    _tell_swap(
        swap,
        colleague,
        _("%(name)s asks you to take the shift of %(date)s")
        % {"name": requester.name, "date": f"{assignment.shift.date:%Y-%m-%d}"},
    )
    return swap


def _tell_swap(swap: ShiftSwap, deputy: Deputy, title: str) -> None:
    """A swap's news for one of its two deputies (asked; accepted or declined)."""
    if deputy.user_id:
        notify(
            user=deputy.user,
            key=f"swap:{swap.pk}:{swap.state}:{deputy.pk}",
            title=title,
            url=reverse("liaison:my_shifts"),
            event=Event.SWAP,
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
        _tell_swap(
            swap,
            swap.requester,
            _("%(name)s declined to take your shift of %(date)s")
            % {"name": swap.colleague.name, "date": f"{swap.assignment.shift.date:%Y-%m-%d}"},
        )
        return swap
    # Both shifts locked, in one order, and read again: since the request was made either may have
    # changed hands (another swap, the rota), and a swap must never move someone else's shift.
    ids = sorted(i for i in (swap.assignment_id, swap.in_return_id) if i)
    locked = {
        a.pk: a
        for a in ShiftAssignment.objects.select_for_update(of=("self",)).select_related("shift").filter(pk__in=ids)
    }
    offered, returned = locked.get(swap.assignment_id), locked.get(swap.in_return_id)
    today = timezone.localdate()
    if (
        offered is None
        or offered.deputy_id != swap.requester_id
        or (swap.in_return_id and (returned is None or returned.deputy_id != swap.colleague_id))
    ):
        raise ValidationError(_("One of these shifts has changed hands since the request; ask again."))
    if offered.shift.date < today or (returned is not None and returned.shift.date < today):
        raise ValidationError(_("This shift is over."))
    _check_available(swap.colleague, offered.shift.date)
    if returned is not None:
        _check_available(swap.requester, returned.shift.date)
    try:
        with transaction.atomic():
            ShiftAssignment.objects.filter(pk=swap.assignment_id).update(deputy=swap.colleague)
            if swap.in_return_id:
                ShiftAssignment.objects.filter(pk=swap.in_return_id).update(deputy=swap.requester)
    except IntegrityError:
        raise ValidationError(_("One of you is already on the other shift; the swap is not possible.")) from None
    swap.state = ShiftSwap.State.ACCEPTED
    swap.save(update_fields=["state", "decided_at"])
    # Other requests naming either shift were made to its former holder: withdrawn.
    ShiftSwap.objects.filter(state=ShiftSwap.State.PENDING).filter(
        Q(assignment_id__in=ids) | Q(in_return_id__in=ids)
    ).update(state=ShiftSwap.State.CANCELLED, decided_at=swap.decided_at)
    invalidate("stations")  # the shifts changed hands by update(), which sends no signal
    _tell_swap(
        swap,
        swap.requester,
        _("%(name)s takes your shift of %(date)s")
        % {"name": swap.colleague.name, "date": f"{swap.assignment.shift.date:%Y-%m-%d}"},
    )
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


@transaction.atomic
def shifts_release(*, deputies: Iterable[Deputy], start: date | None = None, end: date | None = None) -> int:
    """Take deputies off the coming shifts they can no longer keep: from ``start`` (today at the
    earliest) to ``end`` (open when None) — all of them when a deputy leaves office, a leave's days
    when they are away. Requests to swap those shifts go with them. Staff see the shifts
    left short on the rota and plan again. Returns how many places were freed."""
    today = timezone.localdate()
    start = max(start or today, today)
    ids = [d.pk for d in deputies]
    places = ShiftAssignment.objects.filter(deputy_id__in=ids, shift__date__gte=start)
    if end is not None:
        places = places.filter(shift__date__lte=end)
    place_ids = list(places.values_list("pk", flat=True))
    if not place_ids:
        return 0
    # The requests naming these places go with them (a coming shift's swap is no history to keep).
    ShiftAssignment.objects.filter(pk__in=place_ids).delete()
    invalidate("stations")  # the public station pages name who is on duty
    return len(place_ids)


def shift_feed_for(deputy: Deputy) -> ShiftFeed:
    """The deputy's calendar feed address, made on first use."""
    feed, _created = ShiftFeed.objects.get_or_create(deputy=deputy)
    return feed

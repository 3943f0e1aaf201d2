"""Calendar helpers every app uses (a utility, like ``uploads``): local days as time ranges, months."""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the portal's time zone (Beijing time), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """The days ``start`` to ``end`` (both included) as a half-open range of aware datetimes: filter
    ``field__gte=range[0], field__lt=range[1]`` so an index on the field serves it (``__date`` cannot)."""
    return local_midnight(start), local_midnight(end + timedelta(days=1))


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last day of the month ``month`` falls in."""
    first = month.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (1-31 + 1 = 2-28)."""
    return day + relativedelta(months=months)


def previous_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def between(field: str, start: date | None, end: date | None, *, moments: bool = False) -> Q:
    """ "In this period", once for every query: ``field`` from ``start`` to ``end``, both days included
    (an open end when None). For a date field, plain bounds; for a moment (``moments=True``), the
    half-open range of Beijing days, which an index on the field serves (``__date`` could not)."""
    q = Q()
    if moments:
        if start:
            q &= Q(**{f"{field}__gte": local_midnight(start)})
        if end:
            q &= Q(**{f"{field}__lt": local_midnight(end + timedelta(days=1))})
        return q
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q

"""Reading the query string: one parser per kind of parameter, each answering 400 (not a 500, not
a silent fallback) to a malformed value."""

from datetime import date

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from .converters import MAX_YEAR, MIN_YEAR


def year_param(request, default: int, name: str = "year") -> int:
    """``?year=2026``: a year the portal keeps records for; absent or empty, ``default``."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4 and MIN_YEAR <= int(raw) <= MAX_YEAR):
        raise BadRequest(_("The year must be a number from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return int(raw)


def date_in_range(value: date | None) -> bool:
    """Whether a date lies in the years the portal keeps records for (so adding a year to it works)."""
    return value is None or MIN_YEAR <= value.year <= MAX_YEAR

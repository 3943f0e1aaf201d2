"""The livelihood rules that need no database: when a report is due, what a quarter is, how the
vote's count ranks and chooses candidates."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.converters import MAX_YEAR, MIN_YEAR


def report_due(month: date) -> date:
    """Reports are due on the 30th, or on the last day of a shorter month (February)."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(30, last))


def quarter_months(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"quarter": _("There is no such quarter.")})
    first = date(year, 3 * quarter - 2, 1)
    return first, date(year, 3 * quarter, 1)


@dataclass
class Standing:
    """A candidate's count, for ranking (a plain value: ``rank_candidates`` touches no database)."""

    pk: int
    votes_for: int
    rank: int = 0
    passed: bool = False
    chosen: bool = False
    tied: bool = False


def rank_candidates(standings: list[Standing], *, seats: int, cast: int, majority: Decimal, valid: bool) -> None:
    """Rank by votes for; a candidate passes with more than ``majority`` of the ballots cast in
    favour (and only in a valid vote); the top ``seats`` passing ones are chosen. A tie at the
    cut-off is marked ``tied`` and left to staff, never broken here."""
    for s in standings:
        s.rank = 1 + sum(1 for other in standings if other.votes_for > s.votes_for)
        s.passed = valid and s.votes_for > majority * cast
        s.chosen = s.tied = False
    passing = sorted((s for s in standings if s.passed), key=lambda s: -s.votes_for)
    if len(passing) <= seats:
        for s in passing:
            s.chosen = True
        return
    cut = passing[seats - 1].votes_for
    above = [s for s in passing if s.votes_for > cut]
    at_cut = [s for s in passing if s.votes_for == cut]
    for s in above:
        s.chosen = True
    for s in at_cut:
        if len(above) + len(at_cut) <= seats:
            s.chosen = True
        else:
            s.tied = True

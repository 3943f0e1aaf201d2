"""seed_demo on a given day: the demo's dates follow the rules it shows."""

from datetime import date

import pytest
from django.core.management import call_command

from livelihood.models import CardRating, MonthlyReport
from monthly_statistics.models import MonthlyStatistics

pytestmark = pytest.mark.django_db


def test_the_demo_follows_the_rules_it_shows(time_machine):
    """Reports filed in their month before the 30th are not late; each quarter's card falls in the
    month after the quarter, so a month's statistics count only the cards given in it."""
    time_machine.move_to(date(2026, 11, 23))
    call_command("seed_demo")
    assert MonthlyReport.objects.count() == 10 and not MonthlyReport.objects.filter(is_late=True).exists()
    months = sorted(r.submitted_at.month for r in MonthlyReport.objects.all())
    assert months == list(range(1, 11))  # each in its own month
    cards = sorted((c.quarter, c.rated_at.month) for c in CardRating.objects.all())
    assert cards == [(1, 4), (2, 7), (3, 10)]
    october = MonthlyStatistics.objects.get(month=date(2026, 10, 1), station=None).data
    assert sum(october["cards"].values()) == 1
    assert october["projects"]["late"] == 0

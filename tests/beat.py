"""What beat runs every day, in one call, for the tests of reminders and reports."""

from liaison.tasks import liaison_daily
from livelihood.tasks import livelihood_daily
from monthly_statistics.tasks import statistics_daily
from supervision.tasks import supervision_daily

DAILY_TASKS = [
    "liaison.tasks.liaison_daily",
    "livelihood.tasks.livelihood_daily",
    "supervision.tasks.supervision_daily",
    "monthly_statistics.tasks.statistics_daily",
]


def run_daily() -> dict[str, int]:
    """Every daily task, in process: {what: how many were made}."""
    return {**liaison_daily(), **livelihood_daily(), **supervision_daily(), "statistics": int(statistics_daily())}

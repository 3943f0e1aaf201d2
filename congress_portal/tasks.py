"""Project-level periodic work: the daily reminders of every app and the monthly statistics report
(each one idempotent)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from congress_portal.monthly.services import statistics_due
from liaison.reminders import remind_consultations, remind_shifts
from liaison.services import holidays_sync
from livelihood.reminders import remind_reports
from supervision.reminders import remind_deadlines


@shared_task(acks_late=True, reject_on_worker_lost=True)
def daily_reminders() -> dict[str, int]:
    """Run by beat every day; safe to run twice: every reminder exists once per person and period."""
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):  # reminders are written in Chinese, whoever runs them
        return {
            "reports": remind_reports(today),
            "shifts": remind_shifts(today),
            "consultations": remind_consultations(today),
            "deadlines": remind_deadlines(today),
            # Made on the 1st for the month before; any later day only catches up a missed 1st.
            "statistics": int(statistics_due(today)),
            # A newer holiday package brings next year's statutory holidays (usually in November).
            "holidays": holidays_sync(),
        }

"""The stations' daily work for beat: tomorrow's shift reminders, the month-end consultation notice,
and next year's holidays when the holiday package knows them. Each step is idempotent."""

from celery import shared_task
from django.utils import timezone

from common.i18n import portal_language

from .reminders import remind_consultations, remind_shifts
from .services import holidays_sync


@shared_task(acks_late=True, reject_on_worker_lost=True)
def liaison_daily() -> dict[str, int]:
    today = timezone.localdate()
    with portal_language():
        return {
            "shifts": remind_shifts(today),
            "consultations": remind_consultations(today),
            "holidays": holidays_sync(),
        }

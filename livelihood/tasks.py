"""Livelihood projects' daily work for beat: report and vote reminders (idempotent)."""

from celery import shared_task
from django.utils import timezone

from common.i18n import portal_language

from .reminders import remind_reports, remind_votes


@shared_task(acks_late=True, reject_on_worker_lost=True)
def livelihood_daily() -> dict[str, int]:
    with portal_language():
        return {"reports": remind_reports(timezone.localdate()), "votes": remind_votes()}

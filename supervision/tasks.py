"""Supervision's daily work for beat: deadline reminders to department contacts (idempotent)."""

from celery import shared_task
from django.utils import timezone

from common.i18n import portal_language

from .reminders import remind_deadlines


@shared_task(acks_late=True, reject_on_worker_lost=True)
def supervision_daily() -> dict[str, int]:
    with portal_language():
        return {"deadlines": remind_deadlines(timezone.localdate())}

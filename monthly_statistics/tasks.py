"""The monthly statistics report for beat: made on the 1st for the month before; a later day only
catches up a missed 1st (idempotent: the report exists once, staff are told once)."""

from celery import shared_task
from django.utils import timezone

from common.i18n import portal_language

from .services import statistics_due


@shared_task(acks_late=True, reject_on_worker_lost=True)
def statistics_daily() -> bool:
    with portal_language():
        return statistics_due(timezone.localdate())

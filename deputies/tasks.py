"""Beat's work for the duty record: counting again the months whose records changed (deputies/rollups.py),
so the dashboard and the archive seldom wait for it. Idempotent."""

from celery import shared_task

from .rollups import refresh


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_duty_counts() -> int:
    return refresh()

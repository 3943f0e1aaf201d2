from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def delivery_send(delivery_id: int) -> str:
    return services.delivery_send(delivery_id=delivery_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliveries_sweep() -> int:
    """Send what is due and was not sent: never queued (a broker outage), a worker that died, a
    retry whose queued task was lost. Returns how many were sent."""
    return sum(services.delivery_send(delivery_id=pk) == "sent" for pk in services.due_deliveries())


@shared_task
def export_make(job_id: int) -> str:
    """Make a long export in the background (notifications/exports.py)."""
    from .exports import export_make as make

    return make(job_id)

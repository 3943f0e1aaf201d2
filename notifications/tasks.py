from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notification_email_send(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notification_emails_sweep() -> int:
    """Send the e-mails that could not be queued (a broker outage) or whose worker died."""
    return sum(services.notification_email_send(notification_id=pk) for pk in services.pending_emails())

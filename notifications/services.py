"""Notifications: written to the database first, e-mailed after commit (or later, if Redis is down)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def notify(*, user, key: str, title: str, body: str = "", url: str = "") -> Notification | None:
    """Notify ``user`` once for ``key``; a repeat (beat firing twice, a retried task) does nothing.

    Returns the new notification, or None when it already existed.
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, key=key, title=title, body=body, url=url)
    except IntegrityError:
        return None
    if user.email:
        transaction.on_commit(lambda: _enqueue_email(notification.pk))
    return notification


def _enqueue_email(notification_id: int) -> None:
    from .tasks import notification_email_send

    try:
        notification_email_send.delay(notification_id)
    except Exception:  # a broker that is down must not break the page; the sweep sends it later
        logger.warning("Could not queue the e-mail of notification %s; the hourly sweep will send it.", notification_id)


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Send a notification's e-mail once; True if this call sent it."""
    notification = Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return False
    link = f"{settings.PORTAL_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(notification.title, "\n\n".join(filter(None, [notification.body, link])), None, [notification.user.email])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def pending_emails() -> list[int]:
    return list(
        Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="").values_list("pk", flat=True)[:500]
    )


def mark_read(*, user, pk: int | None = None) -> int:
    """Mark one (or, without ``pk``, every) unread notification of ``user`` read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

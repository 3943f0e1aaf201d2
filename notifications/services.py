"""Notifications: written to the database first (the bell), then sent by each channel the person
chose, one ``Delivery`` per channel, in Celery after commit. A provider that fails is tried again
with growing pauses; the sweep sends what a down broker could not queue; nothing is sent twice."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.phones import digits_of, is_mobile

from .backends import Message, PermanentFailure, TemporaryFailure, backend_for
from .events import DEFAULT_CHANNELS, Channel, Event
from .models import ChannelChoice, ChannelDefault, Delivery, Notification

logger = logging.getLogger(__name__)

# A failed delivery waits 1, 4, 16, 64 … minutes (NOTIFICATION_RETRY_SECONDS × 4ⁿ) before the next
# try, at most a day; it is given up
# after MAX_ATTEMPTS tries (about two days), and staff see it in the list of what was sent.
MAX_ATTEMPTS = 8
SMS_LENGTH = 70  # one text message holds 70 Chinese characters


def channels_for(user, event: str) -> set[str]:
    """The channels ``user`` gets ``event`` by: their own choice, else staff's default, else the
    portal's."""
    choice = ChannelChoice.objects.filter(user=user, event=event).first()
    if choice is not None:
        return choice.channels()
    default = ChannelDefault.objects.filter(event=event).first()
    if default is not None:
        return default.channels()
    return {str(c) for c in DEFAULT_CHANNELS.get(event, {Channel.EMAIL})}


def short_link(notification: Notification) -> str:
    """The link a text message carries: short, and it needs the login to follow."""
    from django.urls import reverse

    return f"{settings.PORTAL_BASE_URL}{reverse('short_link', args=[notification.pk])}"


def one_line(text: str, limit: int = 200) -> str:
    """A subject or title: one line (a newline in a mail header is refused), within ``limit``."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sms_text(title: str, link: str = "") -> str:
    """A text within one message: the title shortened so that it and the link fit in 70 characters."""
    room = SMS_LENGTH - (len(link) + 1 if link else 0)
    if len(title) <= room or "{secret}" in title:  # a text carrying a code is written short; never cut it
        return title
    # What is quoted (“an item's title”) is shortened first, so the words around it — who, what
    # to do, by when — stay whole.
    quoted = max(re.finditer(r"“([^”]*)”", title), key=lambda m: len(m.group(1)), default=None)
    if quoted is not None:
        keep = len(quoted.group(1)) - (len(title) - room) - 1
        if keep >= 4:
            return f"{title[: quoted.start(1)]}{quoted.group(1)[:keep]}…{title[quoted.end(1) :]}"
    return title[: max(room - 1, 0)] + "…"


def notify(
    *, user, key: str, title: str, body: str = "", url: str = "", event: str = Event.OTHER
) -> Notification | None:
    """Notify ``user`` once for ``key``; a repeat (beat firing twice, a retried task) does nothing.

    Returns the new notification, or None when it already existed.
    """
    title = one_line(title)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, key=key, title=title, body=body, url=url, event=event)
    except IntegrityError:
        return None
    if not user.is_active:
        return notification
    for channel in sorted(channels_for(user, event)):
        address = backend_for(channel).address_of(user)
        if not address:
            continue
        if channel == Channel.EMAIL:
            link = f"{settings.PORTAL_BASE_URL}{url}" if url else ""
            text = body or title
        else:
            link = short_link(notification) if url else ""
            text = sms_text(title, link)
        _deliver(
            key=f"notification:{notification.pk}:{channel}",
            notification=notification,
            user=user,
            channel=channel,
            address=address,
            subject=title,
            text=text,
            link=link,
        )
    return notification


def text_phone(
    *, phone: str, key: str, text: str, link: str = "", secret: str = "", subject: str = "", user=None
) -> Delivery | None:
    """A text message to a mobile number, not a notification: a citizen who left theirs, a one-time
    password or a reset code. Once per key. ``text`` may hold "{secret}", filled in only when it is
    sent (see ``Delivery.secret``)."""
    digits = digits_of(phone)
    if not is_mobile(digits):
        return None  # a landline or a foreign number: no text message
    return _deliver(
        key=key,
        channel=Channel.SMS,
        address=digits,
        subject=one_line(subject or text.replace("{secret}", "*" * len(secret))),
        text=sms_text(text, link),
        link=link,
        secret=secret,
        user=user,
    )


def _deliver(**fields) -> Delivery | None:
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(**fields)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int, countdown: int = 0) -> None:
    from .tasks import delivery_send

    try:
        delivery_send.apply_async((delivery_id,), countdown=countdown)
    except Exception:  # a broker that is down must not break the page; the sweep sends it later
        logger.warning("Could not queue delivery %s; the sweep will send it.", delivery_id)


def backoff(attempts: int) -> timedelta:
    seconds = settings.NOTIFICATION_RETRY_SECONDS * 4 ** (attempts - 1)
    return timedelta(seconds=min(seconds, 24 * 3600))


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery if it is due and not sent: "sent", "retry", "failed" or "skipped".

    The row is locked while the provider is called, so two workers (a retry and the sweep) never
    both send it; a sent one is never sent again.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, state=Delivery.State.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if delivery is None:
            return "skipped"
        text = delivery.text.replace("{secret}", delivery.secret) if delivery.secret else delivery.text
        message = Message(delivery.channel, delivery.address, delivery.subject, text, delivery.link)
        delivery.attempts += 1
        try:
            delivery.provider_ref = backend_for(delivery.channel).send(message)[:100]
        except TemporaryFailure as error:
            delivery.last_error = str(error)[:300]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.state = Delivery.State.FAILED
            else:
                delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        except PermanentFailure as error:
            delivery.last_error = str(error)[:300]
            delivery.state = Delivery.State.FAILED
        except Exception as error:  # a backend's own bug: tried again later like an outage, never
            # stopping the sweep's other deliveries; staff see the error if it persists
            logger.exception("Delivery %s failed unexpectedly", delivery.pk)
            delivery.last_error = f"{type(error).__name__}: {error}"[:300]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.state = Delivery.State.FAILED
            else:
                delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        else:
            delivery.state, delivery.sent_at, delivery.last_error = Delivery.State.SENT, timezone.now(), ""
        if delivery.state != Delivery.State.PENDING:
            delivery.secret = ""
        delivery.save(
            update_fields=["attempts", "provider_ref", "last_error", "state", "next_attempt_at", "sent_at", "secret"]
        )
    if delivery.state == Delivery.State.PENDING:
        _enqueue(delivery.pk, countdown=int(backoff(delivery.attempts).total_seconds()))
        return "retry"
    return "sent" if delivery.state == Delivery.State.SENT else "failed"


def due_deliveries(limit: int = 500) -> list[int]:
    """Pending deliveries whose time has come: never queued (a broker outage), a worker that died,
    or a retry whose queued task was lost."""
    return list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by) -> Delivery:
    """Staff send a failed delivery again (after fixing a number or the provider's settings)."""
    if not by.is_committee_staff:
        raise ValidationError(_("Only committee staff can send a message again."))
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state != Delivery.State.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    if "{secret}" in delivery.text:
        raise ValidationError(
            _("This message carried a one-time code that is no longer kept; it cannot be sent again.")
        )
    if delivery.user_id is not None and delivery.notification_id is not None:
        # To where the person is now (staff fix a wrong number, then send again), not the old address.
        address = backend_for(delivery.channel).address_of(delivery.user)
        if not address:
            raise ValidationError(_("This person has no address for this channel now; add it first."))
        delivery.address = address
    delivery.state, delivery.attempts, delivery.next_attempt_at = Delivery.State.PENDING, 0, timezone.now()
    delivery.save(update_fields=["state", "attempts", "next_attempt_at", "address"])
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


@transaction.atomic
def channel_default_set(*, by, event: str, channels: set[str]) -> ChannelDefault:
    """Staff set the channels an event goes by for everyone who has not chosen."""
    if not by.is_committee_staff:
        raise ValidationError(_("Only committee staff can set the default channels."))
    default, _created = ChannelDefault.objects.update_or_create(
        event=event, defaults={channel: channel in channels for channel in Channel.values}
    )
    return default


@transaction.atomic
def channels_choose(*, user, choices: dict[str, set[str]]) -> None:
    """A person's own channels, per event (the bell always shows everything)."""
    for event, channels in choices.items():
        if event not in Event.values:
            continue
        ChannelChoice.objects.update_or_create(
            user=user, event=event, defaults={channel: channel in channels for channel in Channel.values}
        )


def mark_read(*, user, pk: int | None = None) -> int:
    """Mark one (or, without ``pk``, every) unread notification of ``user`` read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def settle(*, key_prefix: str, users=None) -> int:
    """The task these notifications asked for is done (a report filed, a ballot cast, a request
    answered): their unread ones, for ``users`` (everyone without), are marked read, so the bell
    counts only what still waits. ``key_prefix`` ends with ":" (``vote:5:`` is not ``vote:55:``)."""
    assert key_prefix.endswith(":"), key_prefix
    qs = Notification.objects.filter(key__startswith=key_prefix, read_at__isnull=True)
    if users is not None:
        qs = qs.filter(user__in=users)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

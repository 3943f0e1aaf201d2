from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .events import Channel, Event


def mask(address: str) -> str:
    """An address shown to staff: enough to tell which, not enough to copy."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(address) >= 7:
        return f"{address[:3]}****{address[-4:]}"
    return address[:1] + "***"


# Providers' error codes, said in words staff can act on; the code itself stays beside it.
KNOWN_ERRORS = {
    "MOBILE_NUMBER_ILLEGAL": _("the number is not a valid mobile: correct it, then send again"),
    "BUSINESS_LIMIT_CONTROL": _("the provider's daily limit for this number was reached; it is tried again later"),
    "AMOUNT_NOT_ENOUGH": _("the SMS account has no credit left: top it up, then send again"),
    "SMS_SIGNATURE_ILLEGAL": _("the SMS signature is not approved: check the provider's settings"),
    "SMS_TEMPLATE_ILLEGAL": _("the SMS template is not approved: check the provider's settings"),
    "InvalidAccessKeyId": _("the SMS access key is wrong: check the provider's settings"),
    "SignatureDoesNotMatch": _("the SMS access key is wrong: check the provider's settings"),
    "45009": _("WeCom is busy; it is tried again later"),
    "60111": _("WeCom does not know this user ID: correct it, then send again"),
    "81013": _("WeCom does not know this user ID: correct it, then send again"),
    "ConnectionError": _("the provider could not be reached; it is tried again later"),
    "Timeout": _("the provider did not answer in time; it is tried again later"),
    "SMTPRecipientsRefused": _("the mail server refused the address: correct it, then send again"),
    "BadHeaderError": _("the subject could not be sent as a mail header"),
}


def explain_error(error: str) -> str:
    """What a provider's error means for staff ("" when it is not one we know)."""
    for code, meaning in KNOWN_ERRORS.items():
        if code in error:
            return str(meaning)
    return ""


class Notification(models.Model):
    """What someone is told, in the bell; also sent by the channels they chose (see ``Delivery``).
    One per user and key: the key names the person's period and reason
    (``report:2026-11:project:5:due``), so a reminder sent twice exists once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices, default=Event.OTHER)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_user_key")]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # settle(): the unread ones whose key starts with a task's prefix (LIKE 'vote:5:%').
            models.Index(
                fields=["key"],
                name="notification_unread_key",
                condition=models.Q(read_at__isnull=True),
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return self.title


class ChannelSet(models.Model):
    """Which channels an event goes by, besides the bell."""

    email = models.BooleanField(Channel.EMAIL.label, default=True)
    sms = models.BooleanField(Channel.SMS.label, default=False)
    wecom = models.BooleanField(Channel.WECOM.label, default=False)

    class Meta:
        abstract = True

    def channels(self) -> set[str]:
        return {channel for channel in Channel.values if getattr(self, channel)}


class ChannelDefault(ChannelSet):
    """Staff's default channels for an event, for everyone who has not chosen."""

    event = models.CharField(_("event"), max_length=30, choices=Event.choices, unique=True)

    class Meta:
        ordering = ["event"]
        verbose_name = _("default channels of an event")
        verbose_name_plural = _("default channels of events")

    def __str__(self):
        return self.get_event_display()


class ChannelChoice(ChannelSet):
    """A person's own channels for an event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_choices")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)

    class Meta:
        verbose_name = _("channel choice")
        verbose_name_plural = _("channel choices")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_channel_choice_per_event")]

    def __str__(self):
        return f"{self.user} · {self.get_event_display()}"


class Delivery(models.Model):
    """One message by one channel to one address: a notification's e-mail, text or WeCom message, or
    a text to a citizen who left a phone number. Sent once: the key is unique, and a sent delivery is
    never sent again; one that failed for a while is retried with growing pauses."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=220, unique=True)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    # Whose login it is for (a notification's person, or a login sent a one-time password or a
    # reset code); none for a citizen.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    channel = models.CharField(pgettext_lazy("message", "channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(pgettext_lazy("message", "address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=400, blank=True)
    # A secret the text carries in place of "{secret}" (a citizen's tracking code): kept only until
    # the message is sent or given up, so the list of messages never shows it.
    secret = models.CharField(max_length=40, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    provider_ref = models.CharField(_("provider's reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["-created_at", "-id"], name="delivery_recent"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}"


class ExportJob(models.Model):
    """A long export (a work list of 100,000 items) made in the background: the person who asked
    watches its progress and downloads the file when it is done (notifications/exports.py)."""

    class State(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("export", "waiting")
        RUNNING = "running", pgettext_lazy("export", "being made")
        DONE = "done", pgettext_lazy("export", "ready")
        FAILED = "failed", pgettext_lazy("export", "failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(max_length=60)
    params = models.TextField(blank=True)  # the list's filters, as its query string
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    total = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, round(100 * self.done_rows / self.total)) if self.total else 0

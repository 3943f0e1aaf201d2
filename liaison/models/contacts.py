"""Contacts with constituents: receptions and the opinions raised at them or online."""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.choices import SatisfactionRating
from common.uploads import IMAGE_EXTENSIONS, content_type_of, extension_of, validate_upload
from deputies.models import Deputy, phone_validator
from supervision.models import SupervisionItem

from .places import Station
from .rota import ReceptionShift


class Category(models.TextChoices):
    """What a citizen's matter is about; shared by receptions and opinions."""

    URBAN = "urban", _("urban construction and management")
    TRANSPORT = "transport", _("transport")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health care")
    SOCIAL_SECURITY = "social_security", _("social security and elderly care")
    ENVIRONMENT = "environment", _("environment")
    PUBLIC_SAFETY = "public_safety", _("public safety")
    ECONOMY = "economy", _("economy and business")
    COMMUNITY = "community", _("community affairs")
    OTHER = "other", _("other")


class Reception(models.Model):
    """One meeting with constituents, typed once by the deputy; every register reads from it."""

    SEARCHED = ("content", "action_taken")  # staff search's words (common/search.py, migration 0010)

    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("face to face at the station")
        LIAISON_POST = "liaison_post", _("at a liaison post")
        HOME_VISIT = "home_visit", _("home visit")
        LETTER = "letter", _("letter")
        PHONE = "phone", _("phone call")
        EMAIL = "email", _("e-mail")
        WECHAT = "wechat_group", _("WeChat group")
        ONLINE = "online_form", _("online form")

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="receptions")
    date = models.DateField(_("date"))
    # A shift with receptions logged cannot be deleted (from the rota or the admin): the month's
    # kept and missed shifts are read from it.
    shift = models.ForeignKey(
        ReceptionShift,
        verbose_name=_("shift"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
    )
    logged_by = models.ForeignKey(
        Deputy, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="logged_receptions"
    )
    receivers = models.ManyToManyField(Deputy, verbose_name=_("received by"), related_name="receptions")
    channel = models.CharField(
        pgettext_lazy("reception", "channel"), max_length=20, choices=Channel.choices, default=Channel.FACE_TO_FACE
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    visitor_name = models.CharField(_("visitor's name"), max_length=50, blank=True)
    visitor_phone = models.CharField(_("visitor's phone"), max_length=20, blank=True, validators=[phone_validator])
    visitor_count = models.PositiveSmallIntegerField(_("people received"), default=1)
    content = models.TextField(_("what they raised"))
    action_taken = models.TextField(_("what was done"), blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        indexes = [
            models.Index(fields=["station", "date"]),
            # Covering: the dashboard's yearly counts read date and visitors without touching the rows.
            models.Index(fields=["date"], include=["visitor_count"], name="reception_date_people"),
        ]
        constraints = [models.CheckConstraint(condition=Q(visitor_count__gte=1), name="reception_has_visitors")]

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d} {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("liaison:reception_detail", args=[self.pk])


TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # read out over the phone: no 0/O or 1/I/L


def opinion_photo_path(instance, filename):
    """A random name: a citizen's file name (often their own name, or a date and place) is not
    kept, and no one guesses another's photo from its address."""
    return f"opinions/{instance.station_id}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension_of(filename)}"


def validate_image(file) -> None:
    """A photo: an image (by extension and first bytes), at most 20 MB."""
    if extension_of(getattr(file, "name", "") or "") not in IMAGE_EXTENSIONS:
        raise ValidationError(_("Choose a photo (JPG, PNG, GIF or WebP)."), code="not_an_image")
    validate_upload(file)


def new_tracking_code() -> str:
    """Ten characters a citizen can read out over the phone."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def normal_code(code: str) -> str:
    """A tracking code as printed: capitals, no spaces (citizens type "zsfd 4542h9")."""
    return "".join(code.split()).upper()


def tracking_digests(code: str) -> list[str]:
    """The stored forms of a tracking code: a keyed hash under the current secret key and each
    fallback, so a code still works after the key is rotated. The code itself is never stored: it
    is the citizen's only credential, so neither staff, a department nor a database reader may see it."""
    cleaned = normal_code(code)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac("liaison.Opinion.tracking_code", cleaned, secret=key, algorithm="sha256").hexdigest()
        for key in keys
    ]


class Opinion(models.Model):
    """A citizen's opinion, raised at a reception or online, followed to an answer with a tracking code."""

    SEARCHED = ("content", "resolution")  # staff search's words (common/search.py, migration 0010)

    class Source(models.TextChoices):
        RECEPTION = "reception", _("raised at a reception")
        ONLINE = "online", _("submitted online")

    class State(models.TextChoices):
        NEW = "new", _("received")
        ACCEPTED = "accepted", _("accepted")
        FORWARDED = "forwarded", _("forwarded to a department")
        RESOLVED = "resolved", _("answered by the station")

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="opinions")
    reception = models.ForeignKey(
        Reception, verbose_name=_("reception"), on_delete=models.CASCADE, null=True, blank=True, related_name="opinions"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.RECEPTION)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    content = models.TextField(_("opinion"))
    citizen_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    # What the citizen may add online: a photo of the matter and where it is (typed, and the phone's
    # position if they allow it). Staff and those handling it see them; the public pages never do.
    photo = models.FileField(_("photo"), upload_to=opinion_photo_path, blank=True, validators=[validate_image])
    photo_type = models.CharField(max_length=100, editable=False, blank=True)
    location = models.CharField(pgettext_lazy("opinion", "where"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    date = models.DateField(
        _("date"), help_text=_("When it was raised: the reception's date, or the day it was submitted online.")
    )
    # A keyed hash of the citizen's tracking code (see tracking_digests); none for opinions raised
    # at a reception, whose citizens follow them through the deputy.
    tracking_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACCEPTED)
    resolution = models.TextField(_("answer given"), blank=True)
    resolved_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    citizen_rating = models.CharField(
        _("citizen's rating"), max_length=20, choices=SatisfactionRating.choices, blank=True
    )
    citizen_feedback = models.TextField(_("citizen's feedback"), blank=True)
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
    # Staff reopened it after the citizen was not satisfied; the citizen rates the next answer too.
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("to be done again"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    items = GenericRelation(
        SupervisionItem,
        content_type_field="source_content_type",
        object_id_field="source_object_id",
        related_query_name="opinion",
    )

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        indexes = [
            models.Index(fields=["station", "date"]),
            models.Index(fields=["date"]),
            models.Index(fields=["state"]),
            models.Index(fields=["-created_at", "-id"], name="opinion_newest_first"),
            # Staff's "citizens unsatisfied with the answer" (liaison.selectors): the few rated so,
            # not a scan of millions.
            models.Index(
                fields=["feedback_at"],
                include=["reopened_at"],
                condition=Q(citizen_rating="unsatisfied"),
                name="opinion_unsatisfied",
            ),
        ]

    def __str__(self):
        return _("Opinion no. %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        if self.photo and not self.photo_type:
            self.photo_type = content_type_of(self.photo)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("liaison:opinion_detail", args=[self.pk])

    @property
    def waits_for_reopening(self) -> bool:
        """The citizen rated the answer 不满意 and staff have not reopened it since."""
        return self.citizen_rating == SatisfactionRating.UNSATISFIED and not (
            self.reopened_at and self.feedback_at and self.reopened_at > self.feedback_at
        )

    @property
    def takes_feedback(self) -> bool:
        """The citizen has not rated the current answer: never rated, or staff reopened it since."""
        return not self.feedback_at or bool(self.reopened_at and self.feedback_at < self.reopened_at)

    def issue_tracking_code(self) -> str:
        """Give the opinion a new tracking code; return it (to show the citizen once) and keep its hash."""
        code = new_tracking_code()
        self.tracking_digest = tracking_digests(code)[0]
        return code

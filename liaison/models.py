import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.uploads import IMAGE_TYPES, UNKNOWN, content_type_of, validate_upload
from deputies.models import Deputy, DutyReport, phone_validator
from supervision.models import SupervisionItem


class SubDistrict(models.Model):
    """A sub-district (街道) of the zone."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("sub-district")
        verbose_name_plural = _("sub-districts")

    def __str__(self):
        return self.name


class Station(models.Model):
    """A place deputies meet constituents, in the 1+7+N matrix.

    One zone Home of Deputies (no sub-district), one Home per sub-district, and N liaison
    stations, each under its sub-district's Home.
    """

    class Kind(models.TextChoices):
        ZONE_HOME = "zone_home", _("zone Home of Deputies")
        SUBDISTRICT_HOME = "subdistrict_home", _("sub-district Home of Deputies")
        STATION = "station", _("liaison station")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATION)
    sub_district = models.ForeignKey(
        SubDistrict,
        verbose_name=_("sub-district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("For example: every Wednesday 9:00–11:30, 14:30–17:00"),
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Home or station")
        verbose_name_plural = _("Homes and stations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="zone_home", sub_district__isnull=True, parent__isnull=True)
                | (~Q(kind="zone_home") & Q(sub_district__isnull=False)),
                name="station_kind_matches_place",
                violation_error_message=_(
                    "The zone Home has no sub-district and belongs to nothing; every other Home or "
                    "station belongs to a sub-district."
                ),
            ),
            models.UniqueConstraint(
                fields=["sub_district"],
                condition=Q(kind="subdistrict_home"),
                name="one_home_per_subdistrict",
                violation_error_message=_("This sub-district already has a Home of Deputies."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("liaison:station_public", args=[self.pk])

    def clean(self):
        super().clean()
        if self.kind == self.Kind.ZONE_HOME:
            if self.sub_district_id or self.parent_id:
                raise ValidationError(_("The zone Home has no sub-district and belongs to nothing."))
            return
        if not self.sub_district_id:
            raise ValidationError({"sub_district": _("Choose the sub-district this Home or station is in.")})
        if self.parent_id:
            expected = self.Kind.ZONE_HOME if self.kind == self.Kind.SUBDISTRICT_HOME else self.Kind.SUBDISTRICT_HOME
            if self.parent.kind != expected:
                raise ValidationError(
                    {"parent": _("A sub-district Home belongs to the zone Home; a station to a sub-district Home.")}
                )
            if self.kind == self.Kind.STATION and self.parent.sub_district_id != self.sub_district_id:
                raise ValidationError({"parent": _("A station belongs to the Home of its own sub-district.")})


class StationMember(models.Model):
    """A deputy's or council member's home station: where they take Wednesday shifts."""

    deputy = models.OneToOneField(
        Deputy, verbose_name=_("deputy or council member"), on_delete=models.CASCADE, related_name="station_membership"
    )
    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="members")
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["station", "deputy__name"]
        verbose_name = _("station member")
        verbose_name_plural = _("station members")

    def __str__(self):
        return f"{self.deputy} @ {self.station}"


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


class Holiday(models.Model):
    """A statutory day off; no reception shift falls on it. Seeded from chinese-calendar, edited by staff."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["date"]
        verbose_name = _("statutory holiday")
        verbose_name_plural = _("statutory holidays")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class HolidayYear(models.Model):
    """A year whose list of statutory holidays is complete, so the rota may plan in it: a year the
    holiday package (chinese-calendar) covers, or one staff confirmed after entering the State
    Council's notice. One holiday entered for a year does not make its list complete."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("from the holiday calendar package")
        STAFF = "staff", _("confirmed by staff")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("complete holiday year")
        verbose_name_plural = _("complete holiday years")

    def __str__(self):
        return str(self.year)


class ReceptionShift(models.Model):
    """A Wednesday (or a day staff add) on which people receive constituents at a station."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="shifts")
    date = models.DateField(_("date"))
    deputies = models.ManyToManyField(
        Deputy, verbose_name=_("on duty"), through="ShiftAssignment", related_name="shifts", blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "station"]
        verbose_name = _("reception shift")
        verbose_name_plural = _("reception shifts")
        constraints = [models.UniqueConstraint(fields=["station", "date"], name="one_shift_per_station_day")]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d}"


class ShiftAssignment(models.Model):
    shift = models.ForeignKey(ReceptionShift, on_delete=models.CASCADE, related_name="assignments")
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("on duty"), on_delete=models.PROTECT, related_name="shift_assignments"
    )

    class Meta:
        ordering = ["shift__date", "deputy__name"]
        verbose_name = _("person on duty")
        verbose_name_plural = _("people on duty")
        constraints = [models.UniqueConstraint(fields=["shift", "deputy"], name="one_assignment_per_person_shift")]

    def __str__(self):
        return f"{self.shift}: {self.deputy}"


class ShiftSwap(models.Model):
    """A deputy asks a colleague to take their shift, optionally taking one of the colleague's in return."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the colleague")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    assignment = models.ForeignKey(
        ShiftAssignment, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="swaps"
    )
    requester = models.ForeignKey(Deputy, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+")
    colleague = models.ForeignKey(
        Deputy, verbose_name=_("colleague"), on_delete=models.PROTECT, related_name="swap_requests"
    )
    in_return = models.ForeignKey(
        ShiftAssignment,
        verbose_name=_("colleague's shift taken in return"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")

    def __str__(self):
        return f"{self.assignment} → {self.colleague}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class ShiftFeed(models.Model):
    """The secret address of a deputy's shift calendar (calendar apps cannot log in)."""

    deputy = models.OneToOneField(Deputy, on_delete=models.CASCADE, related_name="shift_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    def __str__(self):
        return f"{self.deputy}"


class Reception(models.Model):
    """One meeting with constituents, typed once by the deputy; every register reads from it."""

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
    shift = models.ForeignKey(
        ReceptionShift,
        verbose_name=_("shift"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receptions",
    )
    logged_by = models.ForeignKey(
        Deputy, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="logged_receptions"
    )
    receivers = models.ManyToManyField(Deputy, verbose_name=_("received by"), related_name="receptions")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.FACE_TO_FACE)
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


def new_tracking_code() -> str:
    """Ten characters a citizen can read out over the phone."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def tracking_digests(code: str) -> list[str]:
    """The stored forms of a tracking code: a keyed hash under the current secret key and each
    fallback, so a code still works after the key is rotated. The code itself is never stored: it
    is the citizen's only credential, so neither staff, a department nor a database reader may see it."""
    cleaned = "".join(code.split()).upper()
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac("liaison.Opinion.tracking_code", cleaned, secret=key, algorithm="sha256").hexdigest()
        for key in keys
    ]


class Opinion(models.Model):
    """A citizen's opinion, raised at a reception or online, followed to an answer with a tracking code."""

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
    citizen_name = models.CharField(_("name"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    date = models.DateField(
        _("date"), help_text=_("When it was raised: the reception's date, or the day it was submitted online.")
    )
    # A keyed hash of the citizen's tracking code (see tracking_digests); none for opinions raised
    # at a reception, whose citizens follow them through the deputy.
    tracking_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACCEPTED)
    resolution = models.TextField(_("answer given"), blank=True)
    citizen_rating = models.CharField(
        _("citizen's rating"), max_length=20, choices=DutyReport.Rating.choices, blank=True
    )
    citizen_feedback = models.TextField(_("citizen's feedback"), blank=True)
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
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
        ]

    def __str__(self):
        return _("Opinion no. %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("liaison:opinion_detail", args=[self.pk])

    def issue_tracking_code(self) -> str:
        """Give the opinion a new tracking code; return it (to show the citizen once) and keep its hash."""
        code = new_tracking_code()
        self.tracking_digest = tracking_digests(code)[0]
        return code


class Activity(models.Model):
    """A meeting, inspection, research visit or training held at or by a station, with who attended."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        INSPECTION = "inspection", _("inspection")
        RESEARCH = "research", _("research")
        TRAINING = "training", _("training")
        DELIBERATION = "deliberation", _("collective deliberation")
        OTHER = "other", _("other activity")

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="activities")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    attendees = models.ManyToManyField(Deputy, verbose_name=_("attendees"), related_name="station_activities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("station activity")
        verbose_name_plural = _("station activities")
        indexes = [models.Index(fields=["station", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class ArchiveEntry(models.Model):
    """An entry of the station's archive (一档): its history, residents, featured work, yearly summaries."""

    class Section(models.TextChoices):
        CONSTRUCTION = "construction", _("construction and improvement")
        OPERATION = "operation", _("operation")
        RESIDENTS = "residents", _("resident deputies")
        FEATURED = "featured", _("featured work")
        SUMMARY = "summary", _("yearly summary")

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="archive")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "-year", "-pk"]
        verbose_name = _("archive entry")
        verbose_name_plural = _("station archive (一档)")

    def __str__(self):
        return self.title


def archive_path(instance, filename):
    return f"archive/{instance.entry.station_id}/{filename}"


class ArchiveFile(models.Model):
    entry = models.ForeignKey(ArchiveEntry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=archive_path, validators=[validate_upload])
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    # Fixed from the file's content when it is saved; the file is always served as this type.
    content_type = models.CharField(_("file type"), max_length=100, editable=False, default=UNKNOWN)

    class Meta:
        verbose_name = _("archive file")
        verbose_name_plural = _("images and files")

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if self.file and (self._state.adding or self.content_type == UNKNOWN):
            self.content_type = content_type_of(self.file)
        super().save(*args, **kwargs)

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


class Consultation(models.Model):
    """The month-end consultation (月度会商) of a station's receivers; it issues supervision opinions."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="consultations"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month discussed."))
    held_on = models.DateField(_("held on"))
    attendees = models.ManyToManyField(Deputy, verbose_name=_("attendees"), related_name="consultations")
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    items = GenericRelation(
        SupervisionItem,
        content_type_field="source_content_type",
        object_id_field="source_object_id",
        related_query_name="consultation",
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("month-end consultation")
        verbose_name_plural = _("month-end consultations")
        constraints = [
            models.UniqueConstraint(fields=["station", "month"], name="one_consultation_per_station_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="consultation_month_is_first_day"),
        ]

    def __str__(self):
        return _("%(station)s consultation %(month)s") % {"station": self.station, "month": f"{self.month:%Y-%m}"}

    def get_absolute_url(self):
        return reverse("liaison:consultation", args=[self.station_id, self.month.year, self.month.month])

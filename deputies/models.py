import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.choices import SatisfactionRating

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 -]{5,18}[0-9]$",
    _("Enter a phone number of digits, spaces or dashes, e.g. 13800138000 or 0579-87123456."),
)


class Level(models.Model):
    """A level of people's congress a deputy sits in; a deputy may sit in several."""

    class Code(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")
        MUNICIPAL = "municipal", _("municipal")
        DISTRICT = "district", _("district (county)")
        TOWNSHIP = "township", _("township")

    code = models.CharField(pgettext_lazy("level", "code"), max_length=20, choices=Code.choices, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the highest level."))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return str(self.get_code_display())


class Deputy(models.Model):
    """A people's congress deputy or a member of the deliberation council (议政会成员).

    Both do duties through the portal (reception shifts, 1+1+1 claims, votes); only deputies
    have congress levels. Where a person sits (station, sub-district) is kept by ``liaison``.
    """

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("deputy")
        COUNCIL_MEMBER = "council_member", _("council member")

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPUTY)
    levels = models.ManyToManyField(
        Level,
        verbose_name=_("levels"),
        blank=True,
        related_name="deputies",
        help_text=_("Every congress level the deputy sits in. Council members have none."),
    )
    constituency = models.CharField(_("constituency"), max_length=100, blank=True)
    occupation = models.CharField(_("work unit and post"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    term = models.CharField(_("term"), max_length=30, blank=True, help_text=_("For example 第十八届."))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive people keep their records but get no new duties.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("deputy or council member")
        verbose_name_plural = _("deputies and council members")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=~Q(phone=""),
                name="deputy_phone_unique",
                violation_error_message=_("Another deputy or council member already has this phone number."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self):
        return self.name


class DeputyGroup(models.Model):
    """A deputy group (代表小组) or a professional group (专业小组)."""

    class Kind(models.TextChoices):
        DEPUTY_GROUP = "deputy_group", _("deputy group")
        PROFESSIONAL_GROUP = "professional_group", _("professional group")

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    leader = models.ForeignKey(
        Deputy,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_groups",
    )
    members = models.ManyToManyField(Deputy, verbose_name=_("members"), blank=True, related_name="deputy_groups")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("deputy and professional groups")

    def __str__(self):
        return self.name


class Leave(models.Model):
    """A period a deputy is away (illness, study, secondment): no reception shifts then."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy or council member"), on_delete=models.CASCADE, related_name="leaves"
    )
    start = models.DateField(pgettext_lazy("period", "from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="leave_ends_after_start",
                violation_error_message=_("A leave cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.deputy} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


def new_rating_token() -> str:
    return secrets.token_urlsafe(12)


class DutyReport(models.Model):
    """A deputy's report to voters (述职), with the 述·晒·评 review: the deputy reports (述) and shows
    results (晒); the voters present evaluate (评) — each by phone through the QR code shown at the
    meeting, or on a paper slip staff enter (VoterRating). The deputy never types the 评."""

    deputy = models.ForeignKey(Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="duty_reports")
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=200, help_text=_("Who listened, e.g. 选区选民代表 40 人."))
    summary = models.TextField(_("report (述)"))
    results = models.TextField(_("results shown (晒)"), blank=True)
    attendance = models.PositiveIntegerField(_("voters present"), null=True, blank=True)
    # In the QR code shown at the meeting: who holds it was there (the form is open that day and the next).
    rating_token = models.CharField(max_length=32, unique=True, null=True, default=new_rating_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("duty report (述职)")
        verbose_name_plural = _("duty reports (述职)")
        indexes = [models.Index(fields=["deputy", "date"])]

    def __str__(self):
        return f"{self.deputy} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("deputies:duty_report_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.deputy_id and not self.deputy.is_active:
            raise ValidationError(
                {"deputy": _("%(name)s is not active and cannot report.") % {"name": self.deputy.name}}
            )


def voter_phone_digest(phone: str) -> str:
    """A voter's phone as kept with their rating: a keyed hash, enough to refuse a second rating
    from the same phone, never the number."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return salted_hmac("deputies.VoterRating.phone", digits, algorithm="sha256").hexdigest()


class VoterRating(models.Model):
    """One voter's 评 of a 述职: by phone through the meeting's QR code, or a paper slip staff enter."""

    report = models.ForeignKey(DutyReport, on_delete=models.CASCADE, related_name="voter_ratings")
    rating = models.CharField(_("rating"), max_length=20, choices=SatisfactionRating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    phone_digest = models.CharField(max_length=64, blank=True, editable=False)
    slip = models.CharField(_("paper slip number"), max_length=20, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("voter's rating")
        verbose_name_plural = _("voters' ratings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(phone_digest="") & ~Q(slip="")) | (~Q(phone_digest="") & Q(slip="")),
                name="voter_rating_by_phone_or_slip",
            ),
            models.UniqueConstraint(
                fields=["report", "phone_digest"],
                condition=~Q(phone_digest=""),
                name="one_rating_per_phone",
                violation_error_message=_("This phone has already rated this report."),
            ),
            models.UniqueConstraint(
                fields=["report", "slip"],
                condition=~Q(slip=""),
                name="one_rating_per_slip",
                violation_error_message=_("This slip has already been entered."),
            ),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.rating}"


class DutyActivity(models.Model):
    """A duty activity not tied to a station: inspection, research, training, legislation, a group's
    activity, a firm visit, grassroots governance, a good deed. Recorded once, with who attended."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection")
        RESEARCH = "research", _("research")
        TRAINING = "training", _("training")
        LEGISLATIVE = "legislative", _("legislative activity")
        DELIBERATION = "deliberation", _("collective deliberation")
        GROUP = "group", _("group activity")
        FIRM_VISIT = "firm_visit", _("visit to firms")
        GOVERNANCE = "governance", _("grassroots governance")
        GOOD_DEED = "good_deed", _("a good deed for the people")
        SERIES = "series", _("the committee's series of activities")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    firms_visited = models.PositiveSmallIntegerField(_("firms visited"), default=0)
    attendees = models.ManyToManyField(Deputy, verbose_name=_("attendees"), related_name="duty_activities")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("duty activity")
        verbose_name_plural = _("duty activities")
        indexes = [models.Index(fields=["date", "kind"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class SevenTask(models.TextChoices):
    """The 七个一: the seven duties a deputy does each year (article 002)."""

    CONTACTS = "contacts", _("contacted a batch of constituents")
    OPINIONS = "opinions", _("collected a batch of public opinion")
    SUGGESTIONS = "suggestions", _("filed at least one valuable suggestion")
    GOVERNANCE = "governance", _("took part in grassroots governance")
    PROBLEMS = "problems", _("helped solve at least one concrete problem")
    GOOD_DEEDS = "good_deeds", _("did at least one good deed for the people")
    SERIES = "series", _("took part in the committee's series of activities")


class SevenTaskThresholds(models.Model):
    """How much of each of the 七个一 a year needs; one row, edited by staff."""

    contacts = models.PositiveSmallIntegerField(_("constituents to contact"), default=20)
    opinions = models.PositiveSmallIntegerField(_("opinions to collect"), default=5)
    suggestions = models.PositiveSmallIntegerField(_("suggestions to file"), default=1)
    governance = models.PositiveSmallIntegerField(_("grassroots governance activities"), default=1)
    problems = models.PositiveSmallIntegerField(_("problems to help solve"), default=1)
    good_deeds = models.PositiveSmallIntegerField(_("good deeds"), default=1)
    series = models.PositiveSmallIntegerField(_("committee activities to attend"), default=1)

    class Meta:
        verbose_name = _("七个一 thresholds")
        verbose_name_plural = _("七个一 thresholds")

    def __str__(self):
        return str(_("七个一 thresholds"))

    @classmethod
    def current(cls) -> "SevenTaskThresholds":
        return cls.objects.get_or_create(pk=1)[0]


class DutyRhythm(models.Model):
    """Which duty rhythm a year follows — the deputies' 七个一 (article 002), the stations' and
    studios' 六个一 (article 004), or both — and how many of each 六个一 activity a period needs.
    One row per year, edited by staff; a year without a row follows both, one of each."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    seven = models.BooleanField(_("七个一 (each deputy, each year)"), default=True)
    six = models.BooleanField(_("六个一 (each station or studio)"), default=True)
    receptions_per_month = models.PositiveSmallIntegerField(_("receptions a month"), default=1)
    deliberations_per_two_months = models.PositiveSmallIntegerField(
        _("collective deliberations every two months"), default=1
    )
    joint_per_quarter = models.PositiveSmallIntegerField(_("joint activities a quarter"), default=1)
    inspections_per_quarter = models.PositiveSmallIntegerField(_("inspections a quarter"), default=1)
    research_per_half_year = models.PositiveSmallIntegerField(_("research reports a half year"), default=1)
    legislative_per_year = models.PositiveSmallIntegerField(_("legislative activities a year"), default=1)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("duty rhythm")
        verbose_name_plural = _("duty rhythms")
        constraints = [
            models.CheckConstraint(
                condition=Q(seven=True) | Q(six=True),
                name="a_year_follows_a_rhythm",
                violation_error_message=_("A year follows the 七个一, the 六个一 or both."),
            )
        ]

    def __str__(self):
        return str(self.year)

    @classmethod
    def for_year(cls, year: int) -> "DutyRhythm":
        """The year's row, or the default (both rhythms, one of each) when staff have set none."""
        return cls.objects.filter(year=year).first() or cls(year=year)


class SevenTaskConfirmation(models.Model):
    """Staff confirm an item of the 七个一 that needs judgement (a deed the records cannot show)."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="seven_task_confirmations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(_("item"), max_length=20, choices=SevenTask.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("七个一 confirmation")
        verbose_name_plural = _("七个一 confirmations")
        constraints = [models.UniqueConstraint(fields=["deputy", "year", "item"], name="one_confirmation_per_item")]

    def __str__(self):
        return f"{self.deputy_id} {self.year} {self.item}"


class DutyCount(models.Model):
    """One duty source's count for one deputy in one month: the rollup the 七个一, the archive and
    the dashboard read (deputies/rollups.py), made from the records and never typed."""

    source = models.CharField(max_length=40)
    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "source", "deputy"], name="duty_count_unique")]

    def __str__(self):
        return f"{self.source} {self.deputy_id} {self.month:%Y-%m}: {self.n}"


class TeamCount(models.Model):
    """How many of one duty source's records a team did in one month: the team is the sorted ids of
    the deputies who took part ("" when none did). A table row that counts each record once however
    many of its people took part (the dashboard's levels, groups and sub-districts) adds up the
    teams with someone in the row, whoever is in the row today (deputies/rollups.py)."""

    source = models.CharField(max_length=40)
    team = models.TextField(blank=True)  # "3,17,42"
    month = models.DateField()  # the month's first day
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "source"], name="team_count_month")]

    def __str__(self):
        return f"{self.source} [{self.team}] {self.month:%Y-%m}: {self.n}"


class DutyMonthChanged(models.Model):
    """A record of the month changed since its counts were made: one row per change, only ever
    inserted by writers (no lock), removed by the refresh that counted it."""

    month = models.DateField(db_index=True)

    def __str__(self):
        return f"{self.month:%Y-%m}"


class DutyYearCounted(models.Model):
    """The years whose counts were made once from every record (the first read of a year does it)."""

    year = models.PositiveSmallIntegerField(unique=True)

    def __str__(self):
        return str(self.year)

import calendar
import secrets
import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.uploads import validate_upload
from deputies.models import Deputy, SatisfactionRating
from supervision.models import Department, SupervisionItem

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Vote(models.Model):
    """The year's vote on livelihood projects (票决) by deputies and/or council members."""

    class Electorate(models.TextChoices):
        DEPUTIES = "deputies", _("deputies")
        COUNCIL = "council", _("council members")
        BOTH = "both", _("deputies and council members")

    class Mode(models.TextChoices):
        EACH = "each", _("for, against or abstain on each candidate")
        PICK = "pick", _("pick up to the number of projects")

    class State(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("open for voting")
        CLOSED = "closed", _("closed and counted")
        PUBLISHED = "published", _("results published")

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("projects to choose"), default=10, validators=[MinValueValidator(1)])
    electorate = models.CharField(_("who votes"), max_length=10, choices=Electorate.choices, default=Electorate.BOTH)
    mode = models.CharField(_("ballot"), max_length=10, choices=Mode.choices, default=Mode.EACH)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    quorum = models.DecimalField(
        _("quorum"), max_digits=3, decimal_places=2, default=Decimal("0.50"),
        help_text=_("The vote counts only if more than this share of the electorate voted."),
    )  # fmt: skip
    majority = models.DecimalField(
        _("majority"), max_digits=3, decimal_places=2, default=Decimal("0.50"),
        help_text=_("A candidate passes only with more than this share of the ballots cast in favour."),
    )  # fmt: skip
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    electorate_size = models.PositiveIntegerField(_("electorate"), default=0)
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), default=0)
    is_valid = models.BooleanField(_("valid"), null=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("livelihood project vote")
        verbose_name_plural = _("livelihood project votes")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(quorum__gte=0, quorum__lt=1, majority__gte=0, majority__lt=1), name="vote_fractions"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("livelihood:vote", args=[self.pk])

    @property
    def is_open_now(self) -> bool:
        return self.state == self.State.OPEN and self.opens_at <= timezone.now() < self.closes_at


class Candidate(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    milestones = models.TextField(_("planned milestones"), blank=True, help_text=_("One per line, e.g. 2027-03 开工."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The count, filled when the vote closes.
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    chosen = models.BooleanField(_("chosen"), default=False)
    tied = models.BooleanField(_("tied at the cut-off"), default=False)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")

    def __str__(self):
        return self.title


class CandidateSubItem(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sub_items")
    title = models.CharField(_("title"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")

    def __str__(self):
        return self.title


class Elector(models.Model):
    """Who may vote, fixed when the vote opens."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="electors")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="electorates")

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electors")
        constraints = [models.UniqueConstraint(fields=["vote", "deputy"], name="one_elector_row_per_vote")]

    def __str__(self):
        return f"{self.vote_id}:{self.deputy_id}"


class Turnout(models.Model):
    """That someone voted, and how: never what. The unique key is the one-vote-per-voter rule."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("paper ballot at the session")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="turnout")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("voted"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("turnout")
        verbose_name_plural = _("turnout")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "deputy"],
                name="one_ballot_per_voter",
                violation_error_message=_("You have already voted."),
            ),
        ]

    def __str__(self):
        return f"{self.vote_id}:{self.deputy_id} {self.channel}"


class VoteChoice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")


# A ballot's choices as one letter per candidate, candidates in the order of their ids; "-" is a
# candidate not picked (pick mode). Every ballot of a vote is then the same length, sealed or opened.
LETTERS = {VoteChoice.FOR: "F", VoteChoice.AGAINST: "A", VoteChoice.ABSTAIN: "B"}
NOT_PICKED = "-"


class SealedBallot(models.Model):
    """A ballot as cast, its choices sealed with a key the database does not hold (``sealing``).

    It is written in the same transaction as the voter's Turnout, so a database reader can pair
    the two; the seal is what keeps the choice secret until the vote closes and the box is opened."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="sealed_ballots")
    sealed = models.TextField()

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")

    def __str__(self):
        return str(self.id)


def new_receipt() -> str:
    return secrets.token_hex(6).upper()


def receipt_digests(code: str) -> list[str]:
    """The stored forms of a receipt code: a keyed hash (under the current key and each fallback)."""
    cleaned = "".join(code.split()).upper()
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac("livelihood.Receipt", cleaned, secret=key, algorithm="sha256").hexdigest() for key in keys]


class Receipt(models.Model):
    """The voter's proof that their ballot went into the box; it holds nothing of what it said.
    Only a keyed hash of the code is kept, and no opened ballot carries it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="receipts")
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self):
        return str(self.id)


class Ballot(models.Model):
    """An opened ballot: written when the vote closes, every ballot of the vote in one transaction
    and in random order, with a random id, no time and no relation to anyone, so it can be recounted
    but never traced back."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    choices = models.TextField(_("choices"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(self.id)


class PaperTally(models.Model):
    """Paper ballots counted at a session: the tally sheet's totals per candidate."""

    vote = models.OneToOneField(Vote, on_delete=models.CASCADE, related_name="paper_tally")
    ballots = models.PositiveIntegerField(_("paper ballots"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    sheet = models.FileField(_("tally sheet"), upload_to="livelihood/tally/", blank=True, validators=[validate_upload])

    class Meta:
        verbose_name = _("paper tally")
        verbose_name_plural = _("paper tallies")

    def __str__(self):
        return f"{self.vote_id}: {self.ballots}"


class PaperTallyLine(models.Model):
    tally = models.ForeignKey(PaperTally, on_delete=models.CASCADE, related_name="lines")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tally", "candidate"], name="one_tally_line_per_candidate")]

    def __str__(self):
        return f"{self.candidate_id}: {self.votes_for}/{self.votes_against}/{self.votes_abstain}"


class Project(models.Model):
    """One of the year's livelihood projects (民生实事), chosen by the vote or entered by staff."""

    class Card(models.TextChoices):
        GREEN = "green", _("green")
        YELLOW = "yellow", _("yellow")
        RED = "red", _("red")

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT, related_name="projects"
    )
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    milestones = models.TextField(_("planned milestones"), blank=True)
    candidate = models.OneToOneField(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="project"
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0, validators=PERCENT)
    card = models.CharField(_("current card"), max_length=10, choices=Card.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "order", "pk"]
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        indexes = [models.Index(fields=["year", "order"])]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="project_progress_0_100")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("livelihood:project_public", args=[self.pk])


class SubItem(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sub_items")
    title = models.CharField(_("title"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0, validators=PERCENT)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="subitem_progress_0_100")]

    def __str__(self):
        return self.title


class Claim(models.Model):
    """A seat of the project's 1+1+1 team: a committee member, a deputy, a council member."""

    class Role(models.TextChoices):
        COMMITTEE = "committee", _("committee member")
        DEPUTY = "deputy", _("deputy")
        COUNCIL = "council", _("council member")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="claims")
    role = models.CharField(_("seat"), max_length=10, choices=Role.choices)
    person = models.ForeignKey(Deputy, verbose_name=_("claimed by"), on_delete=models.PROTECT, related_name="claims")
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "role"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims (1+1+1)")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role"],
                name="one_claimer_per_seat",
                violation_error_message=_("This seat is already taken."),
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["project", "person"],
                name="one_seat_per_person",
                violation_error_message=_("This person already holds a seat of the project."),
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.project}: {self.get_role_display()} {self.person}"


def report_due(month: date) -> date:
    """Reports are due on the 30th, or on the last day of a shorter month (February)."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(30, last))


class MonthlyReport(models.Model):
    """A claimer's monthly supervision report of a project, due by the 30th (the last day in February)."""

    class AgainstPlan(models.TextChoices):
        AHEAD = "ahead", _("ahead of plan")
        ON = "on", _("on plan")
        BEHIND = "behind", _("behind plan")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        Deputy, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="project_reports"
    )
    month = models.DateField(_("month"))
    progress = models.PositiveSmallIntegerField(_("progress %"), validators=PERCENT)
    against_plan = models.CharField(_("against plan"), max_length=10, choices=AgainstPlan.choices)
    management = models.TextField(_("management"), blank=True)
    performance = models.TextField(_("performance"), blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly supervision report")
        verbose_name_plural = _("monthly supervision reports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"],
                name="one_report_per_project_month",
                violation_error_message=_("This project's report for that month is already in."),
            ),  # fmt: skip
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_0_100"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
        ]

    def __str__(self):
        return f"{self.project} {self.month:%Y-%m}"

    @property
    def due(self) -> date:
        return report_due(self.month)


class ReportSubItemProgress(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="sub_progress")
    sub_item = models.ForeignKey(SubItem, on_delete=models.CASCADE, related_name="+")
    progress = models.PositiveSmallIntegerField(validators=PERCENT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "sub_item"], name="one_progress_per_sub_item"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="sub_progress_0_100"),
        ]

    def __str__(self):
        return f"{self.sub_item_id}: {self.progress}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="livelihood/reports/%Y/%m/", validators=[validate_upload])

    def __str__(self):
        return self.file.name


class CardRating(models.Model):
    """A quarterly yellow / green / red card, kept with who gave it, when, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cards")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    colour = models.CharField(_("card"), max_length=10, choices=Project.Card.choices)
    suggested = models.CharField(_("suggested"), max_length=10, choices=Project.Card.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "-rated_at"]
        verbose_name = _("card rating")
        verbose_name_plural = _("card ratings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(colour="red") | ~Q(reasons=""),
                name="red_card_has_reasons",
                violation_error_message=_("A red card needs its reasons."),
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.project} {self.year}Q{self.quarter} {self.colour}"


class Inspection(models.Model):
    """A mid-year or year-end special inspection of a project, with findings and rectification items."""

    class Kind(models.TextChoices):
        MID_YEAR = "mid_year", _("mid-year inspection")
        YEAR_END = "year_end", _("year-end inspection")
        OTHER = "other", _("special inspection")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    findings = models.TextField(_("findings"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    items = GenericRelation(
        SupervisionItem,
        content_type_field="source_content_type",
        object_id_field="source_object_id",
        related_query_name="inspection",
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("livelihood:project_manage", args=[self.project_id])


class Satisfaction(models.Model):
    """A deputy's or council member's year-end satisfaction rating of a project."""

    Rating = SatisfactionRating

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="satisfaction")
    rater = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [models.UniqueConstraint(fields=["project", "rater"], name="one_satisfaction_per_rater")]

    def __str__(self):
        return f"{self.project_id}: {self.rating}"

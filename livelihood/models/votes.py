"""The yearly vote on livelihood projects: candidates, the electorate, turnout kept apart from sealed ballots, paper tallies."""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.uploads import validate_upload
from deputies.models import Deputy
from supervision.models import Department


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
        _("quorum"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text=_("The vote counts only if more than this share of the electorate voted."),
    )
    majority = models.DecimalField(
        _("majority"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text=_("A candidate passes only with more than this share of the ballots cast in favour."),
    )
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
    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="candidates")
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

    def clean(self):
        super().clean()
        if self.vote_id and self.vote.state != Vote.State.DRAFT:
            raise ValidationError(_("The candidates of a vote are fixed once it opens."))


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

    def clean(self):
        super().clean()
        if self.candidate_id and self.candidate.vote.state != Vote.State.DRAFT:
            raise ValidationError(_("The candidates of a vote are fixed once it opens."))


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

"""The year's livelihood projects: sub-items, 1+1+1 claims, monthly reports, quarterly cards, inspections, satisfaction."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.choices import SatisfactionRating
from common.uploads import validate_upload
from deputies.models import Deputy
from supervision.models import Department, SupervisionItem

from ..rules import report_due
from .votes import Candidate

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


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

    # The seat a person takes by claiming: their kind's (the committee member's is filled by staff).
    ROLE_FOR_KIND = {Deputy.Kind.DEPUTY: Role.DEPUTY, Deputy.Kind.COUNCIL_MEMBER: Role.COUNCIL}

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
            ),
            models.UniqueConstraint(
                fields=["project", "person"],
                name="one_seat_per_person",
                violation_error_message=_("This person already holds a seat of the project."),
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_role_display()} {self.person}"


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
    is_late = models.BooleanField(pgettext_lazy("report", "late"), default=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly supervision report")
        verbose_name_plural = _("monthly supervision reports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"],
                name="one_report_per_project_month",
                violation_error_message=_("This project's report for that month is already in."),
            ),
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
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.quarter_label} {self.get_colour_display()}"

    @property
    def quarter_label(self) -> str:
        """2026年第3季度: the quarter as people write it."""
        return _("%(year)s, quarter %(quarter)s") % {"year": self.year, "quarter": self.quarter}


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

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="satisfaction")
    rater = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=20, choices=SatisfactionRating.choices)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [models.UniqueConstraint(fields=["project", "rater"], name="one_satisfaction_per_rater")]

    def __str__(self):
        return f"{self.project_id}: {self.rating}"

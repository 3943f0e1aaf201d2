"""The Wednesday rota: statutory holidays, shifts, who is on duty, swaps, the calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deputies.models import Deputy

from .places import Station


class Holiday(models.Model):
    """A statutory day off; no reception shift falls on it. Seeded from chinese-calendar, edited by staff."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=50)

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

"""Where deputies meet constituents: sub-districts, the 1+7+N Homes and stations, who sits where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from deputies.models import Deputy, phone_validator


class SubDistrict(models.Model):
    """A sub-district (街道) of the zone."""

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=50, unique=True)
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

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100, unique=True)
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
    # Station staff (站点管理员) who keep its archive (一档) in the portal.
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("station managers"),
        blank=True,
        related_name="managed_stations",
        help_text=_("Logins (role 站点管理员) that keep this station's archive in the portal."),
    )

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

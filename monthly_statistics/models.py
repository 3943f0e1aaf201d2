"""The monthly statistics report: one stored snapshot per station and one for the zone, per month.

It counts records of ``liaison`` and ``livelihood``, so it lives above the four apps."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.models import Station


class MonthlyStatistics(models.Model):
    """The figures of one month, for a station or (without one) the whole zone, as they stood when
    the report was made on the 1st. Stored, so the figures staff read, print and e-mail never shift."""

    month = models.DateField(_("month"), help_text=_("The first day of the month counted."))
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("figures"), default=dict)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        ordering = ["-month", "station__name"]
        verbose_name = _("monthly statistics report")
        verbose_name_plural = _("monthly statistics reports")
        constraints = [
            # Once per station and month, and once for the zone: a second run (beat firing twice,
            # a killed worker's task run again) inserts nothing.
            models.UniqueConstraint(fields=["month", "station"], name="one_statistics_per_station_month"),
            models.UniqueConstraint(fields=["month"], condition=Q(station=None), name="one_zone_statistics_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="statistics_month_first_day"),
        ]

    def __str__(self):
        where = self.station.name if self.station_id else _("whole zone")
        return f"{self.month:%Y-%m} {where}"

    def get_absolute_url(self):
        if self.station_id:
            return reverse("monthly_statistics:station", args=[f"{self.month:%Y-%m}", self.station_id])
        return reverse("monthly_statistics:month", args=[f"{self.month:%Y-%m}"])

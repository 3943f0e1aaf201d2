"""A station's own work: activities, its archive (一档), the month-end consultation."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import IMAGE_TYPES, UNKNOWN, content_type_of, validate_upload
from deputies.models import Deputy
from supervision.models import SupervisionItem

from .contacts import Category, Opinion
from .places import Station, SubDistrict


class Activity(models.Model):
    """A meeting, inspection, research visit or training held at or by a station, with who attended."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        INSPECTION = "inspection", _("inspection")
        RESEARCH = "research", _("research")
        TRAINING = "training", _("training")
        DELIBERATION = "deliberation", _("collective deliberation")
        JOINT = "joint", _("joint activity (协作联动 / 联席会议)")
        LEGISLATIVE = "legislative", _("legislative consultation (立法征询)")
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


class SpecialReport(models.Model):
    """A 议事专报: staff compile chosen opinions of a period and place (e.g. this quarter's traffic
    opinions in one sub-district) with figures, excerpts and their analysis for the 主任会议, which
    records its decision; the items it hands to departments link back to it."""

    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    sub_district = models.ForeignKey(
        SubDistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    analysis = models.TextField(_("analysis and suggestions"))
    opinions = models.ManyToManyField(Opinion, verbose_name=_("opinions"), related_name="special_reports")
    meeting = models.CharField(_("meeting"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("compiled"), default=timezone.now)
    items = GenericRelation(
        SupervisionItem,
        content_type_field="source_content_type",
        object_id_field="source_object_id",
        related_query_name="special_report",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("special report (议事专报)")
        verbose_name_plural = _("special reports (议事专报)")
        constraints = [models.CheckConstraint(condition=Q(start__lte=F("end")), name="special_report_period")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("liaison:special_report", args=[self.pk])


class StationMonthCount(models.Model):
    """How many receptions (``kind`` "") or station activities of a kind a station held in a month:
    the rollup the 六个一 read (liaison/rhythm.py), made from the records and never typed, kept in
    step month by month with the duty counts (deputies/rollups.py)."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    kind = models.CharField(max_length=20, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "station", "kind"], name="station_month_count_unique")]

    def __str__(self):
        return f"{self.station_id} {self.kind or 'receptions'} {self.month:%Y-%m}: {self.n}"

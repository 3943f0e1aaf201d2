"""Every change to a station's activities and month-end consultations."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from deputies.models import Deputy
from supervision import services as supervision
from supervision.models import Department, SupervisionItem

from ..models import (
    Activity,
    ArchiveEntry,
    ArchiveFile,
    Consultation,
    Opinion,
    SpecialReport,
    Station,
    SubDistrict,
)
from ..selectors import month_receivers, special_report_scope
from .contacts import _require_members


def _activity_checks(station: Station, day: date, attendees: Iterable[Deputy]) -> list[Deputy]:
    """An activity has taken place, at the station, with at least one of its members."""
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    _require_members(station, attendees, "attendees")
    if day > timezone.localdate():
        raise ValidationError({"date": _("Record an activity once it has taken place.")})
    return attendees


@transaction.atomic
def activity_record(
    *, station: Station, day: date, kind: str, title: str, attendees: Iterable[Deputy], by, summary: str = ""
) -> Activity:
    """Record an activity at the station with who attended; it becomes a row of the activity register."""
    attendees = _activity_checks(station, day, attendees)
    activity = Activity(station=station, date=day, kind=kind, title=title, summary=summary, created_by=by)
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, by, station: Station, day: date, kind: str, title: str, attendees, summary: str = ""
) -> Activity:
    """Correct an activity (staff, in the admin): the same rules as recording it."""
    require_staff(by)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    attendees = _activity_checks(station, day, attendees)
    activity.station, activity.date, activity.kind, activity.title, activity.summary = (
        station,
        day,
        kind,
        title,
        summary,
    )
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def consultation_record(
    *, station: Station, month: date, held_on: date, by, attendees: Iterable[Deputy] | None = None, minutes: str = ""
) -> Consultation:
    """Record the month-end consultation; attendees default to that month's receivers."""
    require_staff(by)
    month = month.replace(day=1)
    if held_on < month:
        raise ValidationError({"held_on": _("The consultation is held after the month begins.")})
    attendees = list(attendees) if attendees is not None else month_receivers(station, month)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    consultation, _created = Consultation.objects.update_or_create(
        station=station, month=month, defaults={"held_on": held_on, "minutes": minutes, "created_by": by}
    )
    consultation.attendees.set(attendees)
    return consultation


@transaction.atomic
def consultation_issue_opinion(
    *, consultation: Consultation, by, title: str, content: str, department: Department, deadline: date
) -> SupervisionItem:
    """A supervision opinion (督办意见) of the consultation, handed to a department."""
    return supervision.item_hand_over(
        by=by,
        kind=SupervisionItem.Kind.CONSULTATION_OPINION,
        title=title,
        content=content,
        source=consultation,
        lead_department=department,
        deadline=deadline,
        followers=consultation.attendees.all(),
    )


def _require_keeper(station: Station, by) -> None:
    if not (by.is_committee_staff or station.managers.filter(pk=by.pk).exists()):
        raise ValidationError(_("Only staff or this station's managers keep its archive."))


@transaction.atomic
def archive_entry_save(
    *,
    station: Station,
    by,
    section: str,
    title: str,
    year: int | None = None,
    body: str = "",
    files: Iterable = (),
    entry: ArchiveEntry | None = None,
) -> ArchiveEntry:
    """Write an entry of the station's archive (一档) — its construction, operation, residents,
    featured work, a year's summary — with its images and files; staff or the station's managers."""
    _require_keeper(station, by)
    if entry is None:
        entry = ArchiveEntry(station=station)
    elif entry.station_id != station.pk:
        raise ValidationError(_("This entry belongs to another station."))
    if section == ArchiveEntry.Section.SUMMARY and not year:
        raise ValidationError({"year": _("A yearly summary names its year.")})
    entry.section, entry.title, entry.year, entry.body = section, title, year, body
    entry.full_clean()
    entry.save()
    for f in files:
        archive_file = ArchiveFile(entry=entry, file=f, caption=f.name.rsplit(".", 1)[0][:200])
        archive_file.full_clean(exclude=["entry"])
        archive_file.save()
    return entry


@transaction.atomic
def archive_file_delete(*, archive_file: ArchiveFile, by) -> None:
    """Take an image or file out of the station's archive (the file goes with it)."""
    _require_keeper(archive_file.entry.station, by)
    archive_file.file.delete(save=False)
    archive_file.delete()


@transaction.atomic
def special_report_compile(
    *,
    by,
    title: str,
    start: date,
    end: date,
    opinions: Iterable[Opinion],
    analysis: str,
    sub_district: SubDistrict | None = None,
    station: Station | None = None,
    category: str = "",
) -> SpecialReport:
    """Compile a 议事专报 from chosen opinions of a period and place, with staff's analysis."""
    require_staff(by)
    if start > end:
        raise ValidationError({"end": _("The end comes before the start.")})
    opinions = list(opinions)
    if not opinions:
        raise ValidationError({"opinions": _("Choose the opinions the report is about.")})
    in_scope = set(
        special_report_scope(start, end, sub_district, station, category)
        .filter(pk__in=[o.pk for o in opinions])
        .values_list("pk", flat=True)
    )
    outside = [o for o in opinions if o.pk not in in_scope]
    if outside:
        raise ValidationError(
            {"opinions": _("%(n)s of the chosen opinions are outside the period or place.") % {"n": len(outside)}}
        )
    report = SpecialReport(
        title=title,
        start=start,
        end=end,
        sub_district=sub_district,
        station=station,
        category=category,
        analysis=analysis,
        created_by=by,
    )
    report.full_clean()
    report.save()
    report.opinions.set(opinions)
    return report


@transaction.atomic
def special_report_decide(*, report: SpecialReport, by, meeting: str, decided_on: date, decision: str) -> SpecialReport:
    """Record what the 主任会议 decided on the report."""
    require_staff(by)
    report = SpecialReport.objects.select_for_update().get(pk=report.pk)
    if report.decision:
        raise ValidationError(
            _("The meeting's decision is already recorded (%(date)s).") % {"date": f"{report.decided_on:%Y-%m-%d}"}
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Record the decision once the meeting has taken it.")})
    if decided_on < report.created_at.date():
        raise ValidationError({"decided_on": _("The meeting cannot have decided before the report was compiled.")})
    if not decision.strip():
        raise ValidationError({"decision": _("Write what the meeting decided.")})
    report.meeting, report.decided_on, report.decision = meeting.strip(), decided_on, decision.strip()
    report.full_clean()
    report.save(update_fields=["meeting", "decided_on", "decision"])
    return report


@transaction.atomic
def special_report_hand_over(
    *, report: SpecialReport, by, title: str, content: str, department: Department, deadline: date
) -> SupervisionItem:
    """Hand an item the meeting decided on to a department; it links back to the report."""
    report = SpecialReport.objects.select_for_update().get(pk=report.pk)
    if not report.decision:
        raise ValidationError(_("Record the meeting's decision first."))
    if report.items.filter(title=title.strip()).exists():  # a second click, or the same item twice
        raise ValidationError({"title": _("An item with this title is already handed over from this report.")})
    return supervision.item_hand_over(
        by=by,
        kind=SupervisionItem.Kind.SPECIAL_REPORT,
        title=title,
        content=content,
        source=report,
        lead_department=department,
        deadline=deadline,
    )

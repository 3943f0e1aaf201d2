"""Every change to a project: claims, monthly reports, cards, inspections, satisfaction."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from common.choices import SatisfactionRating
from deputies.models import Deputy
from deputies.selectors import deputy_for_user
from notifications.services import settle
from supervision import services as supervision
from supervision.models import SupervisionItem

from ..models import (
    CardRating,
    Claim,
    Inspection,
    MonthlyReport,
    Project,
    ReportPhoto,
    ReportSubItemProgress,
    Satisfaction,
    SubItem,
)
from ..reminders import report_key
from ..rules import report_due
from ..selectors import card_suggestion


def _deputy_of(user) -> Deputy:
    deputy = deputy_for_user(user)
    if deputy is None:
        raise ValidationError(_("Only deputies and council members can do this."))
    return deputy


ROLE_FOR_KIND = Claim.ROLE_FOR_KIND


def _claim(project: Project, role: str, person: Deputy) -> Claim:
    if not person.is_active:
        raise ValidationError(_("%(name)s is not active.") % {"name": person.name})
    claim = Claim(project=project, role=role, person=person)
    claim.full_clean()
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ValidationError(_("This seat is already taken.")) from None
    return claim


@transaction.atomic
def claim_take(*, project: Project, by) -> Claim:
    """A deputy or council member claims the seat of their kind on the project's 1+1+1 team."""
    person = _deputy_of(by)
    return _claim(project, ROLE_FOR_KIND[person.kind], person)


@transaction.atomic
def claim_assign(*, project: Project, by, role: str, person: Deputy) -> Claim:
    """Staff fill a seat (the committee member's seat is always filled by staff)."""
    require_staff(by)
    Claim.objects.filter(project=project, role=role).delete()
    return _claim(project, role, person)


@transaction.atomic
def report_submit(
    *,
    project: Project,
    by,
    month: date,
    progress: int,
    against_plan: str,
    management: str = "",
    performance: str = "",
    problems: str = "",
    sub_progress: dict[int, int] | None = None,
    photos: Iterable = (),
) -> MonthlyReport:
    """File the monthly supervision report of a claimed project (due by the 30th, the last day in
    February); a report after that is marked late. With sub-items, the project's progress is their
    weighted average."""
    author = _deputy_of(by)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.claims.filter(person=author).exists():
        raise ValidationError(_("You have not claimed this project."))
    month = month.replace(day=1)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationError({"month": _("A report cannot be filed for a month that has not begun.")})
    sub_items = list(project.sub_items.all())
    if sub_items:
        sub_progress = sub_progress or {}
        missing = [s.title for s in sub_items if s.pk not in sub_progress]
        if missing:
            raise ValidationError(_("Give the progress of every sub-item: %(names)s.") % {"names": "、".join(missing)})
        if any(not 0 <= v <= 100 for v in sub_progress.values()):
            raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
        total = sum(s.weight for s in sub_items)
        progress = round(sum(sub_progress[s.pk] * s.weight for s in sub_items) / total)
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    report = MonthlyReport(
        project=project,
        author=author,
        month=month,
        progress=progress,
        against_plan=against_plan,
        management=management,
        performance=performance,
        problems=problems,
        is_late=today > report_due(month),
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(_("This project's report for that month is already in.")) from None
    if sub_items:
        ReportSubItemProgress.objects.bulk_create(
            [ReportSubItemProgress(report=report, sub_item=s, progress=sub_progress[s.pk]) for s in sub_items]
        )
    for photo in photos:
        p = ReportPhoto(report=report, file=photo)
        p.full_clean(exclude=["report"])
        p.save()
    if not project.reports.filter(month__gt=month).exists():
        project.progress = progress
        project.save(update_fields=["progress"])
        for s in sub_items:
            SubItem.objects.filter(pk=s.pk).update(progress=sub_progress[s.pk])
    settle(key_prefix=report_key(month, project.pk))  # every claimer's reminder of it is done
    return report


@transaction.atomic
def card_give(*, project: Project, by, year: int, quarter: int, colour: str, reasons: str = "") -> CardRating:
    """Staff give the quarter's card; overriding the suggestion, or giving red, needs reasons."""
    require_staff(by)
    project = Project.objects.select_for_update().get(pk=project.pk)
    suggested, suggestion_reasons = card_suggestion(project, year, quarter)
    reasons = reasons.strip()
    if colour == Project.Card.RED and not reasons:
        raise ValidationError({"reasons": _("A red card needs its reasons.")})
    if colour != suggested and not reasons:
        raise ValidationError({"reasons": _("Say why the card differs from the suggested one.")})
    rating = CardRating(
        project=project,
        year=year,
        quarter=quarter,
        colour=colour,
        suggested=suggested,
        reasons=reasons or "；".join(str(r) for r in suggestion_reasons),
        rated_by=by,
    )
    rating.full_clean()
    rating.save()
    project.card = colour
    project.save(update_fields=["card"])
    return rating


@transaction.atomic
def inspection_record(
    *, project: Project, by, kind: str, day: date, findings: str, rectifications: Iterable[dict] = ()
) -> Inspection:
    """Record a special inspection; each rectification item goes to its department as a supervision item."""
    require_staff(by)
    inspection = Inspection(project=project, kind=kind, date=day, findings=findings, created_by=by)
    inspection.full_clean()
    inspection.save()
    for item in rectifications:
        supervision.item_hand_over(
            by=by,
            kind=SupervisionItem.Kind.RECTIFICATION,
            title=item["title"],
            content=item.get("content") or item["title"],
            lead_department=item.get("department") or project.department,
            deadline=item["deadline"],
            source=inspection,
        )
    return inspection


@transaction.atomic
def satisfaction_give(*, by, ratings: dict[Project, str]) -> list[Satisfaction]:
    """A deputy or council member rates the year's projects (a second rating replaces the first);
    all of them or, on any error, none."""
    rater = _deputy_of(by)
    if not rater.is_active:
        raise ValidationError(_("%(name)s is not active and cannot rate.") % {"name": rater.name})
    given = []
    for project, rating in ratings.items():
        if rating not in SatisfactionRating.values:
            raise ValidationError({"rating": _("Choose satisfied, basically satisfied or unsatisfied.")})
        satisfaction, _created = Satisfaction.objects.update_or_create(
            project=project, rater=rater, defaults={"rating": rating}
        )
        given.append(satisfaction)
    return given

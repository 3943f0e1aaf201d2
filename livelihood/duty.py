"""Livelihood's part of a deputy's duty record: 1+1+1 claims and monthly supervision reports."""

from django.utils.translation import gettext_lazy as _

from common.dates import between
from deputies.duty import DutyRecord, DutySource, grouped, register
from deputies.rollups import track

from .models import Claim, MonthlyReport


def _claims(start, end):
    return Claim.objects.filter(project__year__gte=start.year, project__year__lte=end.year)


def _reports(start, end):
    return MonthlyReport.objects.filter(between("month", start, end))


def register_sources() -> None:
    track(MonthlyReport, lambda report: [report.month])
    register(
        DutySource(
            "claims",
            _("projects claimed (1+1+1)"),
            lambda ids, start, end: grouped(_claims(start, end), "person", ids),
            lambda deputy, start, end: [
                DutyRecord(c.claimed_at.date(), c.get_role_display(), c.project.title, c.project.get_absolute_url())
                for c in _claims(start, end).filter(person=deputy).select_related("project")
            ],
            monthly=False,  # by the project's year, not by month
        ),
        DutySource(
            "project_reports",
            _("monthly project reports"),
            lambda ids, start, end: grouped(_reports(start, end), "author", ids),
            lambda deputy, start, end: [
                DutyRecord(r.month, r.get_against_plan_display(), f"{r.project.title} {r.progress}%")
                for r in _reports(start, end).filter(author=deputy).select_related("project").order_by("-month")
            ],
        ),
    )

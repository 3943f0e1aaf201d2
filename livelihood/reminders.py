"""Monthly-report reminders for 1+1+1 claimers: a few days before the due day, and on it."""

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import notify

from .models import Claim
from .rules import report_due


def remind_reports(today: date) -> int:
    """Remind every claimer whose project's report for this month is not in; due days are decided
    here, from a daily run (a crontab day_of_month=30 never fires in February)."""
    month = today.replace(day=1)
    due = report_due(month)
    stage = {due - timedelta(days=settings.REPORT_FIRST_REMINDER_DAYS): "first", due: "due"}.get(today)
    if stage is None:
        return 0
    claims = (
        Claim.objects.filter(project__year=today.year, person__user__isnull=False, person__is_active=True)
        .exclude(project__reports__month=month)
        .select_related("person__user", "project")
    )
    sent = 0
    for claim in claims:
        title = (
            _("Monthly report of “%(project)s” is due on %(due)s")
            if stage == "first"
            else _("Today is the last day for the monthly report of “%(project)s” (%(due)s)")
        ) % {"project": claim.project.title, "due": f"{due:%Y-%m-%d}"}
        sent += bool(
            notify(
                user=claim.person.user,
                key=f"report:{month:%Y-%m}:{claim.project_id}:{stage}",
                title=title,
                body=_("Please file the monthly supervision report in the portal."),
                url=reverse("livelihood:report_create", args=[claim.project_id]),
            )
        )
    return sent

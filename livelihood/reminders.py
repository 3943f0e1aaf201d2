"""Reminders: monthly reports for 1+1+1 claimers (a few days before the due day, and on it), and\nvotes for electors who have not voted (when it opens, and the day before it closes)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.events import Event
from notifications.services import notify

from .models import Claim, Elector, Turnout, Vote
from .rules import report_due


def report_key(month: date, project_id: int, stage: str = "") -> str:
    """A report reminder's key; without ``stage``, the prefix of all of one month's for a project."""
    return f"report:{month:%Y-%m}:{project_id}:{stage}"


def vote_key(vote_id: int, stage: str = "") -> str:
    """A vote reminder's key; without ``stage``, the prefix of all of them."""
    return f"vote:{vote_id}:{stage}"


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
                key=report_key(month, claim.project_id, stage),
                title=title,
                body=_("Please file the monthly supervision report in the portal."),
                url=reverse("livelihood:report_create", args=[claim.project_id]),
                event=Event.REPORT_DUE,
            )
        )
    return sent


def remind_votes(now: datetime | None = None, votes=None) -> int:
    """Electors who have not voted hear once that a vote is open, and once the day before it
    closes. Run daily, and when staff open a vote (``votes``: that one)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    open_votes = Vote.objects.filter(state=Vote.State.OPEN, opens_at__lte=now, closes_at__gt=now)
    if votes is not None:
        open_votes = open_votes.filter(pk__in=[v.pk for v in votes])
    sent = 0
    for vote in open_votes:
        closes = timezone.localtime(vote.closes_at)
        stages = ["open"]
        if votes is None and closes.date() == today + timedelta(days=1):
            stages.append("closing")
        waiting = list(
            Elector.objects.filter(vote=vote, deputy__user__isnull=False, deputy__user__is_active=True)
            .exclude(Exists(Turnout.objects.filter(vote=vote, deputy=OuterRef("deputy"))))
            .select_related("deputy__user")
        )
        for stage in stages:
            title = (
                _("Last day to vote tomorrow: “%(vote)s” closes at %(closes)s")
                if stage == "closing"
                else _("Vote now: “%(vote)s”, open until %(closes)s")
            ) % {"vote": vote.title, "closes": f"{closes:%Y-%m-%d %H:%M}"}
            for elector in waiting:
                sent += bool(
                    notify(
                        user=elector.deputy.user,
                        key=vote_key(vote.pk, stage),
                        title=title,
                        url=reverse("livelihood:vote", args=[vote.pk]),
                        event=Event.VOTE,
                    )
                )
    return sent

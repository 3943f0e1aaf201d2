"""Reads of votes and projects. The public pages read plain dictionaries (no person in them); the
pages themselves are cached whole for anonymous visitors (``common.caching``)."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.choices import SatisfactionRating
from deputies.models import Deputy

from .models import (
    CardRating,
    Claim,
    Elector,
    Inspection,
    MonthlyReport,
    Project,
    Receipt,
    Satisfaction,
    Turnout,
    Vote,
    receipt_digests,
)
from .rules import quarter_months


def project_years() -> list[int]:
    return list(Project.objects.order_by("-year").values_list("year", flat=True).distinct())


def public_projects(year: int) -> list[dict]:
    """The year's projects as the public sees them: no person, only the project's own columns."""
    rows = (
        Project.objects.filter(year=year)
        .select_related("department")
        .annotate(reported=Exists(MonthlyReport.objects.filter(project=OuterRef("pk"))))
        .order_by("order", "pk")
    )
    return [
        {
            "pk": p.pk,
            "title": p.title,
            "department": p.department.name,
            "card": p.card,
            "card_label": p.get_card_display(),
            "progress": shown_progress(p.progress, p.reported),
        }
        for p in rows
    ]


def shown_progress(progress: int, reported: bool) -> int | None:
    """The progress the public sees: none (not "0 %") before the first monthly report."""
    return progress if reported or progress else None


def _chart_points(series: list[tuple]) -> str:
    """SVG polyline points for progress over time, in a 100 x 40 box (no chart script needed)."""
    if not series:
        return ""
    step = 100 / max(len(series) - 1, 1)
    return " ".join(f"{i * step:.1f},{40 - progress * 0.4:.1f}" for i, (_month, progress) in enumerate(series))


def public_project(pk: int) -> dict | None:
    """Everything the public project page shows, in a fixed number of queries."""
    project = Project.objects.select_related("department").filter(pk=pk).first()
    if project is None:
        return None
    series = list(MonthlyReport.objects.filter(project=project).order_by("month").values_list("month", "progress"))
    return {
        "pk": project.pk,
        "year": project.year,
        "title": project.title,
        "description": project.description,
        "department": project.department.name,
        "budget": project.budget,
        "progress": shown_progress(project.progress, bool(series)),
        "card": project.card,
        "card_label": project.get_card_display(),
        "milestones": [line for line in project.milestones.splitlines() if line.strip()],
        "sub_items": list(project.sub_items.values("title", "weight", "progress")),
        "series": [(f"{m:%Y-%m}", p) for m, p in series],
        "points": _chart_points(series),
        "cards": [
            {
                "year": c.year,
                "quarter": c.quarter,
                "quarter_label": c.quarter_label,
                "colour": c.colour,
                "label": c.get_colour_display(),
                "reasons": c.reasons,
                "rated_at": c.rated_at,
            }
            for c in project.cards.all()
        ],
        "inspections": [
            {"kind": i.get_kind_display(), "date": i.date, "findings": i.findings} for i in project.inspections.all()
        ],
        "satisfaction": satisfaction_results([project]).get(project.pk),
    }


def projects_for_staff(year: int):
    """The year's projects with their 1+1+1 seats and latest report, for the staff list."""
    return (
        Project.objects.filter(year=year)
        .select_related("department")
        .prefetch_related(Prefetch("claims", queryset=Claim.objects.select_related("person")))
        .order_by("order", "pk")
    )


def project_manage(pk: int) -> Project:
    return (
        Project.objects.select_related("department")
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("person")),
            Prefetch("reports", queryset=MonthlyReport.objects.select_related("author").order_by("-month")),
            Prefetch("cards", queryset=CardRating.objects.select_related("rated_by")),
            Prefetch("inspections", queryset=Inspection.objects.prefetch_related("items__lead_department")),
            "sub_items",
        )
        .get(pk=pk)
    )


def claims_of(deputy: Deputy):
    """The deputy's 1+1+1 seats, with whether this month's report is in."""
    first = timezone.localdate().replace(day=1)
    filed = MonthlyReport.objects.filter(project=OuterRef("project"), month=first)
    return (
        Claim.objects.filter(person=deputy)
        .select_related("project__department")
        .annotate(reported=Exists(filed))
        .order_by("-project__year", "project__order")
    )


def open_votes_for(deputy: Deputy):
    """Votes open now in which the deputy is an elector, marked whether they have voted."""
    now = timezone.now()
    return (
        Vote.objects.filter(state=Vote.State.OPEN, opens_at__lte=now, closes_at__gt=now)
        .filter(Exists(Elector.objects.filter(vote=OuterRef("pk"), deputy=deputy)))
        .annotate(voted=Exists(Turnout.objects.filter(vote=OuterRef("pk"), deputy=deputy)))
    )


def vote_results(vote: Vote):
    return vote.candidates.select_related("department").order_by("rank", "order")


def satisfaction_of(deputy: Deputy, year: int) -> dict[int, str]:
    return dict(Satisfaction.objects.filter(rater=deputy, project__year=year).values_list("project_id", "rating"))


def electorate_of(vote: Vote):
    kinds = {
        Vote.Electorate.DEPUTIES: [Deputy.Kind.DEPUTY],
        Vote.Electorate.COUNCIL: [Deputy.Kind.COUNCIL_MEMBER],
        Vote.Electorate.BOTH: [Deputy.Kind.DEPUTY, Deputy.Kind.COUNCIL_MEMBER],
    }[vote.electorate]
    return Deputy.objects.filter(is_active=True, kind__in=kinds)


def card_suggestion(project: Project, year: int, quarter: int) -> tuple[str, list[str]]:
    """The colour the quarter's reports point to, with why: none in → red; behind plan with open
    problems → red; behind plan or open problems → yellow; otherwise green."""
    first, last = quarter_months(year, quarter)
    reports = list(project.reports.filter(month__gte=first, month__lte=last).order_by("month"))
    if not reports:
        return Project.Card.RED, [_("No supervision report this quarter.")]
    latest = reports[-1]
    behind = latest.against_plan == MonthlyReport.AgainstPlan.BEHIND
    problems = bool(latest.problems.strip())
    reasons = []
    if behind:
        reasons.append(_("Behind plan (%(progress)s%% done).") % {"progress": latest.progress})
    if problems:
        reasons.append(_("Open problems: %(text)s") % {"text": latest.problems.strip()[:100]})
    if behind and problems:
        return Project.Card.RED, reasons
    if behind or problems:
        return Project.Card.YELLOW, reasons
    return Project.Card.GREEN, [_("On or ahead of plan, no open problems.")]


def satisfaction_results(projects) -> dict[int, dict]:
    """Per project: counts of each rating and the satisfaction rate, in one grouped query."""
    rows = (
        Satisfaction.objects.filter(project__in=projects)
        .values("project_id")
        .annotate(
            total=Count("pk"),
            satisfied=Count("pk", filter=Q(rating=SatisfactionRating.SATISFIED)),
            basically=Count("pk", filter=Q(rating=SatisfactionRating.BASICALLY_SATISFIED)),
            unsatisfied=Count("pk", filter=Q(rating=SatisfactionRating.UNSATISFIED)),
        )
    )
    return {
        r["project_id"]: {**r, "rate": Decimal(r["satisfied"] + r["basically"]) / r["total"] if r["total"] else None}
        for r in rows
    }


def vote_of_receipt(receipt: str) -> Vote | None:
    """The vote a receipt belongs to: proof the voter's ballot is in its box (counted once the vote
    is closed), never what it said; None for a receipt nobody was given."""
    found = Receipt.objects.select_related("vote").filter(digest__in=receipt_digests(receipt)).first()
    return found.vote if found else None


def projects_of_year(year: int):
    return Project.objects.filter(year=year).order_by("order", "pk")


def projects_with_free_seats(deputy: Deputy, year: int):
    """This year's and next year's projects (claimed as soon as the vote chooses them) whose seat
    of the deputy's kind is free, and where they hold no seat yet."""
    role = Claim.ROLE_FOR_KIND.get(deputy.kind)
    if role is None:
        return Project.objects.none()
    return (
        Project.objects.filter(year__gte=year)
        .exclude(claims__role=role)
        .exclude(claims__person=deputy)
        .select_related("department")
    )


def has_voted(vote: Vote, deputy: Deputy) -> bool:
    return Turnout.objects.filter(vote=vote, deputy=deputy).exists()


def ballot_candidates(vote: Vote):
    return vote.candidates.select_related("department").prefetch_related("sub_items")


def vote_turnout(vote: Vote) -> dict[str, int]:
    """How many voted, by channel (online, paper)."""
    return dict(Turnout.objects.filter(vote=vote).values_list("channel").annotate(n=Count("pk")))


def latest_votes():
    return Vote.objects.order_by("-year", "-pk")[:5]

"""Every change to livelihood projects: the vote, claims, reports, cards, inspections, satisfaction."""

import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.converters import MAX_YEAR, MIN_YEAR
from congress_portal.accounts.roles import require_staff
from deputies.models import Deputy
from deputies.selectors import deputy_for_user
from supervision import services as supervision
from supervision.models import SupervisionItem

from . import sealing
from .models import (
    LETTERS,
    NOT_PICKED,
    Ballot,
    Candidate,
    CardRating,
    Claim,
    Elector,
    Inspection,
    MonthlyReport,
    PaperTally,
    PaperTallyLine,
    Project,
    Receipt,
    ReportPhoto,
    ReportSubItemProgress,
    Satisfaction,
    SealedBallot,
    SubItem,
    Turnout,
    Vote,
    VoteChoice,
    new_receipt,
    receipt_digests,
    report_due,
)

Choice = VoteChoice


def _deputy_of(user) -> Deputy:
    deputy = deputy_for_user(user)
    if deputy is None:
        raise ValidationError(_("Only deputies and council members can do this."))
    return deputy


def _lock_vote(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().get(pk=vote.pk)


# --- the vote --------------------------------------------------------------------------------


def electorate_of(vote: Vote):
    kinds = {
        Vote.Electorate.DEPUTIES: [Deputy.Kind.DEPUTY],
        Vote.Electorate.COUNCIL: [Deputy.Kind.COUNCIL_MEMBER],
        Vote.Electorate.BOTH: [Deputy.Kind.DEPUTY, Deputy.Kind.COUNCIL_MEMBER],
    }[vote.electorate]
    return Deputy.objects.filter(is_active=True, kind__in=kinds)


@transaction.atomic
def vote_open(*, vote: Vote, by) -> Vote:
    """Open the vote: the electorate is fixed now, from the active deputies and/or council members."""
    require_staff(by)
    vote = _lock_vote(vote)
    if vote.state != Vote.State.DRAFT:
        raise ValidationError(_("Only a vote being prepared can be opened."))
    if not vote.candidates.exists():
        raise ValidationError(_("Add the candidate projects first."))
    Elector.objects.bulk_create([Elector(vote=vote, deputy=d) for d in electorate_of(vote)])
    vote.electorate_size = vote.electors.count()
    vote.state = Vote.State.OPEN
    vote.save(update_fields=["state", "electorate_size"])
    return vote


def _check_choices(vote: Vote, choices: dict[int, str]) -> dict[int, str]:
    candidates = set(vote.candidates.values_list("pk", flat=True))
    if set(choices) - candidates:
        raise ValidationError(_("The ballot names a project that is not a candidate of this vote."))
    if vote.mode == Vote.Mode.EACH:
        if set(choices) != candidates or set(choices.values()) - set(Choice.values):
            raise ValidationError(_("Choose for, against or abstain on every candidate."))
        return choices
    picked = {pk: Choice.FOR for pk, value in choices.items() if value == Choice.FOR}
    if not picked:
        raise ValidationError(_("Pick at least one project."))
    if len(picked) > vote.seats:
        raise ValidationError(_("Pick at most %(n)s projects.") % {"n": vote.seats})
    return picked


def _share_lock_vote(vote: Vote) -> Vote:
    """The vote's row, read under a share lock: many ballots at once, but never while the paper
    tally is entered or the vote is closed (those take the row exclusively, FOR UPDATE). Every
    writer of a vote's turnout and ballots locks the vote row first, so they never deadlock, and a
    ballot cannot slip in while the box is being opened."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Vote._meta.db_table} WHERE id = %s FOR SHARE", [vote.pk])
    return Vote.objects.get(pk=vote.pk)


def _sealable(vote: Vote, choices: dict[int, str]) -> str:
    """The checked choices as one letter per candidate (in the order of their ids)."""
    order = sorted(vote.candidates.values_list("pk", flat=True))
    return "".join(LETTERS.get(choices.get(pk), NOT_PICKED) for pk in order)


@transaction.atomic
def ballot_cast(*, vote: Vote, voter: Deputy, choices: dict[int, str]) -> str:
    """Cast ``voter``'s one secret ballot; return the receipt code, shown to them once.

    Who voted goes to ``Turnout``, what was voted into a ``SealedBallot`` that only the server's
    key opens (see ``sealing``). The unique key on Turnout(vote, deputy) makes a second ballot fail
    in the database, even when two submissions race; the whole transaction then rolls back.
    """
    vote = _share_lock_vote(vote)
    if not vote.is_open_now:
        raise ValidationError(_("This vote is not open now."))
    if not voter.is_active or not Elector.objects.filter(vote=vote, deputy=voter).exists():
        raise ValidationError(_("You are not in the electorate of this vote."))
    choices = _check_choices(vote, choices)
    try:
        with transaction.atomic():
            Turnout.objects.create(vote=vote, deputy=voter, channel=Turnout.Channel.ONLINE)
    except IntegrityError:
        raise ValidationError(_("You have already voted.")) from None
    SealedBallot.objects.create(vote=vote, sealed=sealing.seal(vote.pk, _sealable(vote, choices)))
    code = new_receipt()
    Receipt.objects.create(vote=vote, digest=receipt_digests(code)[0])
    return code


@transaction.atomic
def paper_tally_enter(
    *, vote: Vote, by, voters: Iterable[Deputy], lines: dict[int, tuple[int, int, int]], sheet=None
) -> PaperTally:
    """Staff enter the paper ballots counted at a session: who voted on paper and the totals."""
    require_staff(by)
    vote = _lock_vote(vote)
    if vote.state != Vote.State.OPEN:
        raise ValidationError(_("Paper ballots are entered while the vote is open."))
    if PaperTally.objects.filter(vote=vote).exists():
        raise ValidationError(_("The paper ballots of this vote are already entered."))
    voters = list(voters)
    outside = [d.name for d in voters if not Elector.objects.filter(vote=vote, deputy=d).exists()]
    if outside:
        raise ValidationError(_("Not in the electorate: %(names)s.") % {"names": "、".join(outside)})
    online = list(Turnout.objects.filter(vote=vote, deputy__in=voters).values_list("deputy__name", flat=True))
    if online:
        raise ValidationError(_("Already voted online: %(names)s.") % {"names": "、".join(online)})
    n = len(voters)
    for votes_for, against, abstain in lines.values():
        if votes_for + against + abstain > n:
            raise ValidationError(_("A line of the tally sheet counts more votes than there were paper ballots."))
    Turnout.objects.bulk_create([Turnout(vote=vote, deputy=d, channel=Turnout.Channel.PAPER) for d in voters])
    tally = PaperTally(vote=vote, ballots=n, entered_by=by, sheet=sheet or "")
    tally.full_clean(exclude=["vote"])
    tally.save()
    PaperTallyLine.objects.bulk_create(
        [
            PaperTallyLine(tally=tally, candidate_id=pk, votes_for=f, votes_against=a, votes_abstain=ab)
            for pk, (f, a, ab) in lines.items()
        ]
    )
    return tally


def _open_box(vote: Vote) -> list[str]:
    """Open every sealed ballot of ``vote`` and store them opened, shuffled, in one go; return them.

    The shuffle comes from the operating system's randomness, and all opened ballots are written in
    one transaction: neither their order on disk nor their row versions say who cast which."""
    sealed = list(SealedBallot.objects.filter(vote=vote).values_list("sealed", flat=True))
    online = Turnout.objects.filter(vote=vote, channel=Turnout.Channel.ONLINE).count()
    if len(sealed) != online:
        raise ValidationError(
            _("The ballot box holds %(box)s ballots but %(turnout)s people voted online; the vote cannot be counted.")
            % {"box": len(sealed), "turnout": online}
        )
    try:
        opened = [sealing.unseal(vote.pk, token) for token in sealed]
    except sealing.SealError:
        raise ValidationError(
            _("A ballot cannot be opened with the portal's key (was the key changed?); the vote cannot be counted.")
        ) from None
    secrets.SystemRandom().shuffle(opened)
    Ballot.objects.bulk_create([Ballot(vote=vote, choices=c) for c in opened], batch_size=2000)
    SealedBallot.objects.filter(vote=vote).delete()
    return opened


def _counts(vote: Vote, opened: list[str]) -> dict[int, dict[str, int]]:
    """Per candidate, for / against / abstain over the opened online ballots and the paper tally."""
    order = sorted(vote.candidates.values_list("pk", flat=True))
    by_letter = {letter: choice for choice, letter in LETTERS.items()}
    counts: dict[int, dict[str, int]] = {pk: {c: 0 for c in LETTERS} for pk in order}
    for position, letter_counts in enumerate(zip(*opened, strict=True)):
        for letter, n in Counter(letter_counts).items():
            if letter in by_letter:
                counts[order[position]][by_letter[letter]] += n
    for line in PaperTallyLine.objects.filter(tally__vote=vote):
        counts[line.candidate_id][Choice.FOR] += line.votes_for
        counts[line.candidate_id][Choice.AGAINST] += line.votes_against
        counts[line.candidate_id][Choice.ABSTAIN] += line.votes_abstain
    return counts


@dataclass
class Standing:
    """A candidate's count, for ranking (a plain value: ``rank_candidates`` touches no database)."""

    pk: int
    votes_for: int
    rank: int = 0
    passed: bool = False
    chosen: bool = False
    tied: bool = False


def rank_candidates(standings: list[Standing], *, seats: int, cast: int, majority: Decimal, valid: bool) -> None:
    """Rank by votes for; a candidate passes with more than ``majority`` of the ballots cast in
    favour (and only in a valid vote); the top ``seats`` passing ones are chosen. A tie at the
    cut-off is marked ``tied`` and left to staff, never broken here."""
    for s in standings:
        s.rank = 1 + sum(1 for other in standings if other.votes_for > s.votes_for)
        s.passed = valid and s.votes_for > majority * cast
        s.chosen = s.tied = False
    passing = sorted((s for s in standings if s.passed), key=lambda s: -s.votes_for)
    if len(passing) <= seats:
        for s in passing:
            s.chosen = True
        return
    cut = passing[seats - 1].votes_for
    above = [s for s in passing if s.votes_for > cut]
    at_cut = [s for s in passing if s.votes_for == cut]
    for s in above:
        s.chosen = True
    for s in at_cut:
        if len(above) + len(at_cut) <= seats:
            s.chosen = True
        else:
            s.tied = True


@transaction.atomic
def vote_close(*, vote: Vote, by) -> Vote:
    """Close and count: open the sealed ballots (shuffled), check the turnout against the quorum and
    each candidate against the majority, rank; the chosen become the year's projects."""
    require_staff(by)
    vote = _lock_vote(vote)
    if vote.state != Vote.State.OPEN:
        raise ValidationError(_("Only an open vote can be closed."))
    opened = _open_box(vote)
    paper = PaperTally.objects.filter(vote=vote).values_list("ballots", flat=True).first() or 0
    cast = len(opened) + paper
    vote.ballots_cast = cast
    vote.is_valid = cast > vote.quorum * vote.electorate_size
    counts = _counts(vote, opened)
    candidates = list(vote.candidates.all())
    standings = {c.pk: Standing(c.pk, counts[c.pk][Choice.FOR]) for c in candidates}
    rank_candidates(
        list(standings.values()), seats=vote.seats, cast=cast, majority=vote.majority, valid=bool(vote.is_valid)
    )
    for c in candidates:
        c.votes_for, c.votes_against, c.votes_abstain = (
            counts[c.pk][k] for k in (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)
        )
        s = standings[c.pk]
        c.rank, c.passed, c.chosen, c.tied = s.rank, s.passed, s.chosen, s.tied
    Candidate.objects.bulk_update(
        candidates, ["votes_for", "votes_against", "votes_abstain", "rank", "passed", "chosen", "tied"]
    )
    vote.state, vote.closed_at = Vote.State.CLOSED, timezone.now()
    vote.save(update_fields=["state", "closed_at", "ballots_cast", "is_valid"])
    for c in candidates:
        if c.chosen:
            _project_from(c)
    return vote


def _project_from(candidate: Candidate) -> Project:
    project, created = Project.objects.get_or_create(
        candidate=candidate,
        defaults={
            "year": candidate.vote.year, "title": candidate.title, "description": candidate.description,
            "department": candidate.department, "budget": candidate.budget, "milestones": candidate.milestones,
            "order": candidate.rank or 0,
        },
    )  # fmt: skip
    if created:
        SubItem.objects.bulk_create(
            [SubItem(project=project, title=s.title, weight=s.weight) for s in candidate.sub_items.all()]
        )
    return project


@transaction.atomic
def vote_resolve_tie(*, vote: Vote, by, chosen: Iterable[Candidate]) -> Vote:
    """Staff decide among candidates tied at the cut-off (by a run-off or the council's rule)."""
    require_staff(by)
    vote = _lock_vote(vote)
    chosen = list(chosen)
    tied = {c.pk for c in vote.candidates.filter(tied=True)}
    if not tied:
        raise ValidationError(_("There is no tie to resolve."))
    if {c.pk for c in chosen} - tied:
        raise ValidationError(_("Choose only among the tied candidates."))
    free = vote.seats - vote.candidates.filter(chosen=True).count()
    if len(chosen) > free:
        raise ValidationError(_("Only %(n)s more projects can be chosen.") % {"n": free})
    vote.candidates.filter(pk__in=[c.pk for c in chosen]).update(chosen=True, tied=False)
    vote.candidates.filter(tied=True).update(tied=False)
    for candidate in vote.candidates.filter(pk__in=[c.pk for c in chosen]).select_related("vote"):
        _project_from(candidate)
    return vote


@transaction.atomic
def vote_publish(*, vote: Vote, by) -> Vote:
    require_staff(by)
    vote = _lock_vote(vote)
    if vote.state != Vote.State.CLOSED:
        raise ValidationError(_("Only a counted vote can be published."))
    if vote.candidates.filter(tied=True).exists():
        raise ValidationError(_("Resolve the tie first."))
    vote.state = Vote.State.PUBLISHED
    vote.save(update_fields=["state"])
    return vote


def receipt_check(receipt: str) -> Vote:
    """The vote a receipt belongs to: proof the voter's ballot is in its box (counted once the vote
    is closed), never what it said."""
    found = Receipt.objects.select_related("vote").filter(digest__in=receipt_digests(receipt)).first()
    if found is None:
        raise ValidationError({"receipt": _("No ballot has the receipt “%(code)s”.") % {"code": receipt}})
    return found.vote


# --- claims, reports, cards ------------------------------------------------------------------


ROLE_FOR_KIND = {Deputy.Kind.DEPUTY: Claim.Role.DEPUTY, Deputy.Kind.COUNCIL_MEMBER: Claim.Role.COUNCIL}


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
        project=project, author=author, month=month, progress=progress, against_plan=against_plan,
        management=management, performance=performance, problems=problems, is_late=today > report_due(month),
    )  # fmt: skip
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
    return report


def quarter_months(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"quarter": _("There is no such quarter.")})
    first = date(year, 3 * quarter - 2, 1)
    return first, date(year, 3 * quarter, 1)


def card_suggest(project: Project, year: int, quarter: int) -> tuple[str, list[str]]:
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


@transaction.atomic
def card_give(*, project: Project, by, year: int, quarter: int, colour: str, reasons: str = "") -> CardRating:
    """Staff give the quarter's card; overriding the suggestion, or giving red, needs reasons."""
    require_staff(by)
    project = Project.objects.select_for_update().get(pk=project.pk)
    suggested, suggestion_reasons = card_suggest(project, year, quarter)
    reasons = reasons.strip()
    if colour == Project.Card.RED and not reasons:
        raise ValidationError({"reasons": _("A red card needs its reasons.")})
    if colour != suggested and not reasons:
        raise ValidationError({"reasons": _("Say why the card differs from the suggested one.")})
    rating = CardRating(
        project=project, year=year, quarter=quarter, colour=colour, suggested=suggested,
        reasons=reasons or "；".join(str(r) for r in suggestion_reasons), rated_by=by,
    )  # fmt: skip
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
            by=by, kind=SupervisionItem.Kind.RECTIFICATION, title=item["title"], content=item.get("content") or item["title"],
            lead_department=item.get("department") or project.department, deadline=item["deadline"], source=inspection,
        )  # fmt: skip
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
        if rating not in Satisfaction.Rating.values:
            raise ValidationError({"rating": _("Choose satisfied, basically satisfied or unsatisfied.")})
        satisfaction, _created = Satisfaction.objects.update_or_create(
            project=project, rater=rater, defaults={"rating": rating}
        )
        given.append(satisfaction)
    return given


def satisfaction_results(projects) -> dict[int, dict]:
    """Per project: counts of each rating and the satisfaction rate, in one grouped query."""
    rows = (
        Satisfaction.objects.filter(project__in=projects)
        .values("project_id")
        .annotate(
            total=Count("pk"),
            satisfied=Count("pk", filter=Q(rating=Satisfaction.Rating.SATISFIED)),
            basically=Count("pk", filter=Q(rating=Satisfaction.Rating.BASICALLY_SATISFIED)),
            unsatisfied=Count("pk", filter=Q(rating=Satisfaction.Rating.UNSATISFIED)),
        )
    )
    return {
        r["project_id"]: {**r, "rate": Decimal(r["satisfied"] + r["basically"]) / r["total"] if r["total"] else None}
        for r in rows
    }

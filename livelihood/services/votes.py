"""Every change to a vote: open, cast a sealed ballot, enter the paper tally, close and count, resolve a tie, publish."""

import secrets
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from deputies.models import Deputy
from notifications.services import settle

from .. import sealing
from ..models import (
    LETTERS,
    NOT_PICKED,
    Ballot,
    Candidate,
    Elector,
    PaperTally,
    PaperTallyLine,
    Project,
    Receipt,
    SealedBallot,
    SubItem,
    Turnout,
    Vote,
    VoteChoice,
    new_receipt,
    receipt_digests,
)
from ..reminders import remind_votes, vote_key
from ..rules import Standing, rank_candidates
from ..selectors import electorate_of

Choice = VoteChoice


def _lock_vote(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().get(pk=vote.pk)


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
    remind_votes(votes=[vote])  # open now: electors hear at once (a vote opening later, at 08:00 that day)
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
    if voter.user_id:
        settle(key_prefix=vote_key(vote.pk), users=[voter.user_id])  # "vote now" is done
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
    settle(key_prefix=vote_key(vote.pk))  # no one can vote any more
    return vote


def _project_from(candidate: Candidate) -> Project:
    project, created = Project.objects.get_or_create(
        candidate=candidate,
        defaults={
            "year": candidate.vote.year,
            "title": candidate.title,
            "description": candidate.description,
            "department": candidate.department,
            "budget": candidate.budget,
            "milestones": candidate.milestones,
            "order": candidate.rank or 0,
        },
    )
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

"""The vote: one secret ballot per voter, the window, quorum and majority, ties, paper ballots."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import override

from congress_portal.accounts import roles
from livelihood import services
from livelihood.models import Ballot, BallotChoice, Candidate, CandidateSubItem, Project, Turnout, Vote
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def refused(call, message):
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages), error.value.messages


def voters(n, kind="deputy"):
    return [DeputyFactory(kind=kind, user=UserFactory(roles=[roles.DEPUTY])) for _ in range(n)]


def make_vote(staff, candidates=4, seats=2, mode=Vote.Mode.EACH, electorate=Vote.Electorate.DEPUTIES, **kw):
    now = timezone.now()
    vote = Vote.objects.create(
        year=2027, title="2027年度民生实事项目票决", seats=seats, mode=mode, electorate=electorate,
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1), **kw,
    )  # fmt: skip
    department = DepartmentFactory()
    for i in range(candidates):
        c = Candidate.objects.create(vote=vote, order=i, title=f"项目{i}", department=department)
        CandidateSubItem.objects.create(candidate=c, title=f"子项{i}-1", weight=2)
    return services.vote_open(vote=vote, by=staff)


def cast(vote, deputy, pattern):
    """``pattern``: one letter per candidate in order: f(or), a(gainst), x (abstain), - (not picked)."""
    letters = {"f": "for", "a": "against", "x": "abstain"}
    choices = {
        c.pk: letters[p] for c, p in zip(vote.candidates.order_by("order"), pattern, strict=True) if p in letters
    }
    return services.ballot_cast(vote=vote, by=deputy.user, choices=choices)


def test_opening_fixes_the_electorate_from_active_deputies(staff_user):
    people = voters(3)
    DeputyFactory(is_active=False)
    voters(2, kind="council_member")
    vote = make_vote(staff_user)
    assert vote.state == Vote.State.OPEN and vote.electorate_size == 3
    assert set(vote.electors.values_list("deputy", flat=True)) == {p.pk for p in people}


def test_a_voter_casts_one_ballot_and_gets_a_receipt_that_shows_it_was_counted(staff_user):
    (a,) = voters(1)
    vote = make_vote(staff_user)
    ballot = cast(vote, a, "ffax")
    assert len(ballot.receipt) == 12
    assert services.receipt_check(ballot.receipt.lower()) == ballot
    refused(lambda: cast(vote, a, "aaaa"), "已经投过票")
    assert Ballot.objects.count() == 1 and Turnout.objects.get().deputy == a


def test_a_ballot_outside_the_window_or_from_outside_the_electorate_is_refused(staff_user, time_machine):
    (a,) = voters(1)
    vote = make_vote(staff_user)
    outsider = DeputyFactory(user=UserFactory())  # became a deputy after the vote opened
    refused(lambda: cast(vote, outsider, "ffff"), "不在本次票决的投票人范围内")
    time_machine.move_to(vote.closes_at + timedelta(minutes=1))
    refused(lambda: cast(vote, a, "ffff"), "票决现在不在投票时间内")
    assert not Ballot.objects.exists() and not Turnout.objects.exists()


def test_each_mode_needs_a_choice_on_every_candidate_and_pick_mode_at_most_the_seats(staff_user):
    a, b = voters(2)
    vote = make_vote(staff_user)
    refused(
        lambda: services.ballot_cast(vote=vote, by=a.user, choices={vote.candidates.first().pk: "for"}), "每个候选项目"
    )
    pick = make_vote(staff_user, mode=Vote.Mode.PICK, seats=2)
    refused(lambda: cast(pick, b, "fff-"), "最多选择 2 个项目")
    cast(pick, b, "f-f-")
    assert BallotChoice.objects.filter(ballot__vote=pick).count() == 2


def test_ballots_are_not_linked_to_voters_anywhere():
    """Secrecy by construction: a ballot has a random id, no time, and no relation to a person."""
    for model in (Ballot, BallotChoice):
        fields = model._meta.get_fields()
        assert not any(getattr(f, "related_model", None) in (Turnout, UserFactory._meta.model) for f in fields)
        assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in fields if f.concrete)
        related = {getattr(f, "related_model", None) for f in fields if f.concrete}
        assert not related & {DeputyFactory._meta.model}
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    turnout_fields = {f.name for f in Turnout._meta.get_fields()}
    assert not turnout_fields & {"ballot", "receipt", "choices", "voted_at"}
    from django.contrib import admin

    assert (
        Ballot not in admin.site._registry
        and BallotChoice not in admin.site._registry
        and Turnout not in admin.site._registry
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_of_one_voter_leave_exactly_one_ballot(django_db_blocker):
    """Eight threads submit the same voter's ballot at once against PostgreSQL: one wins."""
    staff = UserFactory(is_staff=True, roles=[roles.STAFF])
    (a,) = voters(1)
    vote = make_vote(staff)
    barrier = threading.Barrier(8)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            cast(vote, a, "ffff")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Turnout.objects.filter(vote=vote).count() == 1
    assert BallotChoice.objects.filter(ballot__vote=vote).count() == 4


def test_closing_counts_ranks_and_chooses_the_top_seats_with_their_sub_items(staff_user):
    people = voters(5)
    vote = make_vote(staff_user, seats=2)
    for deputy, pattern in zip(people, ["ffaa", "ffax", "fafa", "ffaa", "xfaa"], strict=True):
        cast(vote, deputy, pattern)
    vote = services.vote_close(vote=vote, by=staff_user)
    assert vote.is_valid and vote.ballots_cast == 5
    rows = list(
        vote.candidates.order_by("order").values_list(
            "votes_for", "votes_against", "votes_abstain", "rank", "passed", "chosen"
        )
    )
    # Candidates 0 and 1 share rank 1 with 4 votes each and both fit in the 2 seats.
    assert rows == [
        (4, 0, 1, 1, True, True),
        (4, 1, 0, 1, True, True),
        (1, 4, 0, 3, False, False),
        (0, 4, 1, 4, False, False),
    ]
    projects = Project.objects.filter(year=2027).order_by("order", "pk")
    assert [p.title for p in projects] == ["项目0", "项目1"]
    assert [s.title for s in projects[0].sub_items.all()] == ["子项0-1"]


def test_without_a_quorum_nothing_is_chosen(staff_user):
    people = voters(4)
    vote = make_vote(staff_user)
    cast(vote, people[0], "ffff")
    cast(vote, people[1], "ffff")  # 2 of 4: not more than half
    vote = services.vote_close(vote=vote, by=staff_user)
    assert vote.is_valid is False
    assert not vote.candidates.filter(chosen=True).exists() and not Project.objects.exists()


def test_the_majority_is_of_ballots_cast_and_strict(staff_user):
    people = voters(4)
    vote = make_vote(staff_user, seats=4)
    for deputy, pattern in zip(people, ["ffff", "ffaa", "faaa", "aaaa"], strict=True):
        cast(vote, deputy, pattern)
    vote = services.vote_close(vote=vote, by=staff_user)
    # 4 ballots: 3 for passes, 2 for (exactly half) does not.
    assert list(vote.candidates.order_by("order").values_list("votes_for", "passed")) == [
        (3, True),
        (2, False),
        (1, False),
        (1, False),
    ]


def test_a_tie_at_the_cut_off_is_reported_and_left_to_staff(staff_user):
    people = voters(3)
    vote = make_vote(staff_user, seats=1)
    for deputy in people:
        cast(vote, deputy, "ffaa")  # candidates 0 and 1 tie at 3 for one seat
    vote = services.vote_close(vote=vote, by=staff_user)
    assert list(vote.candidates.filter(tied=True).order_by("order").values_list("order", flat=True)) == [0, 1]
    assert not vote.candidates.filter(chosen=True).exists() and not Project.objects.exists()
    refused(lambda: services.vote_publish(vote=vote, by=staff_user), "请先处理票数相同")
    refused(
        lambda: services.vote_resolve_tie(vote=vote, by=staff_user, chosen=list(vote.candidates.filter(tied=True))),
        "只能再选 1 个项目",
    )
    services.vote_resolve_tie(vote=vote, by=staff_user, chosen=[vote.candidates.get(order=1)])
    assert list(vote.candidates.filter(chosen=True).values_list("order", flat=True)) == [1]
    assert not vote.candidates.filter(tied=True).exists()
    assert Project.objects.get().title == "项目1"
    assert services.vote_publish(vote=vote, by=staff_user).state == Vote.State.PUBLISHED


def test_paper_ballots_count_and_a_voter_cannot_vote_both_ways(staff_user):
    a, b, c = voters(3)
    vote = make_vote(staff_user, seats=1)
    cast(vote, a, "faaa")
    refused(lambda: services.paper_tally_enter(vote=vote, by=staff_user, voters=[a, b], lines={}), "已在网上投票")
    refused(
        lambda: services.paper_tally_enter(
            vote=vote, by=staff_user, voters=[b, c], lines={vote.candidates.first().pk: (2, 1, 0)}
        ),
        "多于纸质选票数",
    )
    first = vote.candidates.get(order=0)
    services.paper_tally_enter(vote=vote, by=staff_user, voters=[b, c], lines={first.pk: (2, 0, 0)})
    refused(lambda: cast(vote, b, "ffff"), "已经投过票")
    vote = services.vote_close(vote=vote, by=staff_user)
    assert vote.ballots_cast == 3
    assert vote.candidates.get(order=0).votes_for == 3


def test_only_staff_run_the_vote(staff_user, deputy_user):
    vote = make_vote(staff_user)
    refused(lambda: services.vote_close(vote=vote, by=deputy_user), "只有工委工作人员")


@pytest.mark.parametrize("n_voters", [5, 40])
def test_tallying_aggregates_in_the_database(staff_user, django_assert_max_num_queries, n_voters):
    people = voters(n_voters)
    vote = make_vote(staff_user, seats=2)
    for deputy in people:
        cast(vote, deputy, "ffax")
    # The same for 5 or 40 ballots (counted by GROUP BY); 27 with the vote's audit-history row.
    with django_assert_max_num_queries(27):
        services.vote_close(vote=vote, by=staff_user)
    assert vote.candidates.get(order=0).votes_for == n_voters


def test_vote_fractions_are_settings_of_the_vote(staff_user):
    people = voters(4)
    vote = make_vote(staff_user, quorum=Decimal("0.25"), majority=Decimal("0.25"))
    cast(vote, people[0], "ffff")
    cast(vote, people[1], "faaa")
    vote = services.vote_close(vote=vote, by=staff_user)
    assert vote.is_valid and vote.candidates.filter(passed=True).count() == 4

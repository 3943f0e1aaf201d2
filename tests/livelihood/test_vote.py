"""The vote: one secret ballot per voter, the window, quorum and majority, ties, paper ballots."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts import roles
from livelihood import selectors, services
from livelihood.models import Ballot, Project, Receipt, SealedBallot, Turnout, Vote
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.helpers import refused
from tests.livelihood.factories import CandidateFactory, CandidateSubItemFactory, VoteFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def voters(n, kind="deputy"):
    return [DeputyFactory(kind=kind, user=UserFactory(roles=[roles.DEPUTY])) for _ in range(n)]


def make_vote(staff, candidates=4, seats=2, mode=Vote.Mode.EACH, electorate=Vote.Electorate.DEPUTIES, **kw):
    now = timezone.now()
    vote = VoteFactory(
        year=2027,
        title="2027年度民生实事项目票决",
        seats=seats,
        mode=mode,
        electorate=electorate,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        **kw,
    )
    department = DepartmentFactory()
    for i in range(candidates):
        c = CandidateFactory(vote=vote, order=i, title=f"项目{i}", department=department)
        CandidateSubItemFactory(candidate=c, title=f"子项{i}-1", weight=2)
    return services.vote_open(vote=vote, by=staff)


def cast(vote, deputy, pattern):
    """``pattern``: one letter per candidate in order: f(or), a(gainst), x (abstain), - (not picked)."""
    letters = {"f": "for", "a": "against", "x": "abstain"}
    choices = {
        c.pk: letters[p] for c, p in zip(vote.candidates.order_by("order"), pattern, strict=True) if p in letters
    }
    return services.ballot_cast(vote=vote, voter=deputy, choices=choices)


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
    receipt = cast(vote, a, "ffax")
    assert len(receipt) == 12
    assert selectors.vote_of_receipt(receipt.lower()) == vote
    assert not Receipt.objects.filter(digest=receipt).exists()  # only a keyed hash of the code is kept
    refused(lambda: cast(vote, a, "aaaa"), "已经投过票")
    assert SealedBallot.objects.count() == 1 and Turnout.objects.get().deputy == a
    assert not Ballot.objects.exists()  # nothing is opened before the vote closes
    services.vote_close(vote=vote, by=staff_user)
    assert Ballot.objects.get().choices and not SealedBallot.objects.exists()
    assert selectors.vote_of_receipt(receipt) == vote


def test_a_ballot_outside_the_window_or_from_outside_the_electorate_is_refused(staff_user, time_machine):
    (a,) = voters(1)
    vote = make_vote(staff_user)
    outsider = DeputyFactory(user=UserFactory())  # became a deputy after the vote opened
    refused(lambda: cast(vote, outsider, "ffff"), "不在本次票决的投票人范围内")
    time_machine.move_to(vote.closes_at + timedelta(minutes=1))
    refused(lambda: cast(vote, a, "ffff"), "票决现在不在投票时间内")
    assert not SealedBallot.objects.exists() and not Turnout.objects.exists()


def test_each_mode_needs_a_choice_on_every_candidate_and_pick_mode_at_most_the_seats(staff_user):
    a, b = voters(2)
    vote = make_vote(staff_user)
    refused(
        lambda: services.ballot_cast(vote=vote, voter=a, choices={vote.candidates.first().pk: "for"}), "每个候选项目"
    )
    pick = make_vote(staff_user, mode=Vote.Mode.PICK, seats=2)
    refused(lambda: cast(pick, b, "fff-"), "最多选择 2 个项目")
    cast(pick, b, "f-f-")
    services.vote_close(vote=pick, by=staff_user)
    assert list(pick.candidates.order_by("order").values_list("votes_for", flat=True)) == [1, 0, 1, 0]
    assert Ballot.objects.get(vote=pick).choices.count("-") == 2


def test_ballots_are_not_linked_to_voters_anywhere():
    """By construction: no ballot, sealed or opened, has a time, a relation to a person or a voter's receipt."""
    for model in (Ballot, SealedBallot, Receipt):
        fields = model._meta.get_fields()
        assert not any(getattr(f, "related_model", None) in (Turnout, UserFactory._meta.model) for f in fields)
        assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in fields if f.concrete)
        related = {getattr(f, "related_model", None) for f in fields if f.concrete}
        assert not related & {DeputyFactory._meta.model}
        assert model._meta.pk.get_internal_type() == "UUIDField"
    assert not {f.name for f in Ballot._meta.get_fields()} & {"receipt", "digest"}
    turnout_fields = {f.name for f in Turnout._meta.get_fields()}
    assert not turnout_fields & {"ballot", "receipt", "choices", "voted_at"}
    from django.contrib import admin

    assert not {Ballot, SealedBallot, Receipt, Turnout} & set(admin.site._registry)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_reader_cannot_link_a_voter_to_their_choices():
    """The attack: read the tables (or a backup) and pair who voted with what was voted, by the
    transaction that wrote each row (PostgreSQL's xmin) or by the rows' order on disk."""
    staff = UserFactory(is_staff=True, roles=[roles.STAFF])
    people = voters(12)
    vote = make_vote(staff, candidates=4, seats=2)
    patterns = ["ffff", "fffa", "ffaf", "ffaa", "fafa", "faaf", "faff", "faaa", "afff", "affa", "afaf", "afaa"]
    letters = {"f": "F", "a": "A"}
    expected = {deputy.pk: "".join(letters[ch] for ch in p) for deputy, p in zip(people, patterns, strict=True)}
    for deputy, pattern in zip(people, patterns, strict=True):
        cast(vote, deputy, pattern)  # each in its own committed transaction, as in production

    def rows(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [vote.pk])
            return [row[0] for row in cursor.fetchall()]

    voters_in_order = rows(
        "SELECT deputy_id FROM livelihood_turnout WHERE vote_id = %s ORDER BY xmin::text::bigint, ctid"
    )
    sealed_in_order = rows(
        "SELECT sealed FROM livelihood_sealedballot WHERE vote_id = %s ORDER BY xmin::text::bigint, ctid"
    )
    # While the vote is open the pairing works — and yields sealed ballots, which say nothing.
    assert len(voters_in_order) == len(sealed_in_order) == 12
    for deputy_id, sealed in zip(voters_in_order, sealed_in_order, strict=True):
        assert expected[deputy_id] not in sealed and sealed not in expected.values()
    services.vote_close(vote=vote, by=staff)
    assert rows("SELECT id FROM livelihood_sealedballot WHERE vote_id = %s") == []
    opened_in_order = rows("SELECT choices FROM livelihood_ballot WHERE vote_id = %s ORDER BY ctid")
    assert sorted(opened_in_order) == sorted(expected.values())  # every ballot counted, as cast
    # The opened ballots were all written by one transaction: their xmin tells nothing apart …
    assert len(set(rows("SELECT xmin::text FROM livelihood_ballot WHERE vote_id = %s"))) == 1
    # … and in random order: pairing them with the voters recovers the votes only by chance (1 in 12!).
    assert [expected[d] for d in voters_in_order] != opened_in_order


def test_a_sealed_ballot_without_the_key_cannot_be_read_or_counted(staff_user, settings):
    from livelihood import sealing

    (a,) = voters(1)
    vote = make_vote(staff_user)
    cast(vote, a, "ffax")
    token = SealedBallot.objects.get().sealed
    settings.BALLOT_SEAL_KEY = "another key the attacker guessed"
    with pytest.raises(sealing.SealError):
        sealing.unseal(vote.pk, token)
    refused(lambda: services.vote_close(vote=vote, by=staff_user), "无法用门户的密钥打开")
    settings.BALLOT_SEAL_KEY = ""
    assert services.vote_close(vote=vote, by=staff_user).ballots_cast == 1


def test_a_ballot_slipped_into_the_box_stops_the_count(staff_user):
    from livelihood import sealing

    a, b = voters(2)
    vote = make_vote(staff_user)
    cast(vote, a, "ffff")
    SealedBallot.objects.create(vote=vote, sealed=sealing.seal(vote.pk, "FFFF"))  # no voter behind it
    refused(lambda: services.vote_close(vote=vote, by=staff_user), "投票箱中有 2 张选票")
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN


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
    assert SealedBallot.objects.filter(vote=vote).count() == 1
    assert Turnout.objects.filter(vote=vote).count() == 1
    assert Receipt.objects.filter(vote=vote).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_paper_tally_racing_online_ballots_never_deadlocks():
    """Staff enter the paper tally while the same people submit online ballots: each person ends up
    with exactly one ballot, one way or the other, and nobody sees an error page (a deadlock was a 500)."""
    staff = UserFactory(is_staff=True, roles=[roles.STAFF])
    for _round in range(6):
        people = voters(4)
        vote = make_vote(staff)
        assert race_paper_against_online(staff, vote, people) == []
        assert Turnout.objects.filter(vote=vote).count() == 4
        assert set(Turnout.objects.filter(vote=vote).values_list("deputy", flat=True)) == {p.pk for p in people}


def race_paper_against_online(staff, vote, people) -> list[Exception]:
    """Every person submits online while staff enter all of them on the paper tally, at once; the
    errors other than a refusal (ValidationError)."""
    first = vote.candidates.order_by("pk").first()
    barrier = threading.Barrier(len(people) + 1)
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except ValidationError:
            pass
        except Exception as error:  # a deadlock lands here
            errors.append(error)
        finally:
            connection.close()

    calls = [lambda p=p: cast(vote, p, "ffff") for p in people]
    calls.append(
        lambda: services.paper_tally_enter(vote=vote, by=staff, voters=people, lines={first.pk: (len(people), 0, 0)})
    )
    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


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
def test_tallying_aggregates_in_the_database(staff_user, django_assert_num_queries, n_voters):
    people = voters(n_voters)
    vote = make_vote(staff_user, seats=2)
    for deputy in people:
        cast(vote, deputy, "ffax")
    # The same for 5 or 40 ballots: the box is read and written in bulk.
    with django_assert_num_queries(31):
        services.vote_close(vote=vote, by=staff_user)
    assert vote.candidates.get(order=0).votes_for == n_voters


def test_vote_fractions_are_settings_of_the_vote(staff_user):
    people = voters(4)
    vote = make_vote(staff_user, quorum=Decimal("0.25"), majority=Decimal("0.25"))
    cast(vote, people[0], "ffff")
    cast(vote, people[1], "faaa")
    vote = services.vote_close(vote=vote, by=staff_user)
    assert vote.is_valid and vote.candidates.filter(passed=True).count() == 4


def test_electors_who_have_not_voted_hear_when_it_opens_and_the_day_before_it_closes(staff_user, time_machine):
    from livelihood.reminders import remind_votes
    from notifications.models import Notification

    a, b = voters(2)
    vote = make_vote(staff_user)
    assert set(Notification.objects.filter(event="vote").values_list("user", "key")) == {
        (a.user_id, f"vote:{vote.pk}:open"),
        (b.user_id, f"vote:{vote.pk}:open"),
    }
    services.ballot_cast(vote=vote, voter=a, choices={c.pk: "for" for c in vote.candidates.all()})
    remind_votes()  # the next morning's run: the vote closes tomorrow
    closing = Notification.objects.filter(key=f"vote:{vote.pk}:closing")
    assert [n.user_id for n in closing] == [b.user_id]  # not 甲, who voted
    assert "livelihood/votes" in closing.get().url
    remind_votes()
    assert Notification.objects.filter(event="vote").count() == 3


def test_staff_enter_the_paper_tally_as_a_grid(client, staff_user):
    from django.urls import reverse

    from livelihood.models import PaperTally

    a, b = voters(2)
    vote = make_vote(staff_user, candidates=3)
    client.force_login(staff_user)
    page = client.get(reverse("livelihood:vote_manage", args=[vote.pk])).content.decode()
    assert "tally-grid" in page and page.count('type="number"') == 9  # 3 candidates × 赞成/反对/弃权
    assert "赞成" in page and "反对" in page and "弃权" in page
    cells = {}
    for c in vote.candidates.all():
        cells.update({f"for{c.pk}": 1, f"against{c.pk}": 1, f"abstain{c.pk}": 0})
    response = client.post(reverse("livelihood:paper_tally", args=[vote.pk]), {"voters": [a.pk, b.pk], **cells})
    assert response.status_code == 302 and PaperTally.objects.filter(vote=vote).exists()

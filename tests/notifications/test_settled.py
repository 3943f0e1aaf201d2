"""A notification that asked for a task leaves the bell's count once the task is done: the report
filed, the ballot cast (or the vote closed), the co-signing request answered or withdrawn, the
item answered, the answer rated. Others' notifications, and other tasks', stay unread."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from livelihood import services as livelihood
from notifications.models import Notification
from notifications.services import notify, settle, unread_count
from supervision import services as supervision
from tests.accounts.factories import UserFactory
from tests.beat import run_daily
from tests.deputies.factories import DeputyFactory
from tests.livelihood.factories import ClaimFactory, ProjectFactory
from tests.livelihood.test_vote import cast, make_vote, voters

pytestmark = pytest.mark.django_db


def unread(user) -> set[str]:
    return set(Notification.objects.filter(user=user, read_at__isnull=True).values_list("key", flat=True))


def test_a_prefix_settles_its_own_task_only(deputy_user):
    for key in ("vote:5:open", "vote:55:open", "vote:5:closing"):
        notify(user=deputy_user, key=key, title=key)
    assert settle(key_prefix="vote:5:") == 2
    assert unread(deputy_user) == {"vote:55:open"} and unread_count(deputy_user) == 1
    with pytest.raises(AssertionError):
        settle(key_prefix="vote:5")  # would also settle vote:55


def test_filing_the_report_settles_every_claimers_reminder_of_it(time_machine):
    project, other = ProjectFactory(year=2026), ProjectFactory(year=2026)
    claims = [
        ClaimFactory(project=project, role=role, person=DeputyFactory(kind=kind, user=UserFactory()))
        for role, kind in (("deputy", "deputy"), ("council", "council_member"))
    ]
    mine_elsewhere = ClaimFactory(project=other, role="deputy", person=claims[0].person)
    time_machine.move_to(date(2026, 11, 25))
    run_daily()
    first = claims[0].person.user
    assert unread(first) == {f"report:2026-11:{project.pk}:first", f"report:2026-11:{other.pk}:first"}
    livelihood.report_submit(project=project, by=first, month=date(2026, 11, 1), progress=40, against_plan="on")
    assert unread(first) == {f"report:2026-11:{other.pk}:first"}  # the other project's is still owed
    assert unread(claims[1].person.user) == set()  # the project's report is in, whoever filed it
    assert mine_elsewhere.person.user == first


def test_casting_a_ballot_settles_ones_own_call_to_vote_and_closing_everyones(staff_user):
    a, b = voters(2)
    vote = make_vote(staff_user)
    cast(vote, a, "ffxx")
    assert unread(a.user) == set() and unread(b.user) == {f"vote:{vote.pk}:open"}
    vote.closes_at = timezone.now()
    vote.save(update_fields=["closes_at"])
    livelihood.vote_close(vote=vote, by=staff_user)
    assert unread(b.user) == set()


def test_answering_or_being_unasked_settles_a_cosigning_request(world):
    asked, dropped = (DeputyFactory(user=UserFactory()) for _ in range(2))
    item = supervision.item_create(
        created_by=world.deputy_user,
        lead_deputy=world.deputy,
        title="加装路灯",
        content="内容",
        co_signers=[asked, dropped],
    )
    assert len(unread(asked.user)) == 1 and len(unread(dropped.user)) == 1
    supervision.item_update_draft(item=item, by=world.deputy_user, title="加装路灯", content="内容", co_signers=[asked])
    assert unread(dropped.user) == set()
    supervision.cosign_answer(request=item.cosign_requests.get(deputy=asked), by=asked.user, agree=True)
    assert unread(asked.user) == set()
    assert len(unread(world.deputy_user)) == 1  # the author's news of the answer waits to be read


def test_answering_an_item_settles_its_reminders_and_rating_settles_the_call_to_rate(world, time_machine):
    item = world.handling()
    time_machine.move_to(item.deadline + timedelta(days=1))
    run_daily()
    assert {f"item:{item.pk}:1:overdue"} <= unread(world.contact)
    assert f"item:{item.pk}:1:overdue" in unread(world.staff)
    supervision.item_reply(item=item, by=world.contact, category="A", content="已办理。")
    assert unread(world.contact) == set()  # told it was theirs, reminded twice: all done
    assert not any(key.startswith(f"item:{item.pk}:") for key in unread(world.staff))
    assert any(key.startswith(f"item:{item.pk}:reply:") for key in unread(world.deputy_user))
    item.refresh_from_db()
    supervision.item_rate_by_deputy(item=item, by=world.deputy_user, rating="satisfied")
    assert not any(key.startswith(f"item:{item.pk}:reply:") for key in unread(world.deputy_user))

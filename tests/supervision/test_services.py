"""The supervision item's life: every legal step, every illegal one, and who may take each."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from common.choices import SatisfactionRating
from notifications.models import Notification
from supervision import services
from supervision.models import ItemEvaluation, ItemEvent, ItemReply, SupervisionItem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.helpers import refused
from tests.supervision.factories import pdf

pytestmark = pytest.mark.django_db
State = SupervisionItem.State


def actions(item):
    return list(item.events.values_list("action", flat=True))


# --- legal steps ----------------------------------------------------------------------------


def test_item_create_drafts_with_co_signing_requests_attachment_and_a_timeline_entry(world):
    co = DeputyFactory.create_batch(2)
    item = world.draft(co_signers=co, files=[pdf("材料.pdf")])
    assert item.state == State.DRAFT
    assert set(item.cosign_requests.values_list("deputy", flat=True)) == {d.pk for d in co}
    assert not item.co_signers.exists()  # named, not yet co-signing
    assert item.attachments.get().name == "材料.pdf"
    assert actions(item) == ["created"]


def test_a_co_signer_appears_only_after_agreeing_and_the_suggestion_waits_for_every_answer(world):
    agrees = DeputyFactory(user=UserFactory(username="agrees"), name="同意者")
    declines = DeputyFactory(user=UserFactory(username="declines"), name="谢绝者")
    item = world.draft(co_signers=[agrees, declines])
    assert Notification.objects.filter(user=agrees.user, url=item.get_absolute_url()).exists()
    refused(lambda: services.item_submit(item=item, by=world.deputy_user), "同意者、谢绝者尚未答复附议邀请")
    refused(
        lambda: services.cosign_answer(request=item.cosign_requests.get(deputy=agrees), by=declines.user, agree=True),
        "只有被邀请的代表",
    )
    services.cosign_answer(request=item.cosign_requests.get(deputy=agrees), by=agrees.user, agree=True)
    services.cosign_answer(request=item.cosign_requests.get(deputy=declines), by=declines.user, agree=False)
    # the author hears each answer, and the last one says the suggestion may go now
    told = list(
        Notification.objects.filter(user=world.deputy_user, event="cosign_answered")
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert told == [
        f"同意者同意附议“{item.title}”",
        f"谢绝者不同意附议“{item.title}”。受邀代表均已答复，现在可以提交工委。",
    ]
    refused(
        lambda: services.cosign_answer(request=item.cosign_requests.get(deputy=declines), by=declines.user, agree=True),
        "已经答复或已撤回",
    )
    item = services.item_submit(item=item, by=world.deputy_user)
    assert list(item.co_signers.all()) == [agrees]


def test_taking_a_co_signer_off_the_draft_withdraws_the_request_and_the_signature(world):
    co = DeputyFactory(user=UserFactory(username="co1"))
    item = world.draft(co_signers=[co])
    services.cosign_answer(request=item.cosign_requests.get(), by=co.user, agree=True)
    services.item_update_draft(item=item, by=world.deputy_user, title="标题", content="内容", co_signers=[])
    assert not item.co_signers.exists()
    assert item.cosign_requests.get().state == "withdrawn"
    assert services.item_submit(item=item, by=world.deputy_user).state == State.SUBMITTED


def test_rewriting_a_draft_asks_its_co_signers_again(world):
    co = DeputyFactory(user=UserFactory(username="co1"), name="附议者")
    item = world.draft(co_signers=[co])
    services.cosign_answer(request=item.cosign_requests.get(), by=co.user, agree=True)
    same = {"title": item.title, "content": item.content, "co_signers": [co]}
    services.item_update_draft(item=item, by=world.deputy_user, **same)  # the same words: still agreed
    assert item.cosign_requests.get().state == "agreed" and list(item.co_signers.all()) == [co]
    services.item_update_draft(
        item=item, by=world.deputy_user, title="建议拆除全部路灯", content="全部拆除", co_signers=[co]
    )
    assert item.cosign_requests.get().state == "pending" and not item.co_signers.exists()
    asked = Notification.objects.filter(user=co.user, event="cosign_asked")
    assert asked.count() == 2 and asked.filter(title__contains="建议拆除全部路灯").exists()
    refused(lambda: services.item_submit(item=item, by=world.deputy_user), "附议者尚未答复附议邀请")


def test_item_submit_moves_draft_to_submitted(world):
    item = services.item_submit(item=world.draft(), by=world.deputy_user)
    assert item.state == State.SUBMITTED and item.submitted_at
    assert actions(item) == ["created", "submitted"]


def test_item_assign_sets_departments_deadline_and_leader(world):
    item = services.item_assign(
        item=world.submitted(),
        by=world.staff,
        lead_department=world.department,
        deadline=world.in_days(20),
        assisting_departments=[world.other_department, world.department],
        supervising_leader="张主任",
    )
    assert item.state == State.ASSIGNED
    assert item.lead_department == world.department and item.deadline == world.in_days(20)
    assert list(item.assisting_departments.all()) == [world.other_department]  # the lead is not also assisting
    assert item.supervising_leader == "张主任"


def test_item_start_handling_by_the_lead_department(world):
    item = services.item_start_handling(item=world.assigned(), by=world.contact)
    assert item.state == State.HANDLING


def test_item_reply_records_the_reply_with_files_and_on_time(world):
    item = world.handling()
    reply = services.item_reply(item=item, by=world.contact, category="A", content="已办理。", files=[pdf()])
    item.refresh_from_db()
    assert item.state == State.REPLIED
    assert reply.on_time and reply.round == 1 and reply.department == world.department
    assert reply.attachments.get().item == item


def test_a_department_replies_only_after_receiving_the_item(world):
    item = world.assigned()
    refused(lambda: services.item_reply(item=item, by=world.contact, category="A", content="已办理。"), "现在不能")
    services.item_start_handling(item=item, by=world.contact)
    services.item_reply(item=item, by=world.contact, category="A", content="已办理。")
    actions = list(SupervisionItem.objects.get(pk=item.pk).events.values_list("action", flat=True))
    assert actions[-2:] == ["handling_started", "replied"]  # the receipt is on record


def test_a_reply_after_the_deadline_is_marked_late(world, time_machine):
    item = world.handling()
    time_machine.move_to(timezone.now() + timezone.timedelta(days=45))
    reply = services.item_reply(item=item, by=world.contact, category="A", content="迟到的答复。")
    assert not reply.on_time


def test_deputy_rates_satisfied_then_committee_rating_closes(world):
    item = world.rated(rating=SatisfactionRating.BASICALLY_SATISFIED)
    assert item.state == State.RATED
    item = services.item_rate_by_committee(
        item=item, by=world.staff, rating=SatisfactionRating.SATISFIED, comment="同意"
    )
    assert item.state == State.CLOSED and item.closed_at
    assert actions(item)[-3:] == ["rated_by_deputy", "rated_by_committee", "closed"]
    assert set(item.evaluations.values_list("rater", "rating")) == {
        ("deputy", "basically_satisfied"),
        ("committee", "satisfied"),
    }


def test_item_rate_unsatisfied_returns_it_for_second_handling(world, settings):
    settings.SUPERVISION_REHANDLING_DAYS = 45
    item = world.rated(rating=SatisfactionRating.UNSATISFIED)  # the first deadline was 30 days away
    assert item.state == State.HANDLING and item.round == 2
    assert item.deadline == world.in_days(45)
    assert actions(item)[-2:] == ["rated_by_deputy", "returned"]


def test_a_second_handling_never_ends_before_the_first_deadline(world, settings):
    """An unsatisfied rating gives the department more time, never less (a deadline of 2027-01-20
    became 2026-12-24 when the second handling reset it to today + 30 days)."""
    settings.SUPERVISION_REHANDLING_DAYS = 15
    item = world.rated(rating=SatisfactionRating.UNSATISFIED)  # the first deadline was 30 days away
    assert item.round == 2 and item.deadline == world.in_days(30)
    services.item_reply(item=item, by=world.contact, category="A", content="再答复")
    item = services.item_rate_by_deputy(item=item, by=world.deputy_user, rating=SatisfactionRating.SATISFIED)
    refused(
        lambda: services.item_rate_by_committee(
            item=item,
            by=world.staff,
            rating=SatisfactionRating.UNSATISFIED,
            new_deadline=world.in_days(10),
            comment="再议",
        ),
        "二次办理的期限不能早于原办理期限",
    )
    item.refresh_from_db()
    assert item.state == State.RATED and item.round == 2 and item.deadline == world.in_days(30)


def test_second_handling_then_satisfied_closes(world):
    item = world.rated(rating=SatisfactionRating.UNSATISFIED)
    services.item_reply(item=item, by=world.contact, category="A", content="重新办理后的答复。")
    item = services.item_rate_by_deputy(item=item, by=world.deputy_user, rating=SatisfactionRating.SATISFIED)
    item = services.item_rate_by_committee(item=item, by=world.staff, rating=SatisfactionRating.SATISFIED)
    assert item.state == State.CLOSED
    assert list(ItemReply.objects.filter(item=item).values_list("round", flat=True)) == [1, 2]
    assert list(item.evaluations.filter(rater="deputy").values_list("round", "rating")) == [
        (1, "unsatisfied"),
        (2, "satisfied"),
    ]


def test_committee_unsatisfied_returns_with_the_new_deadline(world):
    item = services.item_rate_by_committee(
        item=world.rated(),
        by=world.staff,
        rating=SatisfactionRating.UNSATISFIED,
        new_deadline=world.in_days(40),
        comment="再议",
    )
    assert item.state == State.HANDLING and item.round == 2 and item.deadline == world.in_days(40)


def test_without_a_lead_deputy_the_committee_rates_the_reply_directly(world):
    item = services.item_hand_over(
        by=world.staff,
        kind=SupervisionItem.Kind.CONSULTATION_OPINION,
        title="月度会商督办意见",
        content="请尽快修复路灯。",
        lead_department=world.department,
        deadline=world.in_days(7),
    )
    assert item.state == State.ASSIGNED
    services.item_start_handling(item=item, by=world.contact)
    services.item_reply(item=item, by=world.contact, category="A", content="已修复。")
    item = services.item_rate_by_committee(item=item, by=world.staff, rating=SatisfactionRating.SATISFIED)
    assert item.state == State.CLOSED
    assert actions(item) == [
        "created",
        "submitted",
        "assigned",
        "handling_started",
        "replied",
        "rated_by_committee",
        "closed",
    ]


def test_item_change_deadline_is_kept_in_the_timeline(world):
    item = services.item_change_deadline(item=world.assigned(), by=world.staff, deadline=world.in_days(60), note="延期")
    assert item.deadline == world.in_days(60)
    assert item.events.last().action == "deadline_changed" and item.events.last().note == "延期"


def test_item_set_public_only_once_answered(world):
    refused(
        lambda: services.item_set_public(item=world.assigned(), by=world.staff, public=True), "只有已答复的事项才能公开"
    )
    item = services.item_set_public(item=world.replied(), by=world.staff, public=True)
    assert item.is_public and item.events.last().action == "published"


def test_every_legal_transition_is_in_the_table():
    reachable = {target for _sources, target in services.TRANSITIONS.values()}
    assert reachable == set(State.values) - {State.DRAFT}


# --- illegal steps: refused with a Chinese message, nothing written ----------------------------


@pytest.mark.parametrize(
    ("state", "step"),
    [
        ("draft", "assign"),
        ("draft", "reply"),
        ("submitted", "submit"),
        ("submitted", "reply"),
        ("submitted", "rate"),
        ("assigned", "assign"),
        ("assigned", "rate"),
        ("handling", "receive"),
        ("handling", "committee"),
        ("replied", "reply"),
        ("replied", "submit"),
        ("rated", "rate"),
        ("rated", "reply"),
        ("closed", "reply"),
        ("closed", "rate"),
        ("closed", "committee"),
        ("closed", "assign"),
        ("draft", "accept"),
        ("accepted", "accept"),
        ("accepted", "assign"),
        ("accepted", "reply"),
        ("accepted", "send_back"),
        ("declined", "accept"),
        ("declined", "submit"),
        ("declined", "decline"),
        ("assigned", "send_back"),
        ("handling", "decline"),
    ],
)
def test_a_step_the_state_machine_does_not_allow_is_refused_and_writes_nothing(world, state, step):
    item = getattr(world, state)()
    steps = {
        "submit": lambda: services.item_submit(item=item, by=world.deputy_user),
        "assign": lambda: services.item_assign(
            item=item, by=world.staff, lead_department=world.department, deadline=world.in_days(5)
        ),
        "receive": lambda: services.item_start_handling(item=item, by=world.contact),
        "accept": lambda: services.item_accept(item=item, by=world.staff, lead_department=world.department),
        "send_back": lambda: services.item_send_back(item=item, by=world.staff, reason="请补充"),
        "decline": lambda: services.item_decline(item=item, by=world.staff, reason="不予立案"),
        "reply": lambda: services.item_reply(item=item, by=world.contact, category="A", content="答复"),
        "rate": lambda: services.item_rate_by_deputy(
            item=item, by=world.deputy_user, rating=SatisfactionRating.SATISFIED
        ),
        "committee": lambda: services.item_rate_by_committee(
            item=item, by=world.staff, rating=SatisfactionRating.SATISFIED
        ),
    }
    before = (ItemEvent.objects.count(), ItemReply.objects.count(), ItemEvaluation.objects.count())
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        steps[step]()
    assert "现在不能" in " ".join(error.value.messages) or "等待" in " ".join(error.value.messages)
    assert (ItemEvent.objects.count(), ItemReply.objects.count(), ItemEvaluation.objects.count()) == before
    assert SupervisionItem.objects.get(pk=item.pk).state == state


def test_a_deadline_in_the_past_or_today_is_refused(world):
    item = world.submitted()
    for days in (0, -3):
        refused(
            lambda d=days: services.item_assign(
                item=item, by=world.staff, lead_department=world.department, deadline=world.in_days(d)
            ),
            "截止日期必须晚于今天",
        )
    assert SupervisionItem.objects.get(pk=item.pk).state == State.SUBMITTED


def test_committee_unsatisfied_without_a_new_deadline_is_refused(world):
    item = world.rated()
    refused(
        lambda: services.item_rate_by_committee(item=item, by=world.staff, rating=SatisfactionRating.UNSATISFIED),
        "请给出截止日期",
    )
    assert SupervisionItem.objects.get(pk=item.pk).state == State.RATED
    assert not item.evaluations.filter(rater="committee").exists()


def test_the_committee_waits_for_the_lead_deputy(world):
    item = world.replied()
    refused(
        lambda: services.item_rate_by_committee(item=item, by=world.staff, rating=SatisfactionRating.SATISFIED),
        "请先等待领衔代表",
    )


# --- who may take each step ----------------------------------------------------------------


def test_a_reply_from_a_department_the_item_is_not_assigned_to_is_refused(world):
    item = world.handling()
    refused(
        lambda: services.item_reply(item=item, by=world.other_contact, category="A", content="越权答复"),
        "只有牵头部门的联系人",
    )
    assert not ItemReply.objects.exists()


def test_an_assisting_department_cannot_reply_or_receive(world):
    item = services.item_assign(
        item=world.submitted(),
        by=world.staff,
        lead_department=world.department,
        deadline=world.in_days(9),
        assisting_departments=[world.other_department],
    )
    refused(lambda: services.item_start_handling(item=item, by=world.other_contact), "只有牵头部门")
    services.item_start_handling(item=item, by=world.contact)
    refused(lambda: services.item_reply(item=item, by=world.other_contact, category="A", content="x"), "只有牵头部门")


def test_a_rating_by_someone_who_is_not_the_lead_deputy_is_refused(world):
    item = world.replied()
    co_user = UserFactory()
    co = DeputyFactory(user=co_user)
    item.co_signers.add(co)
    for user in (co_user, world.staff, world.contact):
        refused(
            lambda u=user: services.item_rate_by_deputy(item=item, by=u, rating=SatisfactionRating.UNSATISFIED),
            "只有该事项的领衔代表",
        )
    assert SupervisionItem.objects.get(pk=item.pk).state == State.REPLIED


@pytest.mark.parametrize("who", ["deputy_user", "contact"])
def test_only_staff_assign_rate_for_the_committee_change_deadlines_and_publish(world, who):
    user = getattr(world, who)
    submitted, rated, assigned, replied = world.submitted(), world.rated(), world.assigned(), world.replied()
    calls = [
        lambda: services.item_assign(
            item=submitted, by=user, lead_department=world.department, deadline=world.in_days(3)
        ),
        lambda: services.item_rate_by_committee(item=rated, by=user, rating=SatisfactionRating.SATISFIED),
        lambda: services.item_change_deadline(item=assigned, by=user, deadline=world.in_days(40)),
        lambda: services.item_set_public(item=replied, by=user, public=True),
    ]
    for call in calls:
        refused(call, "只有工委工作人员")


def test_only_the_author_submits_or_edits_a_draft(world):
    item = world.draft()
    stranger = UserFactory()
    refused(lambda: services.item_submit(item=item, by=stranger), "只有作者")
    refused(lambda: services.item_update_draft(item=item, by=stranger, title="x", content="y"), "只有作者")
    services.item_update_draft(item=item, by=world.deputy_user, title="新标题", content="新内容", co_signers=[])
    assert SupervisionItem.objects.get(pk=item.pk).title == "新标题"


def test_a_submitted_item_cannot_be_edited(world):
    item = world.submitted()
    refused(lambda: services.item_update_draft(item=item, by=world.deputy_user, title="x", content="y"), "只有草稿")


def test_a_suggestion_needs_an_active_lead_deputy_who_does_not_co_sign(world):
    refused(lambda: world.draft(co_signers=[world.deputy]), "领衔代表不能同时附议")
    inactive = DeputyFactory(is_active=False)
    refused(lambda: world.draft(lead_deputy=inactive), "不是在职代表")
    refused(lambda: services.item_create(created_by=world.staff, title="x", content="y"), "需要领衔代表")
    assert not SupervisionItem.objects.exists()


def test_a_bad_attachment_leaves_no_item_behind(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        world.draft(files=[fake])
    assert not SupervisionItem.objects.exists()

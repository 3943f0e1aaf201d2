"""立案审查 and 交办: staff accept, return or decline what deputies submit; a meeting hands accepted
items over in one batch; deadlines follow the law; every reply is classified A/B/C."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dates import add_months
from notifications.models import Notification
from supervision import services
from supervision.models import Handover, ItemEvent, ItemReply, SupervisionItem
from supervision.selectors import department_summary, items_visible_to
from tests.helpers import refused
from tests.supervision.factories import pdf
from tests.supervision.pages import detail, step

pytestmark = pytest.mark.django_db
State = SupervisionItem.State


# --- review: accept, return, decline ----------------------------------------------------------


def test_an_accepted_item_waits_for_the_meeting_unseen_by_its_department(world):
    item = world.accepted()
    assert item.state == State.ACCEPTED and item.lead_department == world.department
    assert item.deadline is None and item.handover is None
    assert not items_visible_to(world.contact).filter(pk=item.pk).exists()
    assert Notification.objects.filter(user=world.deputy_user, title__contains="已立案").exists()


def test_a_returned_suggestion_shows_why_and_goes_again_once_revised(client, world):
    item = world.submitted()
    refused(lambda: services.item_send_back(item=item, by=world.staff, reason="  "), "请填写理由")
    client.force_login(world.staff)
    response = client.post(step(item, "send_back"), {"reason": "请补充具体路段和现场照片。"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.SENT_BACK and item.submitted_at is None
    # The deputy finds it among what waits for them, marked as returned, not as a plain draft.
    client.force_login(world.deputy_user)
    assert "退回修改" in client.get(reverse("supervision:item_list"), {"state": "sent_back"}).content.decode()
    client.force_login(world.staff)
    assert Notification.objects.filter(user=world.deputy_user, title__contains="被退回修改").exists()

    client.force_login(world.deputy_user)
    page = client.get(detail(item)).content.decode()
    assert "退回代表修改" in page and "请补充具体路段和现场照片。" in page and "请修改后重新提交" in page
    form = client.get(reverse("supervision:item_update", args=[item.pk])).content.decode()
    assert "修改建议" in form and "请补充具体路段和现场照片。" in form  # revised with the reason in sight
    client.post(
        reverse("supervision:item_update", args=[item.pk]),
        {"title": item.title, "content": "和平路东段，附照片。", "period": "recess"},
    )
    assert client.post(step(item, "submit")).status_code == 302
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.content == "和平路东段，附照片。"
    # Submitted again, the old reason is history, not a banner.
    assert "请修改后重新提交" not in client.get(detail(item)).content.decode()


def test_a_declined_suggestion_tells_the_deputy_why_and_goes_nowhere(client, world):
    item = world.submitted()
    client.force_login(world.staff)
    assert client.post(step(item, "decline"), {"reason": ""}).status_code == 302
    assert SupervisionItem.objects.get(pk=item.pk).state == State.SUBMITTED
    client.post(step(item, "decline"), {"reason": "属国家事权，作为意见函复代表。"})
    item.refresh_from_db()
    assert item.state == State.DECLINED and item.closed_at is not None
    assert not items_visible_to(world.contact).filter(pk=item.pk).exists()
    client.force_login(world.deputy_user)
    page = client.get(detail(item)).content.decode()
    assert "不予立案" in page and "属国家事权，作为意见函复代表。" in page
    refused(lambda: services.item_submit(item=item, by=world.deputy_user), "现在不能")


def test_only_staff_review(client, world):
    item = world.submitted()
    refused(lambda: services.item_accept(item=item, by=world.deputy_user, lead_department=world.department), "工作人员")
    client.force_login(world.deputy_user)
    response = client.post(step(item, "send_back"), {"reason": "x"}, follow=True)
    assert "工作人员" in response.content.decode()  # the refusal at the top: the form was never offered
    assert 'name="reason"' not in response.content.decode()
    assert SupervisionItem.objects.get(pk=item.pk).state == State.SUBMITTED


def test_the_review_forms_show_to_staff_on_a_submitted_item(client, world):
    item = world.submitted()
    client.force_login(world.staff)
    page = client.get(detail(item)).content.decode()
    for words in (
        "立案审查",
        "立案，待交办会交办",
        "退回代表修改",
        "不予立案，作为意见函复",
        "紧急事项：立案并立即交办",
    ):
        assert words in page
    client.force_login(world.deputy_user)
    assert "立案审查" not in client.get(detail(item)).content.decode()


# --- deadlines by law --------------------------------------------------------------------------


def test_a_suggestion_gets_three_months_and_six_at_most_with_a_reason(world):
    refused(lambda: world.accepted(months=4), "须说明理由")
    refused(lambda: world.accepted(months=7), "一至六个月")
    item = world.accepted(months=6, reason="涉及三个部门和年度预算。")
    assert item.handling_months == 6 and item.deadline_reason == "涉及三个部门和年度预算。"


def test_assigning_a_suggestion_at_once_keeps_to_the_law(world):
    today = timezone.localdate()

    def assign(deadline, reason=""):
        return services.item_assign(
            item=world.submitted(),
            by=world.staff,
            lead_department=world.department,
            deadline=deadline,
            deadline_reason=reason,
        )

    error = refused(lambda: assign(add_months(today, 6) + timedelta(days=1)), "六个月内答复")
    assert "deadline" in error.error_dict
    error = refused(lambda: assign(add_months(today, 4)), "须说明理由")
    assert "deadline_reason" in error.error_dict
    assert assign(add_months(today, 4), "跨部门协调").deadline == add_months(today, 4)
    assert assign(add_months(today, 3)).deadline == add_months(today, 3)


def test_other_work_is_not_bound_by_the_suggestion_law(world):
    item = services.item_hand_over(
        by=world.staff,
        kind=SupervisionItem.Kind.RECTIFICATION,
        title="整改：路面破损",
        content="验收发现路面破损。",
        lead_department=world.department,
        deadline=add_months(timezone.localdate(), 8),
    )
    assert item.state == State.ASSIGNED


# --- the hand-over meeting ---------------------------------------------------------------------


def test_a_meeting_hands_over_a_batch_with_deadlines_from_its_date(world):
    held_on = timezone.localdate() - timedelta(days=10)
    short, wide = world.accepted(), world.accepted(months=5, reason="涉及面广", title="关于老旧小区改造的建议")
    handover = services.items_hand_over(
        by=world.staff, items=[short, wide], name="第5次主任会议", held_on=held_on, note="同意交办。"
    )
    short.refresh_from_db()
    wide.refresh_from_db()
    assert short.state == wide.state == State.ASSIGNED
    assert short.deadline == add_months(held_on, 3) and wide.deadline == add_months(held_on, 5)
    assert short.handover == wide.handover == handover and set(handover.items.all()) == {short, wide}
    assert ItemEvent.objects.filter(action=ItemEvent.Action.HANDED_OVER, note="第5次主任会议").count() == 2
    assert set(items_visible_to(world.contact)) >= {short, wide}


def test_a_hand_over_is_all_or_nothing(world):
    accepted, still_submitted = world.accepted(), world.submitted()
    error = refused(
        lambda: services.items_hand_over(
            by=world.staff, items=[accepted, still_submitted], name="交办会", held_on=timezone.localdate()
        ),
        "不在待交办之列",
    )
    assert "items" in error.error_dict
    assert SupervisionItem.objects.get(pk=accepted.pk).state == State.ACCEPTED
    assert not Handover.objects.exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "会议召开并作出决定后"), (-200, "已过")],
)
def test_a_hand_over_dated_in_the_future_or_too_long_ago_is_refused(world, days, message):
    item = world.accepted()
    refused(
        lambda: services.items_hand_over(
            by=world.staff, items=[item], name="交办会", held_on=timezone.localdate() + timedelta(days=days)
        ),
        message,
    )
    assert SupervisionItem.objects.get(pk=item.pk).state == State.ACCEPTED


def test_the_hand_over_pages(client, world, django_assert_num_queries):
    items = [world.accepted(title=f"建议{n}") for n in range(3)]
    url = reverse("supervision:handover_create")
    client.force_login(world.contact)
    assert client.get(url).status_code == 403
    client.force_login(world.staff)
    page = client.get(url).content.decode()
    assert all(item.reference in page for item in items)
    response = client.post(url, {"name": "", "held_on": "", "items": []})
    assert response.status_code == 400  # refused, as every form
    assert "请选择会议决定交办的事项" in response.content.decode() and not Handover.objects.exists()
    response = client.post(
        url,
        {"name": "2026年建议交办会", "held_on": f"{timezone.localdate():%Y-%m-%d}", "items": [i.pk for i in items[:2]]},
    )
    handover = Handover.objects.get()
    assert response.status_code == 302 and response["Location"] == handover.get_absolute_url()
    assert [i.state for i in SupervisionItem.objects.order_by("pk")] == [State.ASSIGNED, State.ASSIGNED, State.ACCEPTED]
    sheet = client.get(handover.get_absolute_url()).content.decode()
    assert "交办单：2026年建议交办会" in sheet and items[0].reference in sheet and items[2].reference not in sheet
    # The sheet's queries do not grow with its rows.
    with django_assert_num_queries(9):
        client.get(handover.get_absolute_url())
    assert "2026年建议交办会" in client.get(reverse("supervision:handover_list")).content.decode()


# --- A/B/C ---------------------------------------------------------------------------------------


def test_every_reply_is_classified_and_a_c_says_why(world):
    item = world.handling()
    error = refused(lambda: services.item_reply(item=item, by=world.contact, category="", content="答复"), "A、B或C")
    assert "category" in error.error_dict
    error = refused(
        lambda: services.item_reply(item=item, by=world.contact, category="C", content="答复"), "暂时无法解决的原因"
    )
    assert "category_reason" in error.error_dict
    reply = services.item_reply(
        item=item, by=world.contact, category="C", category_reason="受资金限制，列入明年计划。", content="答复"
    )
    assert reply.category == ItemReply.Category.C and reply.category_reason == "受资金限制，列入明年计划。"


def test_the_reply_form_and_the_public_page_show_the_classification(client, world):
    item = world.handling()
    client.force_login(world.contact)
    response = client.post(step(item, "reply"), {"content": "已纳入计划。", "category": "B"})
    assert response.status_code == 302
    services.item_set_public(item=item, by=world.staff, public=True)
    client.logout()
    page = client.get(reverse("supervision:public_detail", args=[item.pk])).content.decode()
    assert "B类：正在解决或列入计划解决" in page


def test_the_department_summary_counts_a_b_c(client, world):
    for category in ("A", "A", "B", "C"):
        services.item_reply(
            item=world.handling(), by=world.contact, category=category, category_reason="条件所限", content="答复"
        )
    today = timezone.localdate()
    (row,) = department_summary(year=today.year)
    assert (row["category_a"], row["category_b"], row["category_c"]) == (2, 1, 1)
    client.force_login(world.staff)
    page = client.get(reverse("supervision:department_summary")).content.decode()
    assert "A类：已解决或基本解决" in page


# --- what a new user found: the steps tell the people who act next, and ask what they need ------------


def test_departments_are_told_when_items_are_handed_to_them_and_the_deputy_when_answered(world):
    item = world.accepted()
    services.items_hand_over(by=world.staff, items=[item], name="交办会", held_on=timezone.localdate())
    assert Notification.objects.filter(user=world.contact, title__startswith="新交办事项").exists()
    item = services.item_start_handling(item=item, by=world.contact)
    services.item_reply(item=item, by=world.contact, category="A", content="已办理。")
    assert Notification.objects.filter(user=world.deputy_user, title__contains="已答复，请您评价").exists()


def test_unsatisfied_says_what_is_not_satisfactory(world):
    item = world.replied()
    error = refused(
        lambda: services.item_rate_by_deputy(item=item, by=world.deputy_user, rating="unsatisfied"), "不满意之处"
    )
    assert "comment" in error.error_dict
    assert SupervisionItem.objects.get(pk=item.pk).state == State.REPLIED


def test_a_department_replies_only_once_it_has_received_the_item(client, world):
    item = world.assigned()
    client.force_login(world.contact)
    page = client.get(detail(item)).content.decode()
    assert "签收" in page and "提交答复" not in page


def test_staff_record_a_co_signers_answer_given_on_paper(client, world):
    from tests.deputies.factories import DeputyFactory

    paper = DeputyFactory(name="无账号代表", user=None)
    item = world.draft(co_signers=[paper])
    client.force_login(world.deputy_user)
    assert "由工委工作人员代为登记" in client.get(detail(item)).content.decode()
    client.force_login(world.staff)
    assert "代为登记：书面同意" in client.get(detail(item)).content.decode()
    request = item.cosign_requests.get()
    client.post(reverse("supervision:cosign_answer", args=[request.pk, "agree"]))
    assert list(item.co_signers.all()) == [paper]


def test_a_failed_step_says_so_at_the_top_of_the_page(client, world):
    item = world.handling()
    client.force_login(world.contact)
    response = client.post(step(item, "reply"), {"content": "答复", "category": "C"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(f"{detail(item)}#reply_form", 302)]  # a refresh posts nothing
    assert "未能保存：请按下方标出的提示修改。" in page and "\n答复</textarea>" in page  # kept as typed
    # shown once: the next visit is the plain page again
    assert "未能保存" not in client.get(detail(item)).content.decode()
    # a chosen file cannot be kept: the form says to choose it again, at the field
    response = client.post(step(item, "reply"), {"content": "答复", "category": "C", "files": [pdf()]}, follow=True)
    assert "请重新选择文件" in response.content.decode() and not item.replies.exists()


def test_a_declined_suggestion_is_not_counted_as_filed(world):
    from supervision.selectors import suggestions_between

    kept, declined = world.submitted(), world.declined()
    today = timezone.localdate()
    assert set(suggestions_between(today, today)) == {kept}
    assert declined.submitted_at is not None


def test_the_work_list_filters_read_all_yes_no(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("supervision:item_list")).content.decode()
    assert "不限" in page and "未知" not in page


def test_staff_are_warned_when_the_department_has_no_login_and_pointed_to_the_meeting(client, world):
    from tests.supervision.factories import DepartmentFactory

    nobody = DepartmentFactory(name="民政局")
    item = world.submitted()
    client.force_login(world.staff)
    response = client.post(step(item, "accept"), {"lead_department": nobody.pk, "handling_months": 3}, follow=True)
    page = response.content.decode()
    assert "民政局尚无联系人账号" in page and reverse("supervision:handover_create") in page
    item = world.submitted()
    accept = {"lead_department": world.department.pk, "handling_months": 3}
    page = client.post(step(item, "accept"), accept, follow=True).content.decode()
    assert "尚无联系人账号" not in page

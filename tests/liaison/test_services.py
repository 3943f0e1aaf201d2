"""Swaps, receptions, opinions, activities and consultations, through the services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from accounts import roles
from liaison import selectors, services
from liaison.models import Opinion, Reception, ShiftAssignment, ShiftSwap
from supervision import services as supervision
from supervision.models import SupervisionItem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory, LeaveFactory
from tests.helpers import refused
from tests.liaison.factories import StationFactory, StationMemberFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
WEDNESDAY = date(2026, 11, 25)


def member(station, name):
    return StationMemberFactory(
        station=station, deputy=DeputyFactory(name=name, user=UserFactory(roles=[roles.DEPUTY]))
    ).deputy


@pytest.fixture
def rota(db, staff_user, time_machine):
    """A station with three members and a planned rota from 2026-11-23 to the end of the year."""
    time_machine.move_to(date(2026, 11, 23))
    station = StationFactory(name="幸福社区代表联络站")
    people = [member(station, n) for n in ("甲", "乙", "丙")]
    services.rota_generate(station=station, start=date(2026, 11, 23), end=date(2026, 12, 31), by=staff_user)
    return station, people


def first_shift_of(deputy):
    return ShiftAssignment.objects.filter(deputy=deputy).order_by("shift__date").first()


# --- swaps -----------------------------------------------------------------------------------


def test_a_swap_accepted_hands_the_shift_to_the_colleague(rota):
    station, (a, b, _c) = rota
    mine = first_shift_of(a)
    swap = services.shift_swap_request(assignment=mine, by=a.user, colleague=b, note="出差")
    assert swap.state == ShiftSwap.State.PENDING
    services.shift_swap_respond(swap=swap, by=b.user, accept=True)
    mine.refresh_from_db()
    assert mine.deputy == b
    assert ShiftSwap.objects.get(pk=swap.pk).state == ShiftSwap.State.ACCEPTED


def test_a_swap_with_a_shift_in_return_exchanges_both(rota):
    _station, (a, b, _c) = rota
    mine, theirs = first_shift_of(a), first_shift_of(b)
    swap = services.shift_swap_request(assignment=mine, by=a.user, colleague=b, in_return=theirs)
    services.shift_swap_respond(swap=swap, by=b.user, accept=True)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.deputy, theirs.deputy) == (b, a)


def test_a_declined_or_cancelled_swap_changes_nothing(rota):
    _station, (a, b, c) = rota
    mine = first_shift_of(a)
    services.shift_swap_respond(
        swap=services.shift_swap_request(assignment=mine, by=a.user, colleague=b), by=b.user, accept=False
    )
    services.shift_swap_cancel(swap=services.shift_swap_request(assignment=mine, by=a.user, colleague=c), by=a.user)
    mine.refresh_from_db()
    assert mine.deputy == a
    assert sorted(ShiftSwap.objects.values_list("state", flat=True)) == ["cancelled", "declined"]


def test_a_swap_never_moves_a_shift_that_changed_hands_since_it_was_asked(rota):
    """甲 asks 乙 to take 甲's shift and give back 乙's; 乙 first hands that shift to 丙. When 乙 then
    accepts 甲's request, 丙's shift must not go to 甲 without 丙 agreeing."""
    _station, (a, b, c) = rota
    mine, theirs = first_shift_of(a), first_shift_of(b)
    asked_of_b = services.shift_swap_request(assignment=mine, by=a.user, colleague=b, in_return=theirs)
    services.shift_swap_respond(
        swap=services.shift_swap_request(assignment=theirs, by=b.user, colleague=c), by=c.user, accept=True
    )
    theirs.refresh_from_db()
    assert theirs.deputy == c
    # 丙 now holds it: 甲's request to 乙 was withdrawn when the shift changed hands.
    assert ShiftSwap.objects.get(pk=asked_of_b.pk).state == ShiftSwap.State.CANCELLED
    refused(lambda: services.shift_swap_respond(swap=asked_of_b, by=b.user, accept=True), "已经答复")
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.deputy, theirs.deputy) == (a, c)


def test_a_stale_swap_is_refused_even_if_still_pending(rota):
    _station, (a, b, c) = rota
    mine, theirs = first_shift_of(a), first_shift_of(b)
    swap = services.shift_swap_request(assignment=mine, by=a.user, colleague=b, in_return=theirs)
    ShiftAssignment.objects.filter(pk=theirs.pk).update(deputy=c)  # changed by the rota since
    refused(lambda: services.shift_swap_respond(swap=swap, by=b.user, accept=True), "请重新申请")
    mine.refresh_from_db()
    assert mine.deputy == a


def test_swap_rules(rota):
    station, (a, b, c) = rota
    mine = first_shift_of(a)
    outsider = DeputyFactory(name="外站代表")
    refused(lambda: services.shift_swap_request(assignment=mine, by=b.user, colleague=c), "只能调换自己的班次")
    refused(
        lambda: services.shift_swap_request(assignment=mine, by=a.user, colleague=outsider), "同事必须属于同一个站点"
    )
    refused(lambda: services.shift_swap_request(assignment=mine, by=a.user, colleague=a), "请选择一位同事")
    LeaveFactory(deputy=c, start=mine.shift.date, end=mine.shift.date)
    refused(lambda: services.shift_swap_request(assignment=mine, by=a.user, colleague=c), "请假")
    swap = services.shift_swap_request(assignment=mine, by=a.user, colleague=b)
    refused(lambda: services.shift_swap_request(assignment=mine, by=a.user, colleague=b), "已有一个待答复的调班申请")
    refused(lambda: services.shift_swap_respond(swap=swap, by=c.user, accept=True), "只有被邀请的同事")
    refused(lambda: services.shift_swap_cancel(swap=swap, by=b.user), "只有申请人")
    assert ShiftAssignment.objects.get(pk=mine.pk).deputy == a


def test_an_inactive_colleague_cannot_take_a_shift(rota):
    _station, (a, b, _c) = rota
    b.is_active = False
    b.save()
    refused(lambda: services.shift_swap_request(assignment=first_shift_of(a), by=a.user, colleague=b), "不在职")


def test_the_feed_token_is_made_once(rota):
    _station, (a, _b, _c) = rota
    assert services.shift_feed_for(a).token == services.shift_feed_for(a).token


# --- receptions --------------------------------------------------------------------------------


def test_a_reception_is_logged_once_with_receivers_opinions_and_its_shift(rota, time_machine):
    station, (a, b, _c) = rota
    shift = first_shift_of(a).shift
    time_machine.move_to(shift.date)
    reception = services.reception_log(
        logged_by=a,
        station=station,
        day=shift.date,
        co_receivers=[b],
        channel="face_to_face",
        category="transport",
        content="反映公交线路少",
        visitor_name="王大爷",
        visitor_phone="13900001234",
        visitor_count=2,
        opinions=[{"content": "增加公交班次"}, {"content": "增设站点", "category": "urban"}],
    )
    assert reception.shift == shift
    assert set(reception.receivers.all()) == {a, b}
    opinions = list(reception.opinions.order_by("pk"))
    assert [o.category for o in opinions] == ["transport", "urban"]
    assert all(o.state == Opinion.State.ACCEPTED and o.station == station for o in opinions)
    assert {o.date for o in opinions} == {reception.date}  # they belong to the reception's day
    assert all(o.tracking_digest is None for o in opinions)  # followed through the deputy, not by a code


def test_a_reception_for_a_future_day_is_refused_and_nothing_is_saved(rota):
    station, (a, _b, _c) = rota
    refused(
        lambda: services.reception_log(
            logged_by=a, station=station, day=date(2026, 11, 24), content="x", opinions=[{"content": "y"}]
        ),
        "不能登记未来日期的接待",
    )
    assert not Reception.objects.exists() and not Opinion.objects.exists()


def test_an_inactive_co_receiver_is_refused(rota):
    station, (a, b, _c) = rota
    b.is_active = False
    b.save()
    refused(
        lambda: services.reception_log(
            logged_by=a, station=station, day=date(2026, 11, 23), content="x", co_receivers=[b]
        ),
        "不在职",
    )


def test_only_the_logger_or_staff_edit_a_reception(rota, staff_user):
    station, (a, b, _c) = rota
    reception = services.reception_log(
        logged_by=a, station=station, day=date(2026, 11, 20), content="原内容", co_receivers=[b]
    )
    refused(
        lambda: services.reception_update(reception=reception, by=b.user, content="改"), "只能修改自己登记的接待记录"
    )
    services.reception_update(
        reception=reception, by=a.user, content="修改后", co_receivers=[], new_opinions=[{"content": "补充意见"}]
    )
    reception.refresh_from_db()
    assert reception.content == "修改后" and list(reception.receivers.all()) == [a] and reception.opinions.count() == 1
    services.reception_update(reception=reception, by=staff_user, content="工作人员更正", co_receivers=[b])
    assert Reception.objects.get(pk=reception.pk).content == "工作人员更正"


# --- opinions ---------------------------------------------------------------------------------


def test_an_online_opinion_is_forwarded_answered_and_rated_by_the_citizen(rota, staff_user):
    station, _people = rota
    department = DepartmentFactory(name="城管局")
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    opinion, _code = services.opinion_submit_online(
        station=station, content="路灯不亮", category="urban", name="李女士", phone="13800001111"
    )
    assert opinion.state == Opinion.State.NEW and opinion.source == Opinion.Source.ONLINE
    refused(lambda: services.opinion_feedback(opinion=opinion, rating="satisfied"), "答复后才能评价")
    item = services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2026, 12, 20))
    assert item.kind == SupervisionItem.Kind.CITIZEN_OPINION and item.state == SupervisionItem.State.ASSIGNED
    assert item.source == opinion and list(opinion.items.all()) == [item]  # linked both ways
    assert "李女士" not in item.content and "13800001111" not in item.content
    assert Opinion.objects.get(pk=opinion.pk).state == Opinion.State.FORWARDED
    supervision.item_start_handling(item=item, by=contact)
    supervision.item_reply(item=item, by=contact, category="A", content="已修复路灯")
    services.opinion_feedback(opinion=opinion, rating="satisfied", comment="很快")
    refused(lambda: services.opinion_feedback(opinion=opinion, rating="unsatisfied"), "已经评价过了")
    assert Opinion.objects.get(pk=opinion.pk).citizen_rating == "satisfied"


def test_an_opinion_answered_at_the_station(rota, time_machine):
    station, (a, b, c) = rota
    reception = services.reception_log(
        logged_by=a, station=station, day=date(2026, 11, 20), content="x", opinions=[{"content": "政策咨询"}]
    )
    opinion = reception.opinions.get()
    refused(lambda: services.opinion_resolve(opinion=opinion, by=c.user, resolution="答"), "只有工作人员或接待的代表")
    services.opinion_resolve(opinion=opinion, by=a.user, resolution="现场解释了政策")
    assert Opinion.objects.get(pk=opinion.pk).state == Opinion.State.RESOLVED
    refused(
        lambda: services.opinion_forward(
            opinion=opinion,
            by=UserFactory(is_superuser=True),
            department=DepartmentFactory(),
            deadline=date(2026, 12, 31),
        ),
        "已经转交或答复",
    )


def test_a_tracking_code_that_does_not_exist_gets_a_clear_message(rota):
    station, _people = rota
    opinion, code = services.opinion_submit_online(station=station, content="建议")
    assert len(code) == 10 and code not in str(Opinion.objects.filter(pk=opinion.pk).values().get())
    assert selectors.opinion_by_tracking_code(f" {code.lower()} ") == opinion
    assert selectors.opinion_by_tracking_code("NOSUCHCODE") is None


# --- activities and consultations --------------------------------------------------------------


def test_an_activity_needs_attendees_and_a_past_date(rota, staff_user):
    station, people = rota
    refused(
        lambda: services.activity_record(
            station=station, day=date(2026, 11, 20), kind="meeting", title="学习", attendees=[], by=staff_user
        ),
        "至少填写一名参加人员",
    )
    refused(
        lambda: services.activity_record(
            station=station, day=date(2026, 12, 20), kind="meeting", title="学习", attendees=people, by=staff_user
        ),
        "活动举办后才能登记",
    )
    activity = services.activity_record(
        station=station, day=date(2026, 11, 20), kind="meeting", title="学习", attendees=people, by=staff_user
    )
    assert activity.attendees.count() == 3


def test_consultation_defaults_to_the_months_receivers_and_issues_opinions(rota, staff_user):
    station, (a, b, c) = rota
    services.reception_log(logged_by=a, station=station, day=date(2026, 11, 4), content="x", co_receivers=[b])
    services.reception_log(logged_by=a, station=station, day=date(2026, 10, 28), content="上月", co_receivers=[c])
    consultation = services.consultation_record(
        station=station, month=date(2026, 11, 15), held_on=date(2026, 11, 23), by=staff_user
    )
    assert consultation.month == date(2026, 11, 1)
    assert set(consultation.attendees.all()) == {a, b}
    item = services.consultation_issue_opinion(
        consultation=consultation,
        by=staff_user,
        title="督办意见：公交线路",
        content="请研究增加线路。",
        department=DepartmentFactory(),
        deadline=date(2026, 12, 31),
    )
    assert item.kind == SupervisionItem.Kind.CONSULTATION_OPINION and item.source == consultation
    assert list(consultation.items.all()) == [item]


def test_a_duty_report_of_an_inactive_deputy_is_refused():
    from deputies.models import DutyReport

    report = DutyReport(deputy=DeputyFactory(is_active=False), date=WEDNESDAY, audience="选民", summary="述职")
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "不能述职" in str(error.value)


def test_both_deputies_hear_of_a_swap_asked_accepted_or_declined(rota):
    from notifications.models import Notification

    _station, (a, b, c) = rota
    mine = first_shift_of(a)
    swap = services.shift_swap_request(assignment=mine, by=a.user, colleague=b)
    asked = Notification.objects.get(user=b.user, event="swap")
    assert a.name in asked.title and f"{mine.shift.date:%Y-%m-%d}" in asked.title
    services.shift_swap_respond(swap=swap, by=b.user, accept=False)
    assert "拒绝" in Notification.objects.get(user=a.user, event="swap").title
    swap = services.shift_swap_request(assignment=mine, by=a.user, colleague=c)
    services.shift_swap_respond(swap=swap, by=c.user, accept=True)
    assert Notification.objects.filter(user=a.user, event="swap").count() == 2
    assert Notification.objects.filter(user=c.user, event="swap").count() == 1

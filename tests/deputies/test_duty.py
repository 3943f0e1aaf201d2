"""The duty record: each of the 七个一 measured from records built for it, the archive, confirmations."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from accounts import roles
from common.choices import SatisfactionRating
from deputies import duty, rollups, services
from deputies.models import DutyActivity, SevenTaskThresholds
from liaison import services as liaison
from supervision import services as supervision
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationMemberFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(db, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    deputy = StationMemberFactory(deputy=DeputyFactory(name="履职代表", user=UserFactory(roles=[roles.DEPUTY]))).deputy
    SevenTaskThresholds.objects.update_or_create(pk=1, defaults={"contacts": 3, "opinions": 2})
    return deputy


def item(deputy, key, year=2026):
    return next(i for i in duty.seven_tasks([deputy.pk], year)[deputy.pk] if i["key"] == key)


def activity(staff, deputy, kind, day=date(2026, 5, 1)):
    return services.duty_activity_record(by=staff, day=day, kind=kind, title="活动", attendees=[deputy])


def test_contacted_a_batch_of_constituents_counts_people_received(d):
    station = d.station_membership.station
    liaison.reception_log(logged_by=d, station=station, day=date(2026, 3, 4), content="来访", visitor_count=2)
    assert item(d, "contacts")["value"] == 2 and not item(d, "contacts")["done"]
    liaison.reception_log(logged_by=d, station=station, day=date(2026, 4, 1), content="来访")
    liaison.reception_log(logged_by=d, station=station, day=date(2025, 12, 1), content="去年")
    assert item(d, "contacts")["value"] == 3 and item(d, "contacts")["done"]


def test_collected_public_opinion_counts_opinions_of_their_receptions(d):
    station = d.station_membership.station
    liaison.reception_log(
        logged_by=d, station=station, day=date(2026, 3, 4), content="x", opinions=[{"content": "一"}, {"content": "二"}]
    )
    assert item(d, "opinions")["value"] == 2 and item(d, "opinions")["done"]


def test_a_valuable_suggestion_counts_suggestions_led_or_co_signed(d):
    lead = DeputyFactory(user=UserFactory())
    assert not item(d, "suggestions")["done"]
    draft = supervision.item_create(
        created_by=lead.user, lead_deputy=lead, title="建议", content="内容", co_signers=[d]
    )
    assert not item(d, "suggestions")["done"]  # a draft is not a suggestion yet
    supervision.cosign_answer(request=draft.cosign_requests.get(), by=d.user, agree=True)
    supervision.item_submit(item=draft, by=lead.user)
    assert item(d, "suggestions")["value"] == 1 and item(d, "suggestions")["done"]


@pytest.mark.parametrize(
    ("key", "kind"), [("governance", "governance"), ("good_deeds", "good_deed"), ("series", "series")]
)
def test_activity_items_count_activities_of_their_kind(d, staff_user, key, kind):
    activity(staff_user, d, "training")
    assert not item(d, key)["done"]
    activity(staff_user, d, kind)
    assert item(d, key)["value"] == 1 and item(d, key)["done"]


def test_the_series_item_also_counts_station_activities(d, staff_user):
    liaison.activity_record(
        station=d.station_membership.station,
        day=date(2026, 6, 1),
        kind="meeting",
        title="会",
        attendees=[d],
        by=staff_user,
    )
    assert item(d, "series")["done"]


def test_helped_solve_a_problem_counts_opinions_answered_or_closed(d, staff_user):
    station = d.station_membership.station
    r = liaison.reception_log(
        logged_by=d, station=station, day=date(2026, 3, 4), content="x", opinions=[{"content": "一"}, {"content": "二"}]
    )
    first, second = r.opinions.order_by("pk")
    assert not item(d, "problems")["done"]
    liaison.opinion_resolve(opinion=first, by=d.user, resolution="现场解答")
    assert item(d, "problems")["value"] == 1
    department = DepartmentFactory()
    contact = UserFactory()
    department.contacts.add(contact)
    it = liaison.opinion_forward(opinion=second, by=staff_user, department=department, deadline=date(2026, 12, 31))
    assert item(d, "problems")["value"] == 1  # forwarded is not solved yet
    supervision.item_start_handling(item=it, by=contact)
    supervision.item_reply(item=it, by=contact, category="A", content="已解决")
    supervision.item_rate_by_committee(item=it, by=staff_user, rating=SatisfactionRating.SATISFIED)
    assert item(d, "problems")["value"] == 2 and item(d, "problems")["done"]


def test_staff_confirm_an_item_that_needs_judgement(d, staff_user, deputy_user):
    assert not item(d, "good_deeds")["done"]
    with pytest.raises(ValidationError):
        services.seven_task_confirm(deputy=d, year=2026, item="good_deeds", by=deputy_user)
    services.seven_task_confirm(deputy=d, year=2026, item="good_deeds", by=staff_user, note="资助困难学生")
    assert item(d, "good_deeds")["done"] and item(d, "good_deeds")["confirmed"]
    assert not item(d, "good_deeds", year=2025)["done"]


def test_thresholds_are_settings_and_cannot_be_negative(d, staff_user):
    activity(staff_user, d, "governance")
    services.thresholds_update(by=staff_user, governance=2)
    assert not item(d, "governance")["done"]
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        services.thresholds_update(by=staff_user, governance=-1)
    assert "governance" in error.value.message_dict
    assert SevenTaskThresholds.current().governance == 2


def test_an_activity_with_no_attendee_or_an_inactive_one_is_refused(d, staff_user):
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        services.duty_activity_record(by=staff_user, day=date(2026, 5, 1), kind="research", title="调研", attendees=[])
    assert "至少填写一名参加人员" in str(error.value)
    with pytest.raises(ValidationError):
        services.duty_activity_record(
            by=staff_user,
            day=date(2026, 5, 1),
            kind="research",
            title="调研",
            attendees=[DeputyFactory(is_active=False)],
        )
    assert not DutyActivity.objects.exists()


def test_a_duty_report_for_an_inactive_deputy_is_refused_and_others_are_recorded(d, staff_user):
    gone = DeputyFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.duty_report_record(deputy=gone, by=staff_user, day=date(2026, 6, 1), audience="选民", summary="述职")
    with pytest.raises(ValidationError):
        services.duty_report_record(deputy=d, by=UserFactory(), day=date(2026, 6, 1), audience="选民", summary="述职")
    services.duty_report_record(deputy=d, by=d.user, day=date(2026, 6, 1), audience="选民代表 40 人", summary="述职")
    assert d.duty_reports.count() == 1


def test_the_archive_lists_every_source_from_the_records(d, staff_user):
    station = d.station_membership.station
    liaison.reception_log(
        logged_by=d, station=station, day=date(2026, 3, 4), content="来访反映", opinions=[{"content": "一"}]
    )
    activity(staff_user, d, "research")
    sections = {s["key"]: s for s in duty.archive(d, 2026)}
    assert sections["receptions"]["count"] == 1 and sections["receptions"]["records"][0].title == "来访反映"
    assert sections["opinions_collected"]["count"] == 1 and sections["duty_activities"]["count"] == 1


@pytest.mark.parametrize("n", [3, 30])
def test_seven_tasks_for_many_deputies_in_constant_queries(d, staff_user, django_assert_num_queries, n):
    people = [DeputyFactory() for _ in range(n)]
    services.duty_activity_record(
        by=staff_user, day=date(2026, 5, 1), kind="governance", title="治理", attendees=people
    )
    rollups.refresh(date(2026, 1, 1), date(2026, 12, 31))  # the beat task has counted the changes
    with django_assert_num_queries(5):  # years counted, changed months (none), the counts, thresholds, confirmations
        result = duty.seven_tasks([p.pk for p in people], 2026)
    assert all(next(i for i in items if i["key"] == "governance")["done"] for items in result.values())

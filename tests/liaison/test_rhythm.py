"""The 六个一 of a station, counted from its receptions and activities; which rhythm a year follows
and how many of each a period needs are staff's to set."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from deputies import rollups
from deputies import services as deputies
from deputies.models import DutyRhythm
from liaison.models import Activity, Reception
from liaison.rhythm import six_tasks
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.helpers import refused
from tests.liaison.factories import ReceptionFactory, StationFactory, StationMemberFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 15)


def activity(station, day, kind):
    return Activity.objects.create(station=station, date=day, kind=kind, title=str(kind))


def states(result, key):
    task = next(t for t in result["tasks"] if t["key"] == key)
    return [p["state"] for p in task["periods"]], task


@pytest.fixture
def station(db):
    station = StationFactory(name="临港产业区代表工作室")
    for day in (date(2026, 1, 14), date(2026, 3, 11), date(2026, 3, 18)):
        ReceptionFactory(station=station, date=day)
    activity(station, date(2026, 2, 10), Activity.Kind.DELIBERATION)
    activity(station, date(2026, 4, 20), Activity.Kind.INSPECTION)
    activity(station, date(2025, 12, 30), Activity.Kind.JOINT)  # last year: does not count
    return station


def test_each_task_is_counted_from_the_records_per_period(station):
    result = six_tasks([station.pk], 2026, TODAY)[station.pk]
    receptions, task = states(result, "receptions")
    assert receptions[:5] == ["done", "missed", "done", "missed", "open"] and receptions[5:] == ["future"] * 7
    assert task["periods"][2]["count"] == 2 and task["missed"] == 2
    assert states(result, "deliberations")[0][:3] == ["done", "missed", "open"]
    assert states(result, "joint")[0][:2] == ["missed", "open"]
    assert states(result, "inspections")[0][:2] == ["missed", "done"]
    assert states(result, "research")[0] == ["open", "future"]
    assert states(result, "legislative")[0] == ["open"]
    assert result["missed"] == 2 + 1 + 1 + 1


def test_staff_set_how_many_a_period_needs(station, staff_user):
    deputies.rhythm_set(by=staff_user, year=2026, receptions_per_month=2)
    receptions, _task = states(six_tasks([station.pk], 2026, TODAY)[station.pk], "receptions")
    assert receptions[:3] == ["missed", "missed", "done"]  # January's one reception is not enough now
    refused(lambda: deputies.rhythm_set(by=staff_user, year=2026, seven=False, six=False), "至少执行")
    refused(lambda: deputies.rhythm_set(by=UserFactory(), year=2026, six=False), "工作人员")


def test_the_query_count_does_not_grow_with_the_stations(django_assert_num_queries):
    stations = [StationFactory() for _ in range(8)]
    for s in stations:
        ReceptionFactory(station=s, date=date(2026, 1, 7))
    rollups.refresh(date(2026, 1, 1), date(2026, 12, 31))  # as the beat task does between pages
    with django_assert_num_queries(4):  # the rhythm, the year counted?, changed months?, the rollups
        six_tasks([s.pk for s in stations[:2]], 2026, TODAY)
    with django_assert_num_queries(4):
        six_tasks([s.pk for s in stations], 2026, TODAY)


def test_the_deputy_home_and_the_dashboard_mark_what_is_overdue(client, station, staff_user, time_machine):
    time_machine.move_to(TODAY)
    user = UserFactory(roles=[roles.DEPUTY])
    StationMemberFactory(station=station, deputy=DeputyFactory(user=user))
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "临港产业区代表工作室今年的六个一" in page and "2 期未完成" in page and "今年七个一" in page
    client.force_login(staff_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "六个一：2026年有未完成时段的站点" in page and "临港产业区代表工作室" in page


def test_a_year_following_only_one_rhythm_shows_only_that_one(client, station, staff_user, time_machine):
    time_machine.move_to(TODAY)
    user = UserFactory(roles=[roles.DEPUTY])
    StationMemberFactory(station=station, deputy=DeputyFactory(user=user))
    deputies.rhythm_set(by=staff_user, year=2026, six=False)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "今年的六个一" not in page and "今年七个一" in page
    DutyRhythm.objects.filter(year=2026).update(six=True, seven=False)
    page = client.get(reverse("home")).content.decode()
    assert "今年的六个一" in page and "今年七个一" not in page
    assert Reception.objects.filter(station=station).count() == 3


def test_staff_set_the_rhythm_in_the_admin(client, staff_user):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = {
        "year": 2027,
        "receptions_per_month": 1,
        "deliberations_per_two_months": 1,
        "joint_per_quarter": 1,
        "inspections_per_quarter": 1,
        "research_per_half_year": 1,
        "legislative_per_year": 1,
    }
    response = client.post(reverse("admin:deputies_dutyrhythm_add"), data)  # neither rhythm ticked
    assert response.status_code == 200 and "至少执行" in response.content.decode()
    client.post(reverse("admin:deputies_dutyrhythm_add"), {**data, "six": "on"})
    rhythm = DutyRhythm.objects.get(year=2027)
    assert rhythm.six and not rhythm.seven

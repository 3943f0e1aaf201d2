"""Admin list pages staff work in: constant query counts, search and filters."""

import pytest
from django.urls import reverse

from deputies.models import Level
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory
from tests.liaison.factories import StationFactory, StationMemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [3, 40])
def test_deputy_changelist_query_count_is_constant(client, staff_user, django_assert_num_queries, rows):
    for member in StationMemberFactory.create_batch(rows):
        member.deputy.levels.add(*member.deputy.levels.all())
    client.force_login(staff_user)
    with django_assert_num_queries(13):
        response = client.get(reverse("admin:deputies_deputy_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [3, 40])
def test_station_and_group_changelists_query_count_is_constant(client, staff_user, django_assert_num_queries, rows):
    StationFactory.create_batch(rows)
    for _ in range(rows):
        DeputyGroupFactory(leader=DeputyFactory())
    client.force_login(staff_user)
    for name, queries in (("admin:liaison_station_changelist", 10), ("admin:deputies_deputygroup_changelist", 9)):
        with django_assert_num_queries(queries):
            assert client.get(reverse(name)).status_code == 200


def test_deputy_list_searches_by_name_phone_and_station(client, staff_user):
    StationMemberFactory(
        deputy=DeputyFactory(name="林一", phone="13911112222"), station=StationFactory(name="翠湖联络站")
    )
    DeputyFactory(name="周二")
    client.force_login(staff_user)
    url = reverse("admin:deputies_deputy_changelist")
    for term in ("林一", "13911112222", "翠湖"):
        names = [d.name for d in client.get(url, {"q": term}).context["cl"].result_list]
        assert names == ["林一"]


def test_deputy_list_filters_by_level_and_sub_district(client, staff_user):
    member = StationMemberFactory(deputy=DeputyFactory(name="市代表", levels=["municipal"]))
    StationMemberFactory(deputy=DeputyFactory(name="区代表", levels=["district"]))
    client.force_login(staff_user)
    url = reverse("admin:deputies_deputy_changelist")
    by_level = client.get(url, {"levels__id__exact": Level.objects.get(code="municipal").pk})
    assert [d.name for d in by_level.context["cl"].result_list] == ["市代表"]
    by_district = client.get(
        url, {"station_membership__station__sub_district__id__exact": member.station.sub_district_id}
    )
    assert [d.name for d in by_district.context["cl"].result_list] == ["市代表"]


def test_deputy_autocomplete_serves_the_group_and_station_forms(client, staff_user):
    DeputyFactory(name="自动补全代表")
    client.force_login(staff_user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "自动", "app_label": "liaison", "model_name": "stationmember", "field_name": "deputy"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["自动补全代表"]


def test_admin_deputy_form_shows_field_errors_in_chinese(client, staff_user):
    DeputyFactory(phone="13900000001")
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:deputies_deputy_add"),
        {
            "name": "",
            "kind": "deputy",
            "phone": "13900000001",
            "is_active": "on",
            "station_membership-TOTAL_FORMS": "0",
            "station_membership-INITIAL_FORMS": "0",
            "Deputy_deputy_groups-TOTAL_FORMS": "0",
            "Deputy_deputy_groups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "这个字段是必填项" in html
    assert "已有代表或议政会成员使用这个电话号码" in html


@pytest.mark.parametrize(
    "name",
    [
        "admin:liaison_reception_changelist",
        "admin:liaison_opinion_changelist",
        "admin:supervision_supervisionitem_changelist",
    ],
)
def test_long_registers_count_at_most_the_cap_and_never_the_whole_table(client, monkeypatch, name):
    """Millions of receptions: the admin's list stops counting at the cap, and no COUNT reads every row."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common.paging import CappedPaginator
    from tests.liaison.factories import OpinionFactory, ReceptionFactory
    from tests.supervision.factories import make_world

    station, deputy = StationFactory(), DeputyFactory()
    for day in range(1, 6):
        ReceptionFactory(station=station, logged_by=deputy, date=date(2026, 3, day))
        OpinionFactory(station=station, date=date(2026, 3, day))
    world = make_world()
    for _ in range(5):
        world.submitted()
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), {"date__gte": "2026-03-01"} if "supervisionitem" not in name else {})
    assert response.status_code == 200 and response.context["cl"].result_count == 3
    table = {"reception": "liaison_reception", "opinion": "liaison_opinion"}.get(
        name.split("_")[1], "supervision_supervisionitem"
    )
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and f'FROM "{table}"' in q["sql"]]
    assert counts and all("LIMIT 4" in sql for sql in counts), counts

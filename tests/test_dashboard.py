"""The staff dashboard: per level, group and sub-district, and the headline totals, from the records."""

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deputies import rollups, services
from deputies.duty import SEVEN
from liaison import services as liaison
from liaison.models import Reception
from supervision import services as supervision
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory
from tests.liaison.factories import StationMemberFactory
from tests.xlsx import table

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db, staff_user, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    a = StationMemberFactory(deputy=DeputyFactory(name="甲", levels=["municipal", "district"])).deputy
    b = StationMemberFactory(deputy=DeputyFactory(name="乙", levels=["district"])).deputy
    group = DeputyGroupFactory(name="第一代表小组", kind="deputy_group")
    group.members.set([a])
    liaison.reception_log(
        logged_by=a,
        station=a.station_membership.station,
        day=date(2026, 3, 4),
        content="x",
        visitor_count=3,
        opinions=[{"content": "一"}, {"content": "二"}],
    )
    liaison.reception_log(logged_by=b, station=b.station_membership.station, day=date(2026, 3, 5), content="y")
    services.duty_activity_record(
        by=staff_user, day=date(2026, 5, 1), kind="firm_visit", title="走访", attendees=[a, b], firms_visited=4
    )
    return a, b


@pytest.fixture
def suggestion(records, staff_user):
    """乙 leads a suggestion 甲 agreed to co-sign, submitted this year."""
    a, b = records
    item = supervision.item_create(created_by=staff_user, title="修路", content="z", lead_deputy=b, co_signers=[a])
    supervision.cosign_answer(request=item.cosign_requests.get(), by=staff_user, agree=True)
    return supervision.item_submit(item=item, by=staff_user)


def test_dashboard_figures_come_from_the_records(client, staff_user, records):
    a, b = records
    client.force_login(staff_user)
    response = client.get(reverse("dashboard"), {"year": 2026})
    totals = response.context["totals"]
    assert (totals["receptions"], totals["people"], totals["firms"], totals["collected"], totals["solved"]) == (
        2,
        4,
        4,
        2,
        0,
    )
    by_level = {r["name"]: r for r in response.context["tables"]["level"]}
    assert by_level["区（县）级"]["deputies"] == 2 and by_level["区（县）级"]["receptions"] == 2
    assert by_level["市级"]["opinions_collected"] == 2
    assert by_level["议政会成员"]["deputies"] == 0  # council members have their own row
    assert by_level["全区"]["receptions"] == totals["receptions"]
    assert [r["name"] for r in response.context["tables"]["group"]] == ["第一代表小组", "全区"]
    group = response.context["tables"]["group"][0]
    assert reverse("deputies:group_reports", args=[group["key"], 2026]) in response.content.decode()
    assert {r["deputies"] for r in response.context["tables"]["sub_district"] if not r["is_total"]} == {1}
    assert "echarts.min.js" in response.content.decode() and 'id="dashboard-data"' in response.content.decode()


def test_a_reception_nobody_was_recorded_receiving_counts_in_the_whole_zone_as_in_the_headline(
    client, staff_user, records
):
    a, _b = records
    lone = Reception.objects.filter(receivers__isnull=False).first()
    lone.receivers.clear()
    client.force_login(staff_user)
    response = client.get(reverse("dashboard"), {"year": 2026})
    zone = {r["name"]: r for r in response.context["tables"]["level"]}["全区"]
    assert zone["receptions"] == response.context["totals"]["receptions"] == 2


def test_the_dashboard_exports_the_same_figures_to_excel(client, staff_user, records):
    client.force_login(staff_user)
    page = client.get(reverse("dashboard"), {"year": 2026}).context["tables"]
    response = client.get(reverse("dashboard_export"), {"year": 2026})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [ws.title for ws in book.worksheets] == ["按层级", "按小组", "按街道"]
    level = {r[0]: r for r in table(book.worksheets[0])[1:]}
    for row in page["level"]:
        assert level[row["name"]][1:5] == (
            row["deputies"],
            row["receptions"],
            row["opinions_collected"],
            row["suggestions"],
        )
    assert client.get(reverse("dashboard_export"), {"year": "abc"}).status_code == 400


def test_the_dashboard_is_for_staff(client, deputy_user):
    client.force_login(deputy_user)
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("dashboard_export")).status_code == 403


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_query_count_is_constant(client, staff_user, records, django_assert_num_queries, n):
    for _ in range(n):
        StationMemberFactory()
    client.force_login(staff_user)
    rollups.refresh(date(2026, 1, 1), date(2026, 12, 31))  # the beat task has counted the changes
    with django_assert_num_queries(31):
        assert client.get(reverse("dashboard")).status_code == 200


FIGURES = (
    ("receptions", "receptions"),
    ("opinions", "opinions_collected"),
    ("suggestions", "suggestions"),
    ("people", "deputies"),
    ("complete", "complete"),
)


def test_every_figure_opens_the_records_behind_it_as_many_as_it_says(client, staff_user, records, suggestion):
    a, b = records
    for task, *_rest in SEVEN:
        services.seven_task_confirm(by=staff_user, deputy=a, year=2026, item=task.value)
    client.force_login(staff_user)
    tables = client.get(reverse("dashboard"), {"year": 2026}).context["tables"]
    assert tables["level"][-1]["suggestions"] == 1 and tables["level"][-1]["complete"] == 1
    for name, rows in tables.items():
        for row in rows:
            for measure, figure in FIGURES:
                url = reverse("dashboard_rows", args=[name, row["key"], measure])
                page = client.get(url, {"year": 2026})
                assert page.status_code == 200, url
                assert page.context["paginator"].count == row[figure], (name, row["name"], measure)
    url = reverse("dashboard_rows", args=["level", "total", "receptions"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url, {"year": 2026, "format": "xlsx"}).content))
    assert len(table(book.worksheets[0])) - 1 == tables["level"][-1]["receptions"]
    page = client.get(reverse("dashboard_rows", args=["level", "total", "suggestions"]), {"year": 2026})
    assert suggestion.get_absolute_url() in page.content.decode()
    page = client.get(reverse("dashboard_rows", args=["level", "total", "complete"]), {"year": 2026})
    assert [row["deputy"] for row in page.context["people"]] == [a]
    assert reverse("deputies:archive", args=[a.pk]) in page.content.decode()
    url = reverse("dashboard_rows", args=["level", "total", "people"])
    rows = table(openpyxl.load_workbook(io.BytesIO(client.get(url, {"year": 2026, "format": "xlsx"}).content)).active)
    assert {r[0]: r[-1] for r in rows[1:]} == {"甲": "是", "乙": "否"}
    for bad in (("nope", "total", "receptions"), ("level", "999999", "receptions"), ("level", "total", "x")):
        assert client.get(reverse("dashboard_rows", args=bad)).status_code == 404


def test_the_people_behind_a_figure_cost_the_same_queries_for_more_people(client, staff_user, records):
    client.force_login(staff_user)
    url = reverse("dashboard_rows", args=["level", "total", "people"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"year": 2026}).status_code == 200
        return len(captured)

    queries()  # the first request also fills the session's and the thresholds' caches
    before = queries()
    for _ in range(25):
        StationMemberFactory()
    assert queries() == before

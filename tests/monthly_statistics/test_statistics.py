"""The monthly statistics report: the month's figures per station and zone, stored once, shown to
staff, downloaded as Excel and PDF, announced to staff once."""

import io
import threading
from datetime import date, datetime

import openpyxl
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from liaison.models import Opinion
from monthly_statistics import services
from monthly_statistics.models import MonthlyStatistics
from notifications.models import Notification
from tests.beat import run_daily
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import (
    OpinionFactory,
    ReceptionFactory,
    ReceptionShiftFactory,
    ShiftAssignmentFactory,
    StationFactory,
    SubDistrictFactory,
)
from tests.livelihood.factories import CardRatingFactory, ClaimFactory, MonthlyReportFactory, ProjectFactory
from tests.pdfs import assert_printable
from tests.supervision.factories import DepartmentFactory
from tests.xlsx import table

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def reception(station, day, channel="face_to_face", category="urban", people=1, shift=None):
    return ReceptionFactory(
        station=station,
        date=day,
        logged_by=DeputyFactory(),
        channel=channel,
        category=category,
        visitor_count=people,
        content="反映情况",
        shift=shift,
    )


def opinion(station, at, state=Opinion.State.ACCEPTED):
    return OpinionFactory(
        station=station, content="意见", created_at=at, date=timezone.localtime(at).date(), state=state
    )


@pytest.fixture
def october():
    """Two stations' October, with records on both sides of the month's edges."""
    a, b = StationFactory(name="甲站"), StationFactory(name="乙站")
    StationFactory(name="已撤销站", is_active=False)
    kept = ReceptionShiftFactory(station=a, date=date(2026, 10, 14))
    ShiftAssignmentFactory(shift=kept, deputy=DeputyFactory())
    ReceptionShiftFactory(station=a, date=date(2026, 10, 21))  # nobody logged a reception: missed
    ReceptionShiftFactory(station=b, date=date(2026, 11, 4))  # November's
    reception(a, date(2026, 10, 1), people=3, shift=None)
    reception(a, date(2026, 10, 14), channel="phone", category="transport", shift=kept)
    reception(b, date(2026, 10, 31), category="transport", people=2)
    reception(b, date(2026, 9, 30))  # September's
    reception(b, date(2026, 11, 1))  # November's
    opinion(a, local(2026, 10, 1, 0, 0))  # midnight in Beijing is still October
    opinion(a, local(2026, 10, 31, 23, 59), state=Opinion.State.FORWARDED)
    opinion(b, local(2026, 10, 15, 12), state=Opinion.State.RESOLVED)
    opinion(b, local(2026, 11, 1, 0, 0))  # November's
    department = DepartmentFactory(name="住建局")
    filed, late, missing, unclaimed = (
        ProjectFactory(year=2026, title=t, department=department) for t in ("按时", "迟交", "未交", "无人认领")
    )
    for project in (filed, late, missing):
        ClaimFactory(project=project, role="deputy", person=DeputyFactory())
    MonthlyReportFactory(project=filed, author=DeputyFactory(), month=OCTOBER, progress=50, against_plan="on")
    MonthlyReportFactory(
        project=late, author=DeputyFactory(), month=OCTOBER, progress=40, against_plan="behind", is_late=True
    )
    CardRatingFactory(
        project=filed, year=2026, quarter=3, colour="green", suggested="green", rated_at=local(2026, 10, 9, 10)
    )
    CardRatingFactory(
        project=late, year=2026, quarter=3, colour="yellow", suggested="yellow", rated_at=local(2026, 10, 9, 10)
    )
    CardRatingFactory(
        project=late, year=2026, quarter=2, colour="yellow", suggested="yellow", rated_at=local(2026, 7, 9, 10)
    )
    return a, b


def test_the_months_figures_per_station_and_for_the_zone(october):
    a, b = october
    zone, stations = services.compute(OCTOBER)
    assert stations[a.pk] == {
        "receptions": {
            "total": 2,
            "people": 4,
            "by_channel": {"face_to_face": 1, "phone": 1},
            "by_category": {"urban": 1, "transport": 1},
        },
        "opinions": {"total": 2, "by_state": {"accepted": 1, "forwarded": 1}},
        "shifts": {"total": 2, "kept": 1, "missed": 1},
    }
    assert stations[b.pk]["receptions"]["total"] == 1 and stations[b.pk]["shifts"]["total"] == 0
    assert stations[b.pk]["opinions"] == {"total": 1, "by_state": {"resolved": 1}}
    assert len(stations) == 2  # a closed station with nothing that month gets no report
    assert zone["receptions"] == {
        "total": 3,
        "people": 6,
        "by_channel": {"face_to_face": 2, "phone": 1},
        "by_category": {"urban": 1, "transport": 2},
    }
    assert zone["opinions"]["total"] == 3 and zone["shifts"] == {"total": 2, "kept": 1, "missed": 1}
    assert zone["projects"] == {"expected": 3, "filed": 2, "late": 1, "missing": 1}
    assert zone["cards"] == {"green": 1, "yellow": 1}


def test_the_single_pass_over_receptions_agrees_with_the_portable_grouping(october):
    """PostgreSQL's GROUPING SETS and the grouping the SQLite quick start uses give the same figures."""
    a, b = october
    reception(a, date(2026, 10, 20), channel="phone", category="urban", people=5)

    def folded(rows):
        figures = {}
        for station, channel, category, n, people in rows:
            f = figures.setdefault(station, {"channel": {}, "category": {}, "people": 0})
            if channel is not None:
                f["channel"][channel] = f["channel"].get(channel, 0) + n
                f["people"] += people or 0
            if category is not None:
                f["category"][category] = f["category"].get(category, 0) + n
        return figures

    first, last = date(2026, 10, 1), date(2026, 10, 31)
    single = folded(services.reception_figures(first, last))
    assert single == folded(services.reception_figures(first, last, portable=True))
    assert single[a.pk] == {
        "channel": {"face_to_face": 1, "phone": 2},
        "category": {"urban": 2, "transport": 1},
        "people": 9,
    }


def test_the_report_is_made_once_and_staff_are_told_once(
    october, staff_user, deputy_user, django_capture_on_commit_callbacks
):
    staff_user.email = "staff@example.gov.cn"
    staff_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.statistics_due(date(2026, 11, 1)) is True
        assert services.statistics_due(date(2026, 11, 1)) is False  # beat fired twice
        assert services.statistics_due(date(2026, 11, 2)) is False  # and the next day
    assert MonthlyStatistics.objects.filter(month=OCTOBER).count() == 3  # the zone and two stations
    notice = Notification.objects.get()
    assert notice.user == staff_user and notice.url == reverse("monthly_statistics:month", args=["2026-10"])
    assert notice.title == "2026-10 月度统计报告已生成"
    assert "接待 3 次（6 人）" in notice.body and len(mail.outbox) == 1


def test_daily_run_on_the_first_makes_last_months_report_and_catches_up_a_missed_first(october, time_machine):
    time_machine.move_to(date(2026, 10, 31))
    assert run_daily()["statistics"] == 1  # September's: nothing happened yet, still a report
    time_machine.move_to(date(2026, 11, 3))  # beat was down on the 1st and 2nd
    assert run_daily()["statistics"] == 1
    assert run_daily()["statistics"] == 0
    zone = MonthlyStatistics.objects.get(month=OCTOBER, station=None)
    assert zone.data["receptions"]["total"] == 3
    # Stored: what happens later does not change the report staff printed and e-mailed.
    reception(october[0], date(2026, 10, 30))
    assert run_daily()["statistics"] == 0
    zone.refresh_from_db()
    assert zone.data["receptions"]["total"] == 3


def test_a_january_report_counts_december_of_the_year_before(time_machine):
    station = StationFactory()
    reception(station, date(2026, 12, 31))
    time_machine.move_to(date(2027, 1, 1))
    run_daily()
    assert MonthlyStatistics.objects.get(month=date(2026, 12, 1), station=None).data["receptions"]["total"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_store_one_report(october):
    results, errors = [], []
    barrier = threading.Barrier(4)

    def run():
        try:
            barrier.wait()
            results.append(services.statistics_make(OCTOBER))
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(results) == [False, False, False, True]
    assert MonthlyStatistics.objects.filter(month=OCTOBER).count() == 3


# --- pages ---------------------------------------------------------------------------------


@pytest.fixture
def made(october):
    services.statistics_make(OCTOBER)
    return october


def test_staff_read_the_month_and_each_station(client, staff_user, made):
    a, _b = made
    client.force_login(staff_user)
    listing = client.get(reverse("monthly_statistics:list")).content.decode()
    assert "2026-10" in listing and "接待 3 次（6 人）" in listing and "未报 1 份" in listing
    page = client.get(reverse("monthly_statistics:month", args=["2026-10"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "甲站" in html and "乙站" in html and "已撤销站" not in html
    station = client.get(reverse("monthly_statistics:station", args=["2026-10", a.pk]))
    assert station.status_code == 200 and "甲站" in station.content.decode()
    assert client.get(reverse("monthly_statistics:month", args=["2026-09"])).status_code == 404


def test_only_staff_see_the_report(client, deputy_user, department_user, made):
    url = reverse("monthly_statistics:month", args=["2026-10"])
    assert client.get(url).status_code == 302  # to the login
    for user in (deputy_user, department_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("monthly_statistics:export", args=["2026-10", "xlsx"])).status_code == 403


def test_the_excel_has_the_summary_and_a_row_per_station(client, staff_user, made):
    client.force_login(staff_user)
    response = client.get(reverse("monthly_statistics:export", args=["2026-10", "xlsx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary, districts, stations = book.worksheets
    rows = table(summary)
    assert rows[0] == ("类别", "事项", "数量")
    assert ("接待记录", "接待次数", 3) in rows and ("民生实事项目月报", "未报", 1) in rows
    assert ("亮牌情况", "黄牌", 1) in rows and ("接待记录", "接待方式：来电", 1) in rows
    station_rows = {r[0]: r for r in table(stations)[1:]}
    assert set(station_rows) == {"甲站", "乙站"}
    assert station_rows["甲站"][2:8] == (2, 4, 2, 2, 1, 1)


def test_the_pdf_of_the_zone_and_of_a_station(client, staff_user, made):
    client.force_login(staff_user)
    zone = client.get(reverse("monthly_statistics:export", args=["2026-10", "pdf"]))
    station = client.get(reverse("monthly_statistics:station_export", args=["2026-10", made[0].pk, "pdf"]))
    assert "制表人：" in assert_printable(zone.content) and "审核人：" in assert_printable(station.content)
    assert zone["Content-Type"] == "application/pdf" and len(zone.content) > len(station.content)
    assert client.get(reverse("monthly_statistics:export", args=["2026-10", "doc"])).status_code == 404


def test_the_month_page_queries_do_not_grow_with_stations(client, staff_user, django_assert_num_queries):
    for n in range(3):
        reception(StationFactory(), date(2026, 10, 10 + n))
    services.statistics_make(OCTOBER)
    client.force_login(staff_user)
    url = reverse("monthly_statistics:month", args=["2026-10"])
    with django_assert_num_queries(9) as few:
        client.get(url)
    MonthlyStatistics.objects.all().delete()
    for n in range(40):
        reception(StationFactory(), date(2026, 10, 1 + n % 28))
    services.statistics_make(OCTOBER)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_fill_in_an_earlier_month_from_the_command_line(october, staff_user):
    out = io.StringIO()
    call_command("monthly_statistics", "--month", "2026-10", stdout=out)
    call_command("monthly_statistics", "--month", "2026-10", stdout=out)
    assert out.getvalue().splitlines() == ["2026-10: made", "2026-10: already there"]
    assert MonthlyStatistics.objects.filter(month=OCTOBER, station=None).count() == 1
    assert Notification.objects.filter(user=staff_user).count() == 1
    with pytest.raises(CommandError):
        call_command("monthly_statistics", "--month", "2026-13")


def test_the_month_by_sub_district_adds_up_to_the_stations_and_the_zone(client, staff_user, october):
    a, b = october
    district = SubDistrictFactory(name="芳草街道")
    a.sub_district = b.sub_district = district
    a.save(), b.save()
    StationFactory(name="丙站", sub_district=SubDistrictFactory(name="双桥街道"))
    services.statistics_make(OCTOBER)
    client.force_login(staff_user)
    page = client.get(reverse("monthly_statistics:month", args=["2026-10"]))
    rows = {r["name"]: r for r in page.context["districts"]}
    assert rows["芳草街道"]["stations"] == 2 and rows["芳草街道"]["receptions"] == 3
    assert (
        rows["双桥街道"]["receptions"] == 0
        and rows["全区"]["receptions"] == 3 == page.context["report"].data["receptions"]["total"]
    )
    assert rows["全区"]["opinions"] == sum(r["opinions"] for name, r in rows.items() if name != "全区")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("monthly_statistics:export", args=["2026-10", "xlsx"])).content)
    )
    names = [r[0] for r in table(book.worksheets[1])[1:]]
    assert sorted(names[:2]) == sorted(["芳草街道", "双桥街道"]) and names[2] == "全区"

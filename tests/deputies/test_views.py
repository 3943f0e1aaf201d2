"""A deputy's archive, annual report (page and PDF), a group's reports, and the 述职 form."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from deputies import rollups, services
from liaison import services as liaison
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory
from tests.liaison.factories import StationMemberFactory
from tests.pdfs import assert_printable

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(db, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    return StationMemberFactory(deputy=DeputyFactory(name="档案代表", user=UserFactory(roles=[roles.DEPUTY]))).deputy


def fill(deputy, staff, n):
    for i in range(n):
        liaison.reception_log(
            logged_by=deputy,
            station=deputy.station_membership.station,
            day=date(2026, 3, 1 + i),
            content=f"接待{i}",
            opinions=[{"content": f"意见{i}"}],
        )
        services.duty_activity_record(
            by=staff, day=date(2026, 4, 1 + i), kind="research", title=f"调研{i}", attendees=[deputy]
        )


def test_a_deputy_sees_their_archive_and_seven_tasks(client, deputy, staff_user):
    fill(deputy, staff_user, 2)
    client.force_login(deputy.user)
    html = client.get(reverse("deputies:archive", args=[deputy.pk]), {"year": 2026}).content.decode()
    assert "接待1" in html and "调研0" in html and "联系一批群众" in html and "收集一批社情民意" in html


def test_another_deputy_cannot_open_the_archive_but_staff_can(client, deputy, staff_user):
    other = DeputyFactory(user=UserFactory(roles=[roles.DEPUTY]))
    client.force_login(other.user)
    assert client.get(reverse("deputies:archive", args=[deputy.pk])).status_code == 404
    assert client.get(reverse("deputies:annual_report", args=[deputy.pk, 2026])).status_code == 404
    client.force_login(staff_user)
    assert client.get(reverse("deputies:archive", args=[deputy.pk])).status_code == 200


def test_the_annual_report_page_and_pdf_agree_with_the_records(client, deputy, staff_user):
    fill(deputy, staff_user, 3)
    client.force_login(deputy.user)
    page = client.get(reverse("deputies:annual_report", args=[deputy.pk, 2026]))
    sections = {s["key"]: s["count"] for s in page.context["sections"]}
    assert sections["receptions"] == 3 and sections["opinions_collected"] == 3 and sections["duty_activities"] == 3
    pdf = client.get(reverse("deputies:annual_report", args=[deputy.pk, 2026]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = assert_printable(pdf.content).replace(" ", "")
    assert "履职报告" in text and "代表签名：" in text and "审核人：" in text and "日期：" in text


def test_staff_print_all_reports_of_a_group(client, deputy, staff_user, deputy_user):
    group = DeputyGroupFactory(name="第一代表小组", kind="deputy_group", leader=deputy)
    other = DeputyFactory()
    group.members.set([deputy, other])
    client.force_login(deputy_user)
    assert client.get(reverse("deputies:group_reports", args=[group.pk, 2026])).status_code == 403  # staff only
    client.force_login(staff_user)
    pdf = client.get(reverse("deputies:group_reports", args=[group.pk, 2026]))
    pages = assert_printable(pdf.content).split("\f")
    # One report per member, each from a page of its own.
    assert [p for p in pages if deputy.name in p] != [p for p in pages if other.name in p]
    assert all(sum(name in page for name in (deputy.name, other.name)) <= 1 for page in pages)


def test_a_deputy_records_a_duty_report_that_feeds_the_station_register(client, deputy, staff_user):
    client.force_login(deputy.user)
    response = client.post(
        reverse("deputies:duty_report_create"),
        {
            "date": "2026-11-20",
            "venue": "和平社区",
            "audience": "选民代表 40 人",
            "summary": "一年来履职情况",
            "results": "",
            "attendance": "40",
        },
    )
    report = deputy.duty_reports.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    client.force_login(staff_user)
    register = client.get(
        reverse("liaison:register", args=[deputy.station_membership.station.pk, "duty-reports"]),
        {"start": "2026-11-01", "end": "2026-11-30"},
    )
    assert "一年来履职情况" in register.content.decode()
    client.force_login(deputy.user)
    bad = client.post(reverse("deputies:duty_report_create"), {"date": "2026-11-20", "audience": "", "summary": ""})
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()


@pytest.mark.parametrize("n", [2, 10])
def test_archive_query_count_does_not_grow_with_records(client, deputy, staff_user, django_assert_num_queries, n):
    fill(deputy, staff_user, n)
    client.force_login(deputy.user)
    rollups.refresh(date(2026, 1, 1), date(2026, 12, 31))  # the beat task has counted the changes
    with django_assert_num_queries(30):  # each source's records, the counts from the rollups, the 七个一: constant
        assert client.get(reverse("deputies:archive", args=[deputy.pk]), {"year": 2026}).status_code == 200


def test_a_big_groups_reports_are_made_in_the_background(
    client, staff_user, deputy_user, monkeypatch, django_capture_on_commit_callbacks
):
    """Past GROUP_AT_ONCE members the PDF link offers a background job (a GET starts nothing); the
    job lays out every member's report, its download is a PDF for the asker alone."""
    from deputies import reports
    from notifications.models import ExportJob

    monkeypatch.setattr(reports, "GROUP_AT_ONCE", 1)
    monkeypatch.setattr("deputies.views.GROUP_AT_ONCE", 1)
    group = DeputyGroupFactory(name="第二代表小组", kind="deputy_group")
    members = [DeputyFactory(name=name) for name in ("甲代表", "乙代表", "丙代表")]
    group.members.set(members)
    client.force_login(staff_user)
    offer = client.get(reverse("deputies:group_reports", args=[group.pk, 2026]))
    page = offer.content.decode()
    assert offer.status_code == 200 and "共 3 名成员" in page
    assert f'name="group" value="{group.pk}"' in page and 'name="year" value="2026"' in page
    assert not ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("notifications:export_start", args=[reports.GROUP_EXPORT]), {"group": group.pk, "year": 2026}
        )
    job = ExportJob.objects.get()
    assert (job.state, job.total, job.done_rows) == ("done", 3, 3)
    assert "第二代表小组" in job.title and "下载 PDF 文件" in client.get(started["Location"]).content.decode()
    download = client.get(reverse("notifications:export_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf" and job.filename.endswith(".pdf")
    text = assert_printable(b"".join(download.streaming_content))
    assert all(member.name in text for member in members)
    client.force_login(deputy_user)
    refused = client.post(reverse("notifications:export_start", args=[reports.GROUP_EXPORT]), {"group": group.pk})
    assert refused.status_code == 403


@pytest.mark.parametrize("params", [{}, {"group": "x", "year": "2026"}, {"group": "999999", "year": "2026"}])
def test_a_group_export_naming_no_group_makes_nothing(client, staff_user, params, django_capture_on_commit_callbacks):
    from deputies import reports
    from notifications.models import ExportJob

    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:export_start", args=[reports.GROUP_EXPORT]), params)
    assert response.status_code == 400 and "没有可导出的内容" in response.content.decode()
    assert not ExportJob.objects.exists()

"""议事专报: staff compile chosen opinions of a period and place, print it, record the 主任会议's
decision and hand the items it decided to departments."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from liaison import services
from liaison.models import SpecialReport
from supervision.models import SupervisionItem
from tests.accounts.factories import UserFactory
from tests.helpers import refused
from tests.liaison.factories import OpinionFactory, StationFactory, SubDistrictFactory
from tests.pdfs import assert_printable
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinions(db, time_machine):
    time_machine.move_to(date(2026, 11, 24))
    district = SubDistrictFactory(name="芳草街道")
    here, there = StationFactory(name="芳草联络站", sub_district=district), StationFactory(name="别处联络站")
    traffic = [
        OpinionFactory(station=here, date=date(2026, 10, d), category="transport", content=f"路口拥堵{d}")
        for d in (8, 15)
    ]
    OpinionFactory(station=here, date=date(2026, 10, 9), category="education", content="学位紧张")
    OpinionFactory(station=there, date=date(2026, 10, 9), category="transport", content="别处拥堵")
    OpinionFactory(station=here, date=date(2026, 6, 1), category="transport", content="上季度")
    return district, traffic


def test_staff_compile_print_decide_and_hand_over(client, opinions, staff_user):
    district, traffic = opinions
    client.force_login(staff_user)
    url = reverse("liaison:special_report_create")
    scope = {"start": "2026-10-01", "end": "2026-12-31", "sub_district": district.pk, "category": "transport"}
    page = client.get(url, scope).content.decode()
    assert "路口拥堵8" in page and "路口拥堵15" in page
    assert "学位紧张" not in page and "别处拥堵" not in page and "上季度" not in page
    response = client.post(
        url,
        {
            **scope,
            "title": "第四季度芳草街道交通意见专报",
            "opinions": [o.pk for o in traffic],
            "analysis": "早晚高峰拥堵集中。",
        },
    )
    report = SpecialReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "第四季度芳草街道交通意见专报" in page and "路口拥堵15" in page and "早晚高峰拥堵集中。" in page
    pdf = client.get(reverse("liaison:special_report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = assert_printable(pdf.content)
    assert "早晚高峰拥堵集中" in text and "制表人：" in text and "审核人：" in text

    department = DepartmentFactory(name="交通运输局")
    item_url = reverse("liaison:special_report_hand_over", args=[report.pk])
    item = {"title": "优化芳草路口信号灯", "content": "高峰拥堵", "department": department.pk, "deadline": "2027-01-20"}
    assert client.post(item_url, item).status_code == 400  # the page offers it only after the decision
    assert not SupervisionItem.objects.exists()
    decide = reverse("liaison:special_report_decide", args=[report.pk])
    client.post(decide, {"meeting": "第7次主任会议", "decided_on": "2026-11-24", "decision": "交交通运输局办理。"})
    client.post(item_url, item)
    created = SupervisionItem.objects.get()
    assert created.kind == "special_report" and created.source == report and created.state == "assigned"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "第7次主任会议" in page and created.reference in page
    # A second click hands over nothing more; the decision is not overwritten.
    assert client.post(item_url, item).status_code == 400 and SupervisionItem.objects.count() == 1
    again = client.post(decide, {"meeting": "第8次主任会议", "decided_on": "2026-11-24", "decision": "另行决定。"})
    assert again.status_code == 400 and "已记录" in again.content.decode()
    report.refresh_from_db()
    assert report.meeting == "第7次主任会议"
    # The department reads its item, which names the report without a link it could not open.
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    client.force_login(contact)
    page = client.get(created.get_absolute_url()).content.decode()
    assert str(report) in page and report.get_absolute_url() not in page


def test_a_long_excerpt_flows_over_pages_in_the_pdf(client, opinions, staff_user, tmp_path):
    _district, traffic = opinions
    long_one = traffic[0]
    long_one.content = "早晚高峰芳草路口拥堵严重，" * 300  # about 4,000 characters: taller than a page
    long_one.save()
    report = services.special_report_compile(
        by=staff_user,
        title="长摘录",
        start=date(2026, 10, 1),
        end=date(2026, 12, 31),
        opinions=[long_one],
        analysis="<b>分析</b>",
    )
    client.force_login(staff_user)
    pdf = client.get(reverse("liaison:special_report_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    assert "<b>分析</b>" in text and text.count("\f") >= 2


def test_a_report_draws_only_on_its_period_and_place(opinions, staff_user):
    district, traffic = opinions
    other = StationFactory(name="另一站")
    stray = OpinionFactory(station=other, date=date(2026, 10, 10), category="transport", content="别处")
    refused(
        lambda: services.special_report_compile(
            by=staff_user,
            title="专报",
            start=date(2026, 10, 1),
            end=date(2026, 12, 31),
            sub_district=district,
            category="transport",
            opinions=[*traffic, stray],
            analysis="分析",
        ),
        "不在所选时段或范围内",
    )
    refused(
        lambda: services.special_report_compile(
            by=UserFactory(roles=[roles.DEPUTY]),
            title="专报",
            start=date(2026, 10, 1),
            end=date(2026, 12, 31),
            opinions=traffic,
            analysis="分析",
        ),
        "工作人员",
    )
    assert not SpecialReport.objects.exists()


def test_only_staff_open_special_reports(client, opinions):
    client.force_login(UserFactory(roles=[roles.DEPUTY]))
    assert client.get(reverse("liaison:special_report_list")).status_code == 403
    assert client.get(reverse("liaison:special_report_create")).status_code == 403

"""The people who started an item follow it: the deputies who collected the opinion read the item it
became, the consultation's attendees its pack and opinions, the department the opinion behind its item."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from liaison import services
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationMemberFactory
from tests.supervision.factories import DepartmentFactory
from tests.xlsx import table, workbook

pytestmark = pytest.mark.django_db


def deputy(station, name):
    user = UserFactory(roles=[roles.DEPUTY])
    return StationMemberFactory(station=station, deputy=DeputyFactory(name=name, user=user)).deputy


@pytest.fixture
def station_month(db, staff_user, time_machine):
    """A reception with an opinion at a station in November, forwarded to a department."""
    time_machine.move_to(date(2026, 11, 26))
    station = StationFactory(name="和平社区代表联络站")
    collector, colleague, outsider = (
        deputy(station, "接待代表"),
        deputy(station, "同站代表"),
        deputy(station, "未参与代表"),
    )
    reception = services.reception_log(
        logged_by=collector,
        station=station,
        day=date(2026, 11, 25),
        content="路灯",
        co_receivers=[colleague],
        visitor_name="李女士",
        visitor_phone="13800001111",
        opinions=[{"content": "东门路灯不亮", "category": "urban"}],
    )
    opinion = reception.opinions.get()
    opinion.citizen_name, opinion.citizen_phone = "李女士", "13800001111"
    opinion.save()
    department = DepartmentFactory(name="城管局")
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    item = services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2026, 12, 20))
    return station, opinion, item, (collector, colleague, outsider), contact


def test_the_deputies_who_received_the_opinion_read_the_item_it_became(client, station_month):
    _station, _opinion, item, (collector, colleague, outsider), _contact = station_month
    url = reverse("supervision:item_detail", args=[item.pk])
    for reader in (collector, colleague):
        client.force_login(reader.user)
        assert client.get(url).status_code == 200
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404


def test_the_department_reads_the_opinion_behind_its_item_without_the_citizen(client, station_month):
    _station, opinion, item, _people, contact = station_month
    url = reverse("liaison:opinion_detail", args=[opinion.pk])
    client.force_login(contact)
    page = client.get(url).content.decode()
    assert "东门路灯不亮" in page
    assert "李女士" not in page and "13800001111" not in page
    assert "resolution" not in page  # a department does not answer it at the station
    other = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    DepartmentFactory(name="教育局").contacts.add(other)
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("supervision:item_detail", args=[item.pk])).status_code == 404


def test_the_consultations_attendees_read_its_pack_and_what_it_issued(client, station_month, staff_user):
    station, _opinion, _item, (collector, colleague, outsider), contact = station_month
    services.consultation_record(
        station=station,
        month=date(2026, 11, 1),
        by=staff_user,
        held_on=date(2026, 11, 26),
        minutes="讨论路灯问题",
        attendees=[collector, colleague],
    )
    consultation = station.consultations.get()
    item = services.consultation_issue_opinion(
        consultation=consultation,
        by=staff_user,
        title="督办路灯维修",
        content="请尽快修复",
        department=contact.departments.get(),
        deadline=date(2026, 12, 20),
    )
    pack = reverse("liaison:consultation", args=[station.pk, 2026, 11])
    client.force_login(collector.user)
    page = client.get(pack).content.decode()
    assert "讨论路灯问题" in page and "督办路灯维修" in page
    assert "consultation_record" not in page and 'name="minutes"' not in page  # reading, not recording
    assert client.get(reverse("supervision:item_detail", args=[item.pk])).status_code == 200
    assert client.post(reverse("liaison:consultation_record", args=[station.pk, 2026, 11]), {}).status_code == 403
    export = reverse("liaison:consultation_export", args=[station.pk, 2026, 11])
    book = workbook(client.get(export).content)
    assert [ws.title for ws in book.worksheets] == ["按类别", "接待记录", "未办结意见"]
    receptions = table(book.worksheets[1])
    assert receptions[0] == ("类别", "日期", "接待代表", "内容") and receptions[1][2] == "同站代表、接待代表"
    client.force_login(outsider.user)
    assert client.get(pack).status_code == 404
    assert client.get(export).status_code == 404
    assert client.get(reverse("supervision:item_detail", args=[item.pk])).status_code == 404


def test_an_opinion_from_the_public_form_has_no_followers(station_month, staff_user):
    station, _opinion, _item, _people, contact = station_month
    online, _code = services.opinion_submit_online(station=station, category="urban", content="噪音")
    item = services.opinion_forward(
        opinion=online, by=staff_user, department=contact.departments.get(), deadline=date(2026, 12, 20)
    )
    assert not item.followers.exists()

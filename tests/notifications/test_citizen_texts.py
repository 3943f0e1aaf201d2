"""A citizen who leaves a mobile number gets the tracking code and the answer by text message; the
code is never kept once sent, and staff's list of messages never shows it."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from liaison import services
from notifications.backends import locmem
from notifications.models import Delivery
from supervision import services as supervision
from tests.accounts.factories import UserFactory
from tests.liaison.factories import StationFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox():
    locmem.outbox.clear()
    return locmem.outbox


def test_the_citizen_gets_the_code_then_the_departments_answer(
    staff_user, outbox, time_machine, django_capture_on_commit_callbacks, client, settings
):
    settings.PORTAL_BASE_URL = "https://rd.example.gov.cn"
    time_machine.move_to(date(2026, 11, 26))
    station = StationFactory(name="和平社区代表联络站")
    with django_capture_on_commit_callbacks(execute=True):
        opinion, code = services.opinion_submit_online(
            station=station, category="urban", content="东门路灯不亮", name="李女士", phone="138 0000 1111"
        )
    [received] = outbox
    assert received.address == "13800001111" and code in received.text
    assert received.link == "https://rd.example.gov.cn/t"
    assert client.get("/t")["Location"] == reverse("liaison:opinion_track")
    assert len(f"{received.text} {received.link}") <= 70  # one message
    stored = Delivery.objects.get()
    assert stored.state == Delivery.State.SENT and stored.secret == "" and code not in stored.subject
    client.force_login(staff_user)
    assert code not in client.get(reverse("notifications:deliveries")).content.decode()

    department = DepartmentFactory(name="城管局")
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    item = services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2026, 12, 20))
    supervision.item_start_handling(item=item, by=contact)
    with django_capture_on_commit_callbacks(execute=True):
        supervision.item_reply(item=item, by=contact, category="B", content="已列入明年计划。")
    answered = [m for m in outbox if m.channel == "sms"][-1]
    assert answered.address == "13800001111" and "和平社区代表联络站" in answered.text and "已答复" in answered.text
    assert len(f"{answered.text} {answered.link}") <= 70
    assert "城管局" not in answered.text  # the answer itself is read on the tracking page


def test_an_answer_at_the_station_is_texted_and_no_phone_means_no_text(
    staff_user, outbox, django_capture_on_commit_callbacks
):
    station = StationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        opinion, _code = services.opinion_submit_online(station=station, content="垃圾清运不及时", phone="13900002222")
        services.opinion_resolve(opinion=opinion, by=staff_user, resolution="已协调街道每日清运。")
        landline, _code = services.opinion_submit_online(station=station, content="噪音", phone="0579-87123456")
        services.opinion_resolve(opinion=landline, by=staff_user, resolution="已处理。")
        silent, _code = services.opinion_submit_online(station=station, content="无电话")
    assert [m.address for m in outbox] == ["13900002222", "13900002222"]
    assert Delivery.objects.count() == 2

"""A citizen's 不满意 reaches staff: the item and the staff inbox show it, and staff reopen it."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from liaison import services
from liaison.models import Opinion
from notifications.models import Notification
from supervision import services as supervision
from supervision.models import ItemEvent, SupervisionItem
from tests.accounts.factories import UserFactory
from tests.helpers import refused
from tests.liaison.factories import StationFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(db, staff_user, time_machine):
    """An online opinion forwarded to a department, answered; the citizen holds the code."""
    time_machine.move_to(date(2026, 11, 26))
    station = StationFactory(name="和平社区代表联络站")
    opinion, code = services.opinion_submit_online(
        station=station, category="urban", content="东门路灯不亮", name="李女士", phone="13800001111"
    )
    department = DepartmentFactory(name="城管局")
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    item = services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2026, 12, 20))
    supervision.item_start_handling(item=item, by=contact)
    supervision.item_reply(item=item, by=contact, category="B", content="已列入明年计划。")
    return opinion, code, item, contact


def test_unsatisfied_tells_staff_and_shows_on_the_item(client, answered, staff_user):
    opinion, code, item, contact = answered
    client.post(reverse("liaison:opinion_feedback"), {"code": code, "rating": "unsatisfied", "comment": "等不了明年"})
    opinion.refresh_from_db()
    assert opinion.waits_for_reopening
    assert Notification.objects.filter(user=staff_user, title__contains="答复不满意").exists()
    event = ItemEvent.objects.get(item=item, action=ItemEvent.Action.CITIZEN_UNSATISFIED)
    assert event.note == "等不了明年" and event.actor is None
    client.force_login(contact)
    page = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()
    assert "群众对答复不满意" in page and "等不了明年" in page and "李女士" not in page

    client.force_login(staff_user)
    inbox = client.get(reverse("liaison:opinion_list"), {"unsatisfied": "on"})
    assert list(inbox.context["opinions"]) == [opinion]
    assert "群众不满意" in inbox.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "1 位群众对答复不满意" in home


def test_staff_reopen_the_item_and_the_citizen_rates_the_next_answer(client, answered, staff_user):
    opinion, code, item, contact = answered
    services.opinion_feedback(opinion=opinion, rating="unsatisfied", comment="等不了明年")
    client.force_login(staff_user)
    url = reverse("liaison:opinion_reopen", args=[opinion.pk])
    response = client.post(url, {"reason": "请今年内先临时修复", "deadline": ""})
    assert response.status_code == 400 and "请给出截止日期" in response.content.decode()
    response = client.post(url, {"reason": "请今年内先临时修复", "deadline": "2026-12-10"})
    assert response.status_code == 400 and "不能早于原办理期限" in response.content.decode()
    assert client.post(url, {"reason": "请今年内先临时修复", "deadline": "2026-12-28"}).status_code == 302
    item.refresh_from_db()
    opinion.refresh_from_db()
    assert item.state == SupervisionItem.State.HANDLING and item.round == 2 and not opinion.waits_for_reopening
    assert Notification.objects.filter(user=contact, title__startswith="新交办事项").count() == 1
    assert Notification.objects.filter(user=contact, event="second_round").count() == 1
    # Not answered again yet: the citizen waits; then rates the new answer.
    refused(lambda: services.opinion_feedback(opinion=opinion, rating="satisfied"), "答复后")
    supervision.item_reply(item=item, by=contact, category="A", content="已临时修复。")
    client.logout()
    status = client.post(reverse("liaison:opinion_track"), {"code": code})
    assert status.context["feedback_form"] is not None  # the page asks about the new answer
    services.opinion_feedback(opinion=opinion, rating="satisfied", comment="修好了")
    opinion.refresh_from_db()
    assert opinion.citizen_rating == "satisfied" and not opinion.waits_for_reopening
    refused(lambda: services.opinion_feedback(opinion=opinion, rating="satisfied"), "已经")


def test_a_station_answer_reopened_goes_back_to_the_station(client, staff_user, time_machine):
    time_machine.move_to(date(2026, 11, 26))
    opinion, _code = services.opinion_submit_online(station=StationFactory(), category="urban", content="噪音")
    services.opinion_resolve(opinion=opinion, by=staff_user, resolution="已解释政策")
    services.opinion_feedback(opinion=opinion, rating="unsatisfied", comment="没解决")
    services.opinion_reopen(opinion=opinion, by=staff_user, reason="再次协调")
    assert Opinion.objects.get(pk=opinion.pk).state == Opinion.State.ACCEPTED
    services.opinion_resolve(opinion=opinion, by=staff_user, resolution="已约谈施工单位，夜间停工")
    client.force_login(staff_user)
    page = client.get(opinion.get_absolute_url()).content.decode()
    # Nothing is lost: the first answer, why it was reopened, and the answer given again.
    assert "已解释政策" in page and "再次协调" in page and "已约谈施工单位，夜间停工" in page


def test_only_staff_reopen_and_only_what_the_citizen_rated_unsatisfied(answered, staff_user):
    opinion, _code, _item, contact = answered
    refused(lambda: services.opinion_reopen(opinion=opinion, by=staff_user, reason="x"), "只有群众对答复不满意")
    refused(lambda: services.opinion_feedback(opinion=opinion, rating="unsatisfied", comment=" "), "仍未解决")
    services.opinion_feedback(opinion=opinion, rating="unsatisfied", comment="还是不亮")
    refused(lambda: services.opinion_reopen(opinion=opinion, by=contact, reason="x"), "工作人员")

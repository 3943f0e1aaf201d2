"""主办 / 协办 / 会办: assisting and jointly handling departments send the lead department their part;
the lead's answer waits for them or says why not; each department reads only its own part."""

import pytest

from accounts import roles
from notifications.models import Notification
from supervision import services
from supervision.models import PartReply, SupervisionItem
from supervision.selectors import items_visible_to, parts_visible_to
from tests.accounts.factories import UserFactory
from tests.helpers import refused
from tests.supervision.factories import DepartmentFactory
from tests.supervision.pages import detail, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def helpers(world):
    """An assisting department (交通) and a jointly handling one (城管), each with its contact."""
    assisting, joint = DepartmentFactory(name="公安分局"), DepartmentFactory(name="城管局")
    assisting.contacts.add(UserFactory(username="police", roles=[roles.DEPARTMENT_CONTACT]))
    joint.contacts.add(UserFactory(username="urban", roles=[roles.DEPARTMENT_CONTACT]))
    return assisting, joint


def handed(world, assisting, joint) -> SupervisionItem:
    item = services.item_assign(
        item=world.submitted(),
        by=world.staff,
        lead_department=world.department,
        assisting_departments=[assisting],
        joint_departments=[joint],
        deadline=world.in_days(30),
    )
    return services.item_start_handling(item=item, by=world.contact)


def part(item, department, text="我们的意见"):
    return services.item_part_reply(item=item, by=department.contacts.get(), department=department, content=text)


def test_a_department_either_assists_or_handles_jointly(world, helpers):
    assisting, _joint = helpers
    error = refused(
        lambda: services.item_accept(
            item=world.submitted(),
            by=world.staff,
            lead_department=world.department,
            assisting_departments=[assisting],
            joint_departments=[assisting],
        ),
        "不能既是协办部门又是会办部门",
    )
    assert "joint_departments" in error.error_dict


def test_each_helper_sends_its_part_once_and_the_lead_is_told(world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    assert items_visible_to(assisting.contacts.get()).filter(pk=item.pk).exists()
    assert items_visible_to(joint.contacts.get()).filter(pk=item.pk).exists()
    part(item, assisting, "已安排警力疏导。")
    assert Notification.objects.filter(user=world.contact, title__contains="公安分局已就").exists()
    refused(lambda: part(item, assisting, "再报一次"), "已经报送过")
    refused(
        lambda: services.item_part_reply(item=item, by=world.other_contact, department=assisting, content="冒名"),
        "只有协办或会办部门的联系人",
    )
    refused(
        lambda: services.item_part_reply(
            item=item, by=world.other_contact, department=world.other_department, content="无关部门"
        ),
        "只有协办或会办部门的联系人",
    )
    assert PartReply.objects.filter(item=item).count() == 1


def test_the_lead_answers_once_every_part_is_in_or_says_why_not(world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    part(item, assisting)
    error = refused(
        lambda: services.item_reply(item=item, by=world.contact, category="A", content="答复"),
        "城管局尚未报送意见",
    )
    assert "missing_parts_note" in error.error_dict
    reply = services.item_reply(
        item=item, by=world.contact, category="A", content="答复", missing_parts_note="城管局已口头同意，书面意见后补。"
    )
    assert reply.missing_parts_note == "城管局已口头同意，书面意见后补。"


def test_with_every_part_in_no_note_is_asked(world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    part(item, assisting)
    part(item, joint)
    reply = services.item_reply(item=item, by=world.contact, category="B", content="答复", missing_parts_note="多余")
    assert reply.missing_parts_note == ""  # nothing was missing


def test_a_second_handling_asks_the_helpers_again(world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    part(item, assisting)
    part(item, joint)
    services.item_reply(item=item, by=world.contact, category="B", content="第一次答复")
    services.item_rate_by_deputy(item=item, by=world.deputy_user, rating="unsatisfied", comment="未说明时间表")
    item.refresh_from_db()
    assert item.round == 2
    refused(lambda: services.item_reply(item=item, by=world.contact, category="A", content="再答复"), "尚未报送")
    part(item, assisting, "第二轮意见")
    assert PartReply.objects.filter(item=item, department=assisting).count() == 2


def test_each_department_reads_only_its_own_part_the_lead_and_staff_all(world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    part(item, assisting, "公安意见")
    part(item, joint, "城管意见")
    item = SupervisionItem.objects.prefetch_related("parts").get(pk=item.pk)

    def texts(user):
        return sorted(p.content for p in parts_visible_to(user, item))

    assert texts(world.staff) == texts(world.contact) == ["公安意见", "城管意见"]
    assert texts(assisting.contacts.get()) == ["公安意见"]
    assert texts(joint.contacts.get()) == ["城管意见"]
    assert texts(world.deputy_user) == []


def test_the_pages_for_helpers_and_the_lead(client, world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    client.force_login(assisting.contacts.get())
    page = client.get(detail(item)).content.decode()
    assert "向牵头部门报送公安分局的意见" in page and "提交答复" not in page
    assert client.post(step(item, "part"), {"content": ""})["Location"] == f"{detail(item)}#part_form"
    response = client.post(step(item, "part"), {"content": "已安排警力。"})
    assert response.status_code == 302
    assert "已安排警力。" in client.get(detail(item)).content.decode()
    assert "向牵头部门报送" not in client.get(detail(item)).content.decode()  # sent: no form again

    client.force_login(joint.contacts.get())
    assert "已安排警力。" not in client.get(detail(item)).content.decode()

    client.force_login(world.contact)
    page = client.get(detail(item)).content.decode()
    assert "已安排警力。" in page and "等待城管局报送意见。" in page and "未收齐协办/会办意见即答复的原因" in page
    response = client.post(step(item, "reply"), {"content": "答复", "category": "A"}, follow=True)
    assert response.redirect_chain == [(f"{detail(item)}#reply_form", 302)]
    assert "城管局尚未报送意见" in response.content.decode()
    response = client.post(
        step(item, "reply"), {"content": "答复", "category": "A", "missing_parts_note": "城管局意见后补。"}
    )
    assert response.status_code == 302
    assert SupervisionItem.objects.get(pk=item.pk).state == SupervisionItem.State.REPLIED


def test_a_part_is_refused_once_the_item_is_answered(world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    services.item_reply(item=item, by=world.contact, category="A", content="答复", missing_parts_note="紧急答复")
    refused(lambda: part(item, assisting), "不在办理答复阶段")
    assert not PartReply.objects.exists()


def test_helpers_are_told_to_send_their_part_and_their_home_lists_what_they_owe(client, world, helpers):
    from django.urls import reverse

    assisting, joint = helpers
    item = handed(world, assisting, joint)
    police = assisting.contacts.get()
    told = Notification.objects.get(user=police, event="item_assigned")
    assert "请于" in told.title and world.department.name in told.title and "报送" in told.title
    lead_told = Notification.objects.get(user=world.contact, event="item_assigned")
    assert lead_told.title.startswith("新交办事项")
    client.force_login(police)
    assert client.get(reverse("home")).context["parts_owed"] == [item]
    part(item, assisting)
    assert client.get(reverse("home")).context["parts_owed"] == []
    # The lead deputy hears that it was handed over, to whom and by when.
    deputy_told = Notification.objects.filter(user=world.deputy_user, event="item_decided")
    assert deputy_told.filter(title__contains=world.department.name).exists()


def test_the_reason_for_answering_without_a_part_shows_on_the_item(client, world, helpers):
    assisting, joint = helpers
    item = handed(world, assisting, joint)
    part(item, assisting)
    services.item_reply(
        item=item, by=world.contact, content="答复", category="A", missing_parts_note="城管局逾期未报，先行答复"
    )
    client.force_login(world.staff)
    page = client.get(detail(item)).content.decode()
    assert "城管局逾期未报，先行答复" in page

"""Every channel against a provider on loopback that answers as the real one does: sent once,
retried with pauses when the provider is busy or down, given up when it refuses for good."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from notifications import services
from notifications.backends import locmem
from notifications.events import Event
from notifications.models import Delivery
from tests.accounts.factories import UserFactory
from tests.notifications.fake_providers import (
    BAD_NUMBER_SMS,
    SECRET,
    SERVER_ERROR,
    THROTTLED_SMS,
    WECOM_BUSY,
    WECOM_TOKEN_EXPIRED,
    FakeProvider,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with FakeProvider() as fake:
        settings.ALIYUN_SMS = {
            "endpoint": f"{fake.url}/sms/",
            "access_key_id": "test-key",
            "access_key_secret": SECRET,
            "sign_name": "人大工委",
            "template_code": "SMS_1",
        }
        settings.WECOM = {
            "robot_url": f"{fake.url}/cgi-bin/webhook/send?key=robot",
            "api": fake.url,
            "corp_id": "corp",
            "secret": "s",
            "agent_id": "1000002",
        }
        yield fake


@pytest.fixture
def real_backends(settings, provider):
    settings.NOTIFICATION_BACKENDS = {
        "email": "notifications.backends.email.EmailBackend",
        "sms": "notifications.backends.aliyun.AliyunSmsBackend",
        "wecom": "notifications.backends.wecom.WecomAppBackend",
    }
    return provider


@pytest.fixture
def person(db):
    return UserFactory(
        email="zhang@example.gov.cn", mobile="13800138000", wecom_userid="zhangsan", roles=[roles.DEPUTY]
    )


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """services.notify, and the sending queued after its commit (Celery runs eagerly here)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(**kwargs)

    return run


def later(time_machine, delivery):
    """Move to the delivery's next attempt."""
    delivery.refresh_from_db()
    time_machine.move_to(delivery.next_attempt_at + timedelta(seconds=1))


def test_a_text_that_fails_twice_then_succeeds_is_sent_once(
    real_backends, person, time_machine, django_capture_on_commit_callbacks
):
    provider = real_backends
    provider.on("/sms/", THROTTLED_SMS, SERVER_ERROR)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            user=person, key="k", title="新交办事项：修路", url="/supervision/items/1/", event=Event.ITEM_ASSIGNED
        )
    sms = notification.deliveries.get(channel="sms")
    assert sms.state == Delivery.State.PENDING and sms.attempts == 1 and "BUSINESS_LIMIT_CONTROL" in sms.last_error
    assert services.delivery_send(delivery_id=sms.pk) == "skipped"  # not before its pause
    later(time_machine, sms)
    assert services.delivery_send(delivery_id=sms.pk) == "retry"
    sms.refresh_from_db()
    assert sms.last_error == "HTTP 500"
    later(time_machine, sms)
    assert services.delivery_send(delivery_id=sms.pk) == "sent"
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert services.delivery_send(delivery_id=sms.pk) == "skipped" and services.due_deliveries() == []
    requests = provider.got("/sms/")
    assert len(requests) == 3  # two failures, one success, nothing after
    assert all(FakeProvider.signature_ok(r["query"]) for r in requests)
    assert {r["query"]["PhoneNumbers"] for r in requests} == {"13800138000"}
    sms.refresh_from_db()
    assert sms.state == Delivery.State.SENT and sms.provider_ref == "biz-1" and sms.attempts == 3
    # The other channels went at once: e-mail by Django's backend, WeCom as an app message.
    assert len(mail.outbox) == 1 and notification.deliveries.get(channel="email").state == Delivery.State.SENT
    assert provider.got("/cgi-bin/message/send")[0]["json"]["touser"] == "zhangsan"


def test_a_number_the_provider_refuses_is_given_up_and_staff_can_send_it_again(
    real_backends, person, staff_user, django_capture_on_commit_callbacks
):
    provider = real_backends
    provider.on("/sms/", BAD_NUMBER_SMS)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(user=person, key="k", title="提醒", event=Event.ITEM_ASSIGNED)
    sms = notification.deliveries.get(channel="sms")
    assert sms.state == Delivery.State.FAILED and "MOBILE_NUMBER_ILLEGAL" in sms.last_error
    assert services.due_deliveries() == []
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=sms, by=staff_user)
    sms.refresh_from_db()
    assert sms.state == Delivery.State.SENT and len(provider.got("/sms/")) == 2


def test_a_provider_that_never_answers_is_tried_until_the_last_attempt(
    notify, real_backends, person, time_machine, settings
):
    settings.ALIYUN_SMS = {**settings.ALIYUN_SMS, "endpoint": "http://127.0.0.1:9/sms/"}  # nothing listens
    notification = notify(user=person, key="k", title="提醒", event=Event.ITEM_ASSIGNED)
    sms = notification.deliveries.get(channel="sms")
    for _ in range(services.MAX_ATTEMPTS):
        later(time_machine, sms)
        services.delivery_send(delivery_id=sms.pk)
    sms.refresh_from_db()
    assert sms.state == Delivery.State.FAILED and sms.attempts == services.MAX_ATTEMPTS
    assert "ConnectionError" in sms.last_error


def test_wecom_app_fetches_its_token_once_and_again_when_it_expires(notify, real_backends, person, time_machine):
    provider = real_backends
    provider.on("/cgi-bin/message/send", WECOM_TOKEN_EXPIRED)
    first = notify(user=person, key="a", title="一", event=Event.ITEM_ASSIGNED).deliveries.get(channel="wecom")
    assert first.state == Delivery.State.PENDING and "42001" in first.last_error
    later(time_machine, first)
    assert services.delivery_send(delivery_id=first.pk) == "sent"
    second = notify(user=person, key="b", title="二", event=Event.ITEM_ASSIGNED)
    assert second.deliveries.get(channel="wecom").state == Delivery.State.SENT
    assert len(provider.got("/cgi-bin/gettoken")) == 2  # the expired one, then one for both sends
    assert [r["query"]["access_token"] for r in provider.got("/cgi-bin/message/send")] == ["token-1"] * 3


def test_wecom_robot_mentions_the_person_and_waits_when_busy(notify, real_backends, person, settings, time_machine):
    settings.NOTIFICATION_BACKENDS = {
        **settings.NOTIFICATION_BACKENDS,
        "wecom": "notifications.backends.wecom.WecomRobotBackend",
    }
    provider = real_backends
    provider.on("/cgi-bin/webhook/send", WECOM_BUSY)
    wecom = notify(user=person, key="k", title="新交办事项", url="/x/", event=Event.ITEM_ASSIGNED).deliveries.get(
        channel="wecom"
    )
    assert wecom.state == Delivery.State.PENDING
    later(time_machine, wecom)
    assert services.delivery_send(delivery_id=wecom.pk) == "sent"
    body = provider.got("/cgi-bin/webhook/send")[-1]["json"]
    assert body["text"]["mentioned_mobile_list"] == ["13800138000"] and "新交办事项" in body["text"]["content"]


def test_each_person_chooses_their_channels_over_staff_defaults(notify, person, staff_user, client):
    locmem.outbox.clear()
    services.channel_default_set(by=staff_user, event=Event.VOTE, channels={"sms"})
    notify(user=person, key="a", title="投票开始", event=Event.VOTE)
    assert [m.channel for m in locmem.outbox] == ["sms"] and not mail.outbox
    client.force_login(person)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "138****8000" in page and "zh***@example.gov.cn" not in page
    # a deputy's page lists a deputy's events, not staff's
    assert 'name="vote:sms"' in page and 'name="consultation:' not in page and 'name="item_assigned:' not in page
    client.post(reverse("notifications:settings"), {"vote:email": "on", "vote:wecom": "on"})
    notify(user=person, key="b", title="投票开始二", event=Event.VOTE)
    assert [m.channel for m in locmem.outbox] == ["sms", "wecom"] and len(mail.outbox) == 1
    assert services.channels_for(person, Event.VOTE) == {"email", "wecom"}


def test_a_channel_without_an_address_is_neither_ticked_nor_tickable(client, django_user_model):
    person = UserFactory(mobile="13800138001", email="", wecom_userid="", roles=[roles.DEPUTY])
    client.force_login(person)
    page = client.get(reverse("notifications:settings")).content.decode()
    box = re.search(r'<input[^>]*name="vote:email"[^>]*>', page).group(0)
    assert "disabled" in box and "checked" not in box
    assert "checked" in re.search(r'<input[^>]*name="vote:sms"[^>]*>', page).group(0)
    # saving keeps the e-mail choice for when an address is added
    client.post(reverse("notifications:settings"), {"vote:sms": "on"})
    assert services.channels_for(person, Event.VOTE) == {"sms", "email"}


def test_a_text_fits_one_message_and_its_short_link_opens_the_page_for_its_owner(notify, person, client, settings):
    settings.PORTAL_BASE_URL = "https://rd.example.gov.cn"
    locmem.outbox.clear()
    title = "新交办事项：“" + "关于解决芳草街道老旧小区加装电梯资金缺口的建议" * 3 + "”，请于2027-02-20前答复"
    notification = notify(user=person, key="k", title=title, url="/supervision/items/7/", event=Event.ITEM_ASSIGNED)
    sms = next(m for m in locmem.outbox if m.channel == "sms")
    assert len(f"{sms.text} {sms.link}") <= services.SMS_LENGTH
    # the quoted title is what is shortened: the deadline stays whole
    assert sms.text.startswith("新交办事项：“关于解决") and sms.text.endswith("…”，请于2027-02-20前答复")
    assert sms.link == f"https://rd.example.gov.cn/n/{notification.pk}"
    path = f"/n/{notification.pk}"
    assert client.get(path)["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.force_login(person)
    assert client.get(path)["Location"] == "/supervision/items/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_inactive_login_gets_the_bell_only(notify, person):
    person.is_active = False
    person.save()
    assert not notify(user=person, key="k", title="x", event=Event.ITEM_ASSIGNED).deliveries.exists()


def test_staff_see_what_was_sent_masked_and_what_failed(notify, client, staff_user, person, deputy_user):
    notify(user=person, key="k", title="提醒一", event=Event.ITEM_ASSIGNED)
    Delivery.objects.filter(channel="sms").update(state=Delivery.State.FAILED, last_error="isv.MOBILE_NUMBER_ILLEGAL")
    client.force_login(deputy_user)
    assert client.get(reverse("notifications:deliveries")).status_code == 403
    client.force_login(staff_user)
    page = client.get(reverse("notifications:deliveries"), {"state": "failed"})
    text = page.content.decode()
    assert page.context["paginator"].count == 1 and "138****8000" in text and "13800138000" not in text
    assert "isv.MOBILE_NUMBER_ILLEGAL" in text and "号码不是有效的手机号：请更正后重新发送" in text
    found = client.get(reverse("notifications:deliveries"), {"person": person.name[:2]})
    assert found.context["paginator"].count == Delivery.objects.filter(user=person).count() > 0
    assert client.get(reverse("notifications:deliveries"), {"person": "没有这个人"}).context["paginator"].count == 0
    assert client.get(reverse("notifications:deliveries"), {"person": "13800138000"}).context["paginator"].count == 0
    for bad in (
        {"state": "x"},
        {"channel": "<script>"},
        {"page": "9999"},
        {"page": "-1"},
        {"page": "abc"},
        {"channel[]": "x"},
    ):
        assert client.get(reverse("notifications:deliveries"), bad).status_code == 200


def test_staff_send_again_to_the_number_the_person_has_now(
    real_backends, person, staff_user, django_capture_on_commit_callbacks
):
    provider = real_backends
    provider.on("/sms/", BAD_NUMBER_SMS)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(user=person, key="k", title="提醒", event=Event.ITEM_ASSIGNED)
    sms = notification.deliveries.get(channel="sms")
    person.mobile = "13800138009"  # staff fix the wrong number
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=sms, by=staff_user)
    sms.refresh_from_db()
    assert sms.state == Delivery.State.SENT and sms.address == "13800138009"
    assert provider.got("/sms/")[-1]["query"]["PhoneNumbers"] == "13800138009"
    person.mobile = ""
    person.save()
    Delivery.objects.filter(pk=sms.pk).update(state=Delivery.State.FAILED)
    with pytest.raises(Exception, match="联系方式"):
        services.delivery_retry(delivery=sms, by=staff_user)


def test_a_long_or_multi_line_title_is_one_line_within_the_columns(notify, person):
    """An item's title of 200 characters with a newline: the bell, the e-mail's subject and the
    text all go out (a newline in a mail header would be refused)."""
    title = "关于“" + "加装电梯\r\nBcc: x@evil.example " * 12 + "”的建议"
    notification = notify(user=person, key="k", title=title, event=Event.ITEM_ASSIGNED)
    assert "\n" not in notification.title and len(notification.title) <= 200
    email = notification.deliveries.get(channel="email")
    assert email.state == Delivery.State.SENT and "\n" not in email.subject
    assert mail.outbox[-1].subject == email.subject and mail.outbox[-1].bcc == []


def test_one_backend_blowing_up_does_not_stop_the_sweep(person, settings, time_machine):
    """A backend raising something unexpected: that delivery waits and is retried; the others go."""
    Delivery.objects.create(key="a", channel="sms", address="13800138000", subject="a", text="a")
    Delivery.objects.create(key="b", channel="email", address="zhang@example.gov.cn", subject="b", text="b")
    settings.NOTIFICATION_BACKENDS = {
        **settings.NOTIFICATION_BACKENDS,
        "sms": "tests.notifications.test_channels.Broken",
    }
    from notifications.tasks import deliveries_sweep

    assert deliveries_sweep() == 1
    broken = Delivery.objects.get(key="a")
    assert broken.state == Delivery.State.PENDING and broken.attempts == 1 and "KeyError" in broken.last_error
    assert Delivery.objects.get(key="b").state == Delivery.State.SENT


class Broken:
    def send(self, message):
        raise KeyError("surprise")

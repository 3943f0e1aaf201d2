"""Reminders: due days decided in code (the 30th, February), once per person and period, e-mailed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from liaison import services as liaison
from livelihood import services as livelihood
from notifications import services
from notifications.models import Delivery, Notification
from supervision.models import ItemEvent
from tests.accounts.factories import UserFactory
from tests.beat import run_daily
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationMemberFactory
from tests.livelihood.factories import ClaimFactory, ProjectFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimer(db):
    user = UserFactory(email="claimer@example.gov.cn", roles=[roles.DEPUTY])
    deputy = DeputyFactory(user=user)

    def for_year(year):
        project = ProjectFactory(year=year, title=f"{year}年项目", department=DepartmentFactory(name="局"))
        ClaimFactory(project=project, role="deputy", person=deputy)
        return project

    return user, for_year


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2026, 11, 25), "first"),
        (date(2026, 11, 30), "due"),
        (date(2026, 11, 29), None),
        (date(2026, 12, 31), None),
        (date(2027, 2, 23), "first"),
        (date(2027, 2, 28), "due"),  # a common year's February
        (date(2028, 2, 24), "first"),
        (date(2028, 2, 29), "due"),  # a leap year's
    ],
)
def test_report_reminders_fall_before_and_on_the_due_day(claimer, time_machine, today, stage):
    user, for_year = claimer
    project = for_year(today.year)
    time_machine.move_to(today)
    run_daily()
    keys = list(Notification.objects.filter(user=user).values_list("key", flat=True))
    assert keys == ([f"report:{today:%Y-%m}:{project.pk}:{stage}"] if stage else [])


def test_a_reminder_exists_once_even_when_beat_fires_twice_and_is_emailed_once(
    claimer, time_machine, django_capture_on_commit_callbacks
):
    user, for_year = claimer
    for_year(2026)
    time_machine.move_to(date(2026, 11, 30))
    with django_capture_on_commit_callbacks(execute=True):
        first = run_daily()
        second = run_daily()
    assert first["reports"] == 1 and second["reports"] == 0
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1 and "2026-11-30" in mail.outbox[0].subject
    assert Notification.objects.get().deliveries.get(channel="email").state == Delivery.State.SENT


def test_no_reminder_once_the_report_is_in(claimer, time_machine):
    user, for_year = claimer
    project = for_year(2026)
    time_machine.move_to(date(2026, 11, 25))
    livelihood.report_submit(project=project, by=user, month=date(2026, 11, 1), progress=50, against_plan="on")
    run_daily()
    assert not Notification.objects.exists()


def test_the_day_before_a_shift_its_people_are_reminded(staff_user, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    station = StationFactory()
    user = UserFactory(roles=[roles.DEPUTY])
    StationMemberFactory(station=station, deputy=DeputyFactory(user=user))
    liaison.rota_generate(station=station, start=date(2026, 11, 23), end=date(2026, 12, 31), by=staff_user)
    time_machine.move_to(date(2026, 11, 24))  # Tuesday
    run_daily()
    run_daily()
    assert list(Notification.objects.filter(user=user).values_list("title", flat=True)) == [
        f"明天您在{station.name}接待群众"
    ]
    time_machine.move_to(
        date(2026, 9, 29)
    )  # the Tuesday before a National Day holiday Wednesday: no shift, no reminder
    assert run_daily()["shifts"] == 0


def test_month_end_tells_staff_the_consultation_packs_are_ready(staff_user, time_machine):
    time_machine.move_to(date(2026, 11, 29))
    assert run_daily()["consultations"] == 0
    time_machine.move_to(date(2026, 11, 30))
    run_daily()
    run_daily()
    assert Notification.objects.filter(user=staff_user, key="consultation:2026-11").count() == 1


def test_department_contacts_are_reminded_near_and_past_deadlines(world, time_machine):
    item = world.assigned()
    time_machine.move_to(item.deadline - timedelta(days=3))
    run_daily()
    time_machine.move_to(item.deadline + timedelta(days=1))
    run_daily()
    time_machine.move_to(item.deadline + timedelta(days=2))
    run_daily()
    keys = sorted(Notification.objects.filter(user=world.contact).values_list("key", flat=True))
    handed = ItemEvent.objects.get(item=item, action="assigned")
    # Told when it was handed over, then reminded once near the deadline and once past it.
    assert keys == [
        f"item:{item.pk}:1:near",
        f"item:{item.pk}:1:overdue",
        f"item:{item.pk}:event:{handed.pk}:{world.contact.pk}",
    ]
    assert not Notification.objects.filter(user=world.other_contact).exists()


def test_a_down_broker_does_not_break_the_page_and_the_sweep_sends_later(
    claimer, time_machine, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications import tasks

    user, for_year = claimer
    for_year(2026)
    time_machine.move_to(date(2026, 11, 30))

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.delivery_send, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    assert Notification.objects.count() == 1 and not mail.outbox
    assert tasks.deliveries_sweep() == 1 and len(mail.outbox) == 1
    assert tasks.deliveries_sweep() == 0


def test_the_bell_counts_unread_and_reading_follows_the_link(client, claimer):
    user, _for_year = claimer
    services.notify(user=user, key="k1", title="提醒一", url=reverse("livelihood:home"))
    services.notify(user=user, key="k2", title="提醒二")
    client.force_login(user)
    assert client.get(reverse("home")).context["unread_notifications"] == 2
    first = Notification.objects.get(key="k1")
    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response["Location"] == reverse("livelihood:home")
    assert client.get(reverse("home")).context["unread_notifications"] == 1
    client.post(reverse("notifications:read_all"))
    assert client.get(reverse("notifications:list")).context["unread_notifications"] == 0
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 404

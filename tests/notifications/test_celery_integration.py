"""Beat → worker → notification on a real Redis and PostgreSQL (never skipped under CI=true)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts import roles
from common.dates import previous_month
from liaison.models import ShiftAssignment
from monthly_statistics.models import MonthlyStatistics
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.beat import DAILY_TASKS
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import ReceptionShiftFactory, ShiftAssignmentFactory, StationFactory, StationMemberFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


needs_redis = pytest.mark.skipif(
    not redis_up() and os.environ.get("CI") != "true", reason="needs Redis at TEST_REDIS_URL (CI always has it)"
)


def celery_env() -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }


def start(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_portal", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env=celery_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> str:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
    return out.decode(errors="replace")


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def send_daily_tasks() -> None:
    """Through Redis, as beat sends them (this test process itself runs Celery eagerly)."""
    for task in DAILY_TASKS:
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "congress_portal", "call", task],
            cwd=ROOT,
            env=celery_env(),
            check=True,
            capture_output=True,
            timeout=60,
        )


@pytest.fixture
def clean_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()


def tomorrows_shift(n_people: int):
    """A shift tomorrow with ``n_people`` on duty, each with a login."""
    station = StationFactory()
    shift = ReceptionShiftFactory(station=station, date=timezone.localdate() + timedelta(days=1))
    users = []
    for _ in range(n_people):
        user = UserFactory(roles=[roles.DEPUTY])
        deputy = StationMemberFactory(station=station, deputy=DeputyFactory(user=user)).deputy
        ShiftAssignmentFactory(shift=shift, deputy=deputy)
        users.append(user)
    return users


@needs_redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_and_worker_deliver_each_reminder_exactly_once(clean_redis):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    users = tomorrows_shift(3)
    staff = UserFactory(roles=[roles.STAFF])
    PeriodicTask.objects.update(enabled=False)  # the 08:00 defaults stay out of the way
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    for task in DAILY_TASKS:
        PeriodicTask.objects.create(name=f"test: {task} every second", task=task, interval=every_second)
    worker, beat = (
        start("worker", "--pool=solo", "--without-heartbeat", "--without-gossip"),
        start("beat", "--max-interval=1"),
    )
    try:
        arrived = wait_for(lambda: Notification.objects.count() >= 4, 60)
        time.sleep(5)  # beat keeps firing every second; every run after the first must add nothing
    finally:
        beat_log, worker_log = stop(beat), stop(worker)
    runs = min(worker_log.count(f"{task}[") for task in DAILY_TASKS)
    assert arrived and runs >= 6, worker_log[-3000:] + beat_log[-2000:]  # received + succeeded per run
    for user in users:
        assert Notification.objects.filter(user=user).count() == 1
    # Last month's statistics report: made once (zone + the station), staff told once.
    last_month = previous_month(timezone.localdate())
    assert MonthlyStatistics.objects.filter(month=last_month, station=None).count() == 1
    assert MonthlyStatistics.objects.filter(month=last_month).count() == 2
    assert Notification.objects.get(user=staff).key == f"statistics:{last_month:%Y-%m}"
    assert Notification.objects.count() == 4


@needs_redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_task_leaves_no_duplicate_after_restart(clean_redis):
    """A worker killed mid-task, restarted, and the task run again (beat's next firing, or Redis
    handing back the unacknowledged message): every reminder exists once.

    To kill it mid-task for sure, a second connection holds (uncommitted) the key of the 150th
    reminder, so the task blocks there with half its reminders written; then the worker is killed.
    """
    import psycopg

    users = tomorrows_shift(300)
    order = list(ShiftAssignment.objects.select_related("deputy").order_by("shift__date", "deputy__name"))
    held = order[149]
    blocker = psycopg.connect(celery_env()["DATABASE_URL"])
    blocker.execute(
        "INSERT INTO notifications_notification (user_id, event, key, title, body, url, created_at)"
        " VALUES (%s, 'shift', %s, '', '', '', now())",
        [held.deputy.user_id, f"shift:{held.shift_id}:{held.deputy_id}"],
    )  # not committed: the task's insert of this key waits on it
    worker = start("worker", "--pool=prefork", "--concurrency=1", "--without-heartbeat", "--without-gossip")
    try:
        send_daily_tasks()
        blocked = wait_for(lambda: Notification.objects.count() >= 149, 60)
        time.sleep(1)
        done_before_kill = Notification.objects.count()
    finally:
        first_log = stop(worker, signal.SIGKILL)  # the whole worker, while its task waits mid-way
        blocker.rollback()
        blocker.close()
    assert blocked and done_before_kill == 149, f"{blocked=} {done_before_kill=}\n" + first_log[-1500:]
    worker = start("worker", "--pool=prefork", "--concurrency=1", "--without-heartbeat", "--without-gossip")
    try:
        send_daily_tasks()
        finished = wait_for(lambda: Notification.objects.count() >= len(users), 90)
        time.sleep(1)
    finally:
        second_log = stop(worker)
    assert finished, second_log[-3000:]
    assert Notification.objects.count() == len(users)
    assert MonthlyStatistics.objects.filter(station=None).count() == 1
    assert all(Notification.objects.filter(user=u).count() == 1 for u in users)


@needs_redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_sends_a_text_through_a_provider_that_fails_twice_exactly_once(clean_redis, monkeypatch):
    """A real worker and beat (the sweep every second) against Alibaba Cloud SMS on loopback, which
    is throttled, then down, then accepts: the text is sent once, though the sweep and the retries
    keep firing."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from notifications import services
    from notifications.events import Event
    from notifications.models import Delivery
    from tests.notifications.fake_providers import SECRET, SERVER_ERROR, THROTTLED_SMS, FakeProvider

    monkeypatch.setattr(services, "_enqueue", lambda *args, **kwargs: None)  # the worker's sweep sends it
    user = UserFactory(mobile="13800138000", roles=[roles.DEPUTY])
    services.channels_choose(user=user, choices={Event.ITEM_ASSIGNED: {"sms"}})
    services.notify(user=user, key="item:1", title="新交办事项：修路", url="/supervision/", event=Event.ITEM_ASSIGNED)
    delivery = Delivery.objects.get()
    PeriodicTask.objects.update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="test: sweep every second", task="notifications.tasks.deliveries_sweep", interval=every_second
    )
    with FakeProvider() as provider:
        provider.on("/sms/", THROTTLED_SMS, SERVER_ERROR)
        env = {
            "SMS_BACKEND": "notifications.backends.aliyun.AliyunSmsBackend",
            "ALIYUN_SMS_ENDPOINT": f"{provider.url}/sms/",
            "ALIYUN_SMS_ACCESS_KEY_ID": "test-key",
            "ALIYUN_SMS_ACCESS_KEY_SECRET": SECRET,
            "ALIYUN_SMS_SIGN_NAME": "人大工委",
            "ALIYUN_SMS_TEMPLATE_CODE": "SMS_1",
            "NOTIFICATION_RETRY_SECONDS": "1",
        }
        monkeypatch.setattr(os, "environ", {**os.environ, **env})
        worker = start("worker", "--pool=solo", "--without-heartbeat", "--without-gossip")
        beat = start("beat", "--max-interval=1")
        try:
            sent = wait_for(lambda: Delivery.objects.get(pk=delivery.pk).state == Delivery.State.SENT, 90)
            time.sleep(4)  # the sweep keeps firing every second: nothing more may be sent
        finally:
            beat_log, worker_log = stop(beat), stop(worker)
        requests = provider.got("/sms/")
    delivery.refresh_from_db()
    assert sent, worker_log[-3000:] + beat_log[-1500:]
    assert len(requests) == 3 and delivery.attempts == 3 and delivery.provider_ref == "biz-1"
    assert all(FakeProvider.signature_ok(r["query"]) for r in requests)

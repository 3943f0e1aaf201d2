"""Login throttling, the Content-Security-Policy, and the audit history staff read in the admin."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from livelihood.models import CardRating, Project
from supervision import services as supervision
from supervision.models import Department, SupervisionItem
from tests.accounts.factories import UserFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LOGIN = reverse("login")


def attempt(client, username, password, ip="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_that_account_from_that_address(client):
    UserFactory(username="daibiao", password="right-password-2026")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "daibiao", "guess")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    locked = attempt(client, "daibiao", "guess")
    assert locked.status_code == 429 and "密码错误次数过多" in locked.content.decode()
    # Locked: even the right password is refused from that address …
    assert attempt(client, "daibiao", "right-password-2026").status_code == 429
    assert "_auth_user_id" not in client.session
    # … but the account's owner at another address, and other accounts, still get in.
    assert attempt(client, "daibiao", "right-password-2026", ip="10.0.0.8").status_code == 302


def test_the_admin_login_is_throttled_too(client):
    UserFactory(username="gongzuo", password="right-password-2026", is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "gongzuo", "password": "guess"}, REMOTE_ADDR="10.0.0.9")
    assert (
        client.post(url, {"username": "gongzuo", "password": "right-password-2026"}, REMOTE_ADDR="10.0.0.9").status_code
        == 429
    )


def test_pages_carry_a_strict_content_security_policy(client):
    for url in (reverse("home"), reverse("liaison:station_public_list"), LOGIN):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)


def test_no_template_has_an_inline_script_style_or_handler():
    """What the policy forbids, the templates must not contain (the browser journeys check the rest)."""
    offenders = []
    templates = [p for p in ROOT.rglob("templates/**/*.html") if ".venv" not in p.parts]
    assert len(templates) > 40
    for path in templates:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, re.compile(r"<style\b", re.I), re.compile(r"\sstyle=", re.I),
                        re.compile(r"\son(click|load|change|submit|input)=", re.I)):  # fmt: skip
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern.pattern}")
    assert not offenders


# --- audit history ----------------------------------------------------------------------------


def test_a_departments_change_in_the_admin_is_kept_with_who_and_when(client, staff_user):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    department = DepartmentFactory(name="交通局")
    client.force_login(superuser)
    url = reverse("admin:supervision_department_change", args=[department.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "contacts"}
    data.update(name="交通运输局", kind=department.kind, is_active="on")
    assert client.post(url, data).status_code == 302
    latest = department.history.first()
    assert latest.name == "交通运输局" and latest.history_user == superuser and latest.history_type == "~"
    assert latest.diff_against(latest.prev_record).changed_fields == ["name"]
    page = client.get(reverse("admin:supervision_department_history", args=[department.pk])).content.decode()
    assert "交通运输局" in page


def test_item_steps_and_cards_taken_in_the_portal_record_the_person(client, world):
    item = supervision.item_create(created_by=world.deputy_user, title="建议", content="内容", lead_deputy=world.deputy,
                                   period="recess")  # fmt: skip
    item = supervision.item_submit(item=item, by=world.deputy_user)
    client.force_login(world.staff)
    client.post(
        reverse("supervision:item_assign", args=[item.pk]),
        {"lead_department": world.department.pk, "deadline": world.in_days(20), "supervising_leader": "李主任"},
    )
    latest = item.history.first()
    assert latest.state == SupervisionItem.State.ASSIGNED and latest.history_user == world.staff

    project = Project.objects.create(year=2026, title="项目", department=Department.objects.first())
    client.post(
        reverse("livelihood:project_manage", args=[project.pk]),
        {"action": "card", "year": 2026, "quarter": 4, "colour": "red", "reasons": "进度严重滞后。"},
    )
    card = CardRating.objects.get()
    assert card.history.get().history_user == world.staff


def test_only_staff_read_the_history(client, deputy_user, staff_user):
    department = DepartmentFactory(name="教育局")
    url = reverse("admin:supervision_department_history", args=[department.pk])
    client.force_login(deputy_user)
    assert client.get(url).status_code == 302  # the admin sends non-staff to its login
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_only_the_admin_allows_inline_styles_and_nowhere_inline_scripts(client, staff_user):
    client.force_login(staff_user)
    admin_policy = client.get(reverse("admin:index"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin_policy and "script-src 'self';" in admin_policy + ";"
    assert "unsafe-inline" not in client.get(reverse("home"))["Content-Security-Policy"]


def test_a_forged_forwarded_address_does_not_lift_the_lock(client):
    """Without a trusted proxy header configured, X-Forwarded-For is ignored: one address, one lock."""
    UserFactory(username="daibiao2", password="right-password-2026")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "daibiao2", "password": "guess"}, REMOTE_ADDR="10.0.0.7",
                    HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")  # fmt: skip
    response = client.post(LOGIN, {"username": "daibiao2", "password": "right-password-2026"},
                           REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="198.51.100.99")  # fmt: skip
    assert response.status_code == 429

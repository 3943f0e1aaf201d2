"""Login throttling, the Content-Security-Policy, the audit history staff read in the admin, and
what the review of issue 12 found: malformed and oversized requests, a dead Redis."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from liaison.models import Reception
from livelihood.models import CardRating
from supervision import services as supervision
from supervision.models import Department, SupervisionItem
from tests.accounts.factories import UserFactory
from tests.livelihood.factories import ProjectFactory
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
        for pattern in (
            INLINE_SCRIPT,
            re.compile(r"<style\b", re.I),
            re.compile(r"\sstyle=", re.I),
            re.compile(r"\son(click|load|change|submit|input)=", re.I),
        ):
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
    item = supervision.item_create(
        created_by=world.deputy_user, title="建议", content="内容", lead_deputy=world.deputy, period="recess"
    )
    item = supervision.item_submit(item=item, by=world.deputy_user)
    client.force_login(world.staff)
    client.post(
        reverse("supervision:item_assign", args=[item.pk]),
        {"lead_department": world.department.pk, "deadline": world.in_days(20), "supervising_leader": "李主任"},
    )
    latest = item.history.first()
    assert latest.state == SupervisionItem.State.ASSIGNED and latest.history_user == world.staff

    project = ProjectFactory(year=2026, title="项目", department=Department.objects.first())
    client.post(
        reverse("livelihood:card_give", args=[project.pk]),
        {"year": 2026, "quarter": 4, "colour": "red", "reasons": "进度严重滞后。"},
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
        client.post(
            LOGIN,
            {"username": "daibiao2", "password": "guess"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        LOGIN,
        {"username": "daibiao2", "password": "right-password-2026"},
        REMOTE_ADDR="10.0.0.7",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429


# --- issue 12: what an attacker found ------------------------------------------------------------


def test_the_audit_history_is_read_only_for_every_model_that_keeps_it(client, staff_user, world):
    """A vote's history page could restore its draft version: counted results 404, the vote 500."""
    from django.contrib import admin as django_admin
    from django.contrib.auth import get_user_model

    from common.admin import HistoryAdmin

    superuser = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(superuser)
    item = world.closed()
    version = item.history.order_by("history_date").first()  # the draft
    url = reverse("admin:supervision_supervisionitem_simple_history", args=[item.pk, version.history_id])
    assert client.get(url).status_code == 200  # readable …
    assert client.post(url, {"title": "改回草稿", "state": "draft"}).status_code == 403  # … never restored
    item.refresh_from_db()
    assert item.state == SupervisionItem.State.CLOSED
    with_history = [m for m, a in django_admin.site._registry.items() if hasattr(m, "history")]
    assert with_history and all(isinstance(django_admin.site._registry[m], HistoryAdmin) for m in with_history)


def test_a_username_longer_than_the_login_throttling_can_record_is_a_form_error(client):
    for url in (LOGIN, reverse("admin:login")):
        response = client.post(url, {"username": "a" * 300, "password": "x"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_nul_bytes_in_the_address_or_query_are_refused(client):
    assert client.get("/liaison/shifts/feed/abc%00def.ics").status_code == 400
    assert client.get(reverse("supervision:public_list"), {"q": "a\x00b"}).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/?year=abc",
        "/dashboard/?year=0",
        "/dashboard/?year=10000",
        "/supervision/departments/summary/?year=-5",
        "/livelihood/manage/?year=abc",
        "/projects/?year=99999",
    ],
)
def test_malformed_years_in_the_query_are_400(client, staff_user, url):
    client.force_login(staff_user)
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    "path", ["/deputies/1/report/0/", "/deputies/1/report/10000/", "/livelihood/satisfaction/0000/"]
)
def test_years_outside_the_records_in_the_address_are_404(client, staff_user, path):
    client.force_login(staff_user)
    assert client.get(path).status_code == 404


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, settings):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

    from django.test import RequestFactory

    from common.middleware import RequestBodyLimitMiddleware

    request = RequestFactory().post("/opinions/new/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(300 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    response = RequestBodyLimitMiddleware(lambda r: HttpResponse())(request)
    assert response.status_code == 413
    # The public form, which takes one photo, has a limit of its own (21 MB), and a long text is
    # refused at its field.
    response = client.post(
        reverse("liaison:opinion_create"), {"content": "x", "photo": io.BytesIO(b"\xff\xd8\xff" + b"0" * 22 * 2**20)}
    )
    assert response.status_code == 413
    response = client.post(reverse("liaison:opinion_create"), {"content": "意" * 70_000})
    assert response.status_code == 200 and "5000" in response.content.decode()


def test_a_forged_number_of_opinion_forms_is_refused_without_building_them(client, django_assert_num_queries):
    from tests.liaison.factories import StationMemberFactory

    member = StationMemberFactory(deputy__user=UserFactory(username="d100", roles=["人大代表"]))
    client.force_login(member.deputy.user)
    data = {
        "date": timezone.localdate().isoformat(),
        "station": member.station_id,
        "channel": "face_to_face",
        "category": "urban",
        "content": "x",
        "visitor_count": 1,
        "opinions-TOTAL_FORMS": "100000",
        "opinions-INITIAL_FORMS": "0",
        "opinions-MAX_NUM_FORMS": "20",
        **{f"opinions-{i}-content": f"意见{i}" for i in range(100)},
    }
    response = client.post(reverse("liaison:reception_create"), data)
    assert response.status_code == 200 and len(response.context["opinions"].forms) <= 20
    assert not Reception.objects.exists()


def test_public_pages_are_cached_per_parameter_they_read_not_per_query_string(client):
    from common import caching

    for n in range(300):
        assert client.get(reverse("liaison:station_public_list"), {f"junk{n}": "x" * 50}).status_code == 200
    assert len(caching._pages) == 1


def test_the_public_form_and_tracking_work_with_redis_down(client, settings):
    """Redis unreachable: the opinion form, the tracking and the rate limit degrade, never 500."""
    from django.core.cache import caches

    from tests.liaison.factories import StationFactory

    # Nothing listens on port 1; changing CACHES makes Django build the cache anew.
    settings.CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    assert caches["default"].__class__.__name__ == "ResilientRedisCache"
    station = StationFactory()
    form = {"station": station.pk, "category": "urban", "content": "路灯坏了"}
    statuses = [
        client.post(reverse("liaison:opinion_create"), form, REMOTE_ADDR="10.1.1.1").status_code for _ in range(31)
    ]
    assert statuses == [302] * 30 + [429]  # the rate limit still holds, per web process
    code = client.session["opinion_code"]
    assert client.post(reverse("liaison:opinion_track"), {"code": code}).status_code == 200

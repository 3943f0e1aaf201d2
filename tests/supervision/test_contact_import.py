"""Departments' contacts from Excel: each row opens a login with the role, in its department; a
file with any bad row imports nothing; staff then hand over one-time passwords."""

import re

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from accounts import roles
from notifications.backends import locmem
from supervision.resources import DepartmentContactResource
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
HEADERS = ["单位", "姓名", "手机", "邮箱"]


def run(*rows, dry_run=False):
    with translation.override("zh-hans"):
        return DepartmentContactResource().import_data(
            tablib.Dataset(*rows, headers=HEADERS), dry_run=dry_run, raise_errors=False
        )


def test_contacts_open_logins_in_their_departments_and_get_a_one_time_password(
    client, staff_user, django_capture_on_commit_callbacks
):
    roads = DepartmentFactory(name="交通运输局")
    result = run(
        ["交通运输局", "赵科长", 13700000001, "zhao@example.gov.cn"], ["交通运输局", "钱科员", "13700000002", ""]
    )
    assert not result.has_errors() and not result.has_validation_errors()
    zhao = get_user_model().objects.get(username="13700000001")
    assert zhao.name == "赵科长" and zhao.has_role(roles.DEPARTMENT_CONTACT) and zhao.must_change_password
    assert not zhao.has_usable_password() and set(roads.contacts.all()) == set(
        get_user_model().objects.filter(mobile__startswith="1370")
    )
    run(["交通运输局", "赵处长", 13700000001, ""])  # by mobile: updates, adds no one
    zhao.refresh_from_db()
    assert zhao.name == "赵处长" and roads.contacts.count() == 2
    locmem.outbox.clear()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:supervision_departmentcontact_changelist"),
            {"action": "text_one_time_passwords", "_selected_action": [zhao.pk]},
        )
    password = re.search(r"一次性密码([A-Za-z0-9]{10})", locmem.outbox[0].text).group(1)
    client.logout()
    assert client.post(reverse("login"), {"username": "13700000001", "password": password}).status_code == 302


def test_a_file_with_a_bad_row_imports_nothing():
    DepartmentFactory(name="交通运输局")
    result = run(
        ["交通运输局", "赵科长", 13700000001, ""],
        ["不存在的局", "钱科员", "13700000002", ""],
        ["交通运输局", "", "", ""],
    )
    assert result.has_validation_errors()
    messages = " ".join(str(m) for row in result.invalid_rows for ms in row.error_dict.values() for m in ms)
    assert "不存在的局" in messages and "手机号码" in messages
    assert not get_user_model().objects.filter(mobile__startswith="1370").exists()


def test_staff_see_the_import_page(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("admin:supervision_departmentcontact_import")).status_code == 200


def test_a_row_never_touches_a_login_that_is_not_only_a_contact(staff_user, django_user_model):
    """A sheet whose mobile is a superuser's, staff's or a deputy's: refused at its row, and that
    login keeps its name, role and password."""
    DepartmentFactory(name="交通运输局")
    boss = django_user_model.objects.create_superuser("boss", password="x-Secret-123", mobile="13900000009")
    staff_user.mobile = "13900000008"
    staff_user.save()
    result = run(["交通运输局", "冒充者", "13900000009", ""], ["交通运输局", "冒充者", "１３９ ００００ ０００８", ""])
    assert result.has_validation_errors()
    messages = [str(m) for row in result.invalid_rows for m in row.error_dict.get("手机", [])]
    assert messages == ["另一个登录账号已使用这个手机号。"] * 2
    boss.refresh_from_db()
    assert boss.name == "" and boss.check_password("x-Secret-123") and not boss.has_role(roles.DEPARTMENT_CONTACT)


def test_the_same_mobile_twice_in_a_file_is_reported_at_the_second_row():
    DepartmentFactory(name="交通运输局")
    result = run(["交通运输局", "赵科长", "13700000001", ""], ["交通运输局", "钱科员", "137 0000 0001", ""])
    [row] = result.invalid_rows
    assert row.number == 3 and "文件的另一行" in str(row.error_dict["手机"][0])
    assert not get_user_model().objects.filter(mobile="13700000001").exists()


def test_staff_cannot_open_staff_logins_as_contacts(client, staff_user, django_user_model):
    """The contacts' page lists no staff login even if one has the contact role."""
    boss = django_user_model.objects.create_superuser("boss2", password="x-Secret-123", mobile="13900000007")
    boss.groups.add(Group.objects.get(name=roles.DEPARTMENT_CONTACT))
    client.force_login(staff_user)
    page = client.get(reverse("admin:supervision_departmentcontact_changelist"))
    assert "13900000007" not in page.content.decode()
    assert client.get(reverse("admin:supervision_departmentcontact_change", args=[boss.pk])).status_code in (302, 404)

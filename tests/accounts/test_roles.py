import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_the_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)


@pytest.mark.parametrize(
    "perm",
    [
        "deputies.add_deputy",
        "deputies.change_deputy",
        "deputies.change_deputygroup",
        "liaison.change_station",
        "liaison.add_subdistrict",
        "liaison.change_stationmember",
        "supervision.change_department",
        "accounts.add_user",
        "deputies.change_dutyrhythm",
        "deputies.add_dutyrhythm",
        "deputies.view_voterrating",
        "supervision.view_handover",
        "supervision.view_partreply",
    ],
)
def test_committee_staff_role_can_manage_the_registry(perm):
    user = UserFactory(is_staff=True, roles=[roles.STAFF])
    assert user.has_perm(perm)


def test_deputy_and_department_roles_get_no_admin_permissions():
    for role in (roles.DEPUTY, roles.COUNCIL_MEMBER, roles.DEPARTMENT_CONTACT, roles.STATION_MANAGER):
        assert not Group.objects.get(name=role).permissions.filter(codename__startswith="change_").exists()


def test_staff_can_open_the_registry_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    for name in (
        "deputies_deputy",
        "liaison_station",
        "liaison_subdistrict",
        "supervision_department",
        "deputies_deputygroup",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_a_deputy_cannot_open_the_admin(client, deputy_user):
    client.force_login(deputy_user)
    response = client.get(reverse("admin:deputies_deputy_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_cannot_edit_a_superuser_or_make_one(client, staff_user):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[superuser.pk]),
        {"username": "root", "is_superuser": "", "is_staff": ""},
    )
    assert response.status_code == 403
    other = UserFactory(username="someone")
    page = client.get(reverse("admin:accounts_user_change", args=[other.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()


def test_staff_cannot_delete_logins_only_deactivate_them(client, staff_user):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    other = UserFactory(username="someone")
    client.force_login(staff_user)
    for user in (superuser, other):
        response = client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
        assert response.status_code == 403
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [superuser.pk, other.pk], "post": "yes"},
    )
    assert User.objects.filter(pk__in=[superuser.pk, other.pk]).count() == 2
    client.force_login(superuser)
    assert client.post(reverse("admin:accounts_user_delete", args=[other.pk]), {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=other.pk).exists()

"""The portal home: each role sees what waits for it, in Chinese, on a page of constant cost."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from deputies import rollups
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationMemberFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_public_home_is_in_chinese_and_offers_login(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "人大工委门户" in html
    assert reverse("login") in html


def test_an_english_browser_still_gets_chinese_until_the_visitor_switches(client):
    html = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-hans">' in html


def test_admin_is_chinese_too(client, staff_user):
    client.force_login(staff_user)
    html = client.get(reverse("admin:deputies_deputy_changelist"), headers={"accept-language": "en"}).content.decode()
    assert "代表和议政会成员" in html and "导入" in html


def test_language_switch_turns_the_page_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Congress work committee portal" in html


def test_every_page_has_the_language_switch(client, deputy_user):
    pages = [client.get(reverse("login"))]
    client.force_login(deputy_user)
    pages.append(client.get(reverse("home")))
    for page in pages:
        html = page.content.decode()
        assert reverse("set_language") in html
        assert 'value="en"' in html and 'value="zh-hans"' in html


def test_login_page_is_chinese_and_logs_a_deputy_in(client, deputy_user):
    page = client.get(reverse("login"))
    assert "登录" in page.content.decode()
    response = client.post(reverse("login"), {"username": "deputy1", "password": "pw-for-tests"}, follow=True)
    assert response.context["user"] == deputy_user
    assert "我的排班" in response.content.decode()


def test_wrong_password_gets_a_chinese_message(client, deputy_user):
    response = client.post(reverse("login"), {"username": "deputy1", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, deputy_user):
    client.force_login(deputy_user)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_deputy_home_shows_profile_station_and_waiting_work(client):
    user = UserFactory(roles=[roles.DEPUTY])
    member = StationMemberFactory(
        deputy=DeputyFactory(name="王代表", user=user), station=StationFactory(name="和平社区代表联络站")
    )
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "王代表" in html
    assert "和平社区代表联络站" in html and member.station.sub_district.name in html
    assert "区（县）级" in html
    assert "我的排班" in html and "待交报告" in html


def test_department_contact_home_shows_their_departments(client, department_user):
    department = DepartmentFactory(name="规划建设局")
    department.contacts.add(department_user)
    client.force_login(department_user)
    html = client.get(reverse("home")).content.decode()
    assert "规划建设局" in html
    assert "等待本科室答复" in html


def test_staff_home_shows_registry_totals(client, staff_user):
    DeputyFactory.create_batch(3)
    DeputyFactory(kind="council_member")
    DeputyFactory(is_active=False)
    client.force_login(staff_user)
    response = client.get(reverse("home"))
    assert response.context["totals"]["deputies"] == 3
    assert response.context["totals"]["council_members"] == 1
    assert reverse("admin:deputies_deputy_import") in response.content.decode()


def test_a_login_without_a_role_is_told_so(client):
    client.force_login(UserFactory())
    assert "还没有角色" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_deputy_home_query_count_does_not_grow_with_the_registry(client, django_assert_num_queries, rows):
    user = UserFactory(roles=[roles.DEPUTY])
    StationMemberFactory(deputy=DeputyFactory(user=user))
    StationMemberFactory.create_batch(rows)
    client.force_login(user)
    year = timezone.localdate().year
    rollups.refresh(date(year, 1, 1), date(year, 12, 31))  # the beat task has counted the changes
    with django_assert_num_queries(26):  # the 七个一 panel and the 六个一, each from its rollups
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_staff_home_query_count_does_not_grow_with_the_registry(client, staff_user, django_assert_num_queries, rows):
    StationMemberFactory.create_batch(rows)
    client.force_login(staff_user)
    with django_assert_num_queries(15):  # includes the bell's unread count
        assert client.get(reverse("home")).status_code == 200


def test_every_page_has_a_skip_link_and_the_bell_outside_the_folded_menu(client, deputy_user):
    client.force_login(deputy_user)
    page = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in page and 'id="main"' in page
    bell = page.index(reverse("notifications:list"))
    assert bell < page.index('id="portal-nav"')  # seen on a phone without opening the menu


def test_a_deputy_has_the_four_tasks_in_a_tab_bar_and_others_do_not(client, deputy_user, staff_user):
    """On a phone the tab bar stays at the foot of every page: shifts, receptions, projects, suggestions."""
    from django.urls import reverse

    client.force_login(deputy_user)
    page = client.get(reverse("liaison:my_shifts")).content.decode()
    bar = page.split('class="deputy-tabs', 1)[1].split("</nav>", 1)[0]
    for url in ("liaison:my_shifts", "liaison:reception_list", "livelihood:home", "supervision:item_list"):
        assert f'href="{reverse(url)}"' in bar
    assert bar.count('aria-current="page"') == 1
    assert f'href="{reverse("liaison:my_shifts")}" aria-current="page"' in bar
    assert "排班" in bar and "接待" in bar and "民生实事" in bar and "建议" in bar
    client.force_login(staff_user)
    assert "deputy-tabs" not in client.get(reverse("supervision:item_list")).content.decode()

"""Pickers of people search on the server: a page holds only the chosen names, whatever the count,
and each search answers only with the people that picker may name, to those who may use it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from supervision.forms import ItemForm
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.livelihood.factories import ProjectFactory
from tests.livelihood.test_vote import make_vote, voters

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return [row["text"] for row in response.json()["results"]]


def test_a_two_character_name_finds_its_people_with_their_post(client, staff_user):
    DeputyFactory(name="王建国", occupation="某街道社区书记")
    DeputyFactory(name="李建国", occupation="")
    DeputyFactory(name="王芳")
    DeputyFactory(name="建国离任", is_active=False)
    client.force_login(staff_user)
    found = names(client.get(reverse("supervision:deputy_search"), {"q": "建国"}))
    assert found == ["李建国", "王建国（某街道社区书记）"]


def test_at_most_twenty_answers_and_odd_queries_are_just_text(client, staff_user):
    for i in range(30):
        DeputyFactory(name=f"张{i:02d}")
    client.force_login(staff_user)
    url = reverse("supervision:deputy_search")
    assert len(names(client.get(url, {"q": "张"}))) == 20
    assert len(names(client.get(url))) == 20
    for odd in ("%", "_", "'; drop table", "x" * 500, "张\u202e"):
        assert client.get(url, {"q": odd}).status_code == 200
    assert client.get(url, {"q": "\x00"}).status_code == 400  # as on every page


def test_a_deputy_searches_co_signers_but_never_finds_themself(client, deputy_user):
    DeputyFactory(name="代表乙")
    client.force_login(deputy_user)
    assert names(client.get(reverse("supervision:deputy_search"), {"q": "代表"})) == ["代表乙"]


def test_who_may_not_name_people_is_refused(client):
    url = reverse("supervision:deputy_search")
    assert client.get(url, {"q": "代"}).status_code == 403  # not logged in: no list of names
    client.force_login(UserFactory(roles=[roles.DEPARTMENT_CONTACT]))
    assert client.get(url, {"q": "代"}).status_code == 403
    assert client.get(reverse("livelihood:people_search"), {"q": "代"}).status_code == 403


def test_the_seat_picker_is_for_staff_and_the_paper_voters_picker_holds_only_the_electorate(
    client, staff_user, deputy_user
):
    electors = voters(2)
    DeputyFactory(name="议政会成员甲", kind="council_member")  # not in this vote's electorate
    vote = make_vote(staff_user)
    client.force_login(deputy_user)
    assert client.get(reverse("livelihood:people_search")).status_code == 403
    assert client.get(reverse("livelihood:elector_search", args=[vote.pk])).status_code == 403
    client.force_login(staff_user)
    found = names(client.get(reverse("livelihood:elector_search", args=[vote.pk])))
    assert set(found) == {d.name for d in electors} | {deputy_user.deputy.name}
    assert "议政会成员甲" not in found
    assert "议政会成员甲" in names(client.get(reverse("livelihood:people_search"), {"q": "议政会"}))
    assert client.get(reverse("livelihood:elector_search", args=[999999])).status_code == 404


def test_pages_hold_only_the_chosen_names_and_their_queries_do_not_grow(client, staff_user):
    chosen = DeputyFactory(name="已选代表")
    others = [DeputyFactory(name=f"未选代表{i}") for i in range(40)]
    form = ItemForm(user=staff_user, initial={"co_signers": [chosen.pk]})
    html = str(form["co_signers"])
    assert "已选代表" in html and "未选代表" not in html
    assert f'data-search-url="{reverse("supervision:deputy_search")}"' in html
    project = ProjectFactory()
    client.force_login(staff_user)
    url = reverse("livelihood:project_manage", args=[project.pk])
    page = client.get(url).content.decode()
    assert "未选代表" not in page and "tom-select" in page
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    DeputyFactory.create_batch(40)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before) and len(others) == 40


def test_an_activitys_attendees_are_searched_among_the_stations_members_by_its_people(client, deputy_user, staff_user):
    from tests.liaison.factories import StationFactory, StationMemberFactory

    home, other = StationFactory(), StationFactory()
    StationMemberFactory(station=home, deputy=deputy_user.deputy)
    StationMemberFactory(station=home, deputy=DeputyFactory(name="本站张三"))
    StationMemberFactory(station=other, deputy=DeputyFactory(name="外站代表"))
    url = reverse("liaison:member_search", args=[home.pk])
    client.force_login(deputy_user)
    assert set(names(client.get(url))) == {
        "本站张三",
        deputy_user.deputy.name,
    }
    assert "外站代表" not in names(client.get(url))
    assert client.get(reverse("liaison:member_search", args=[other.pk])).status_code == 404  # not their station
    page = client.get(reverse("liaison:activity_create", args=[home.pk])).content.decode()
    assert "本站张三" not in page and f'data-search-url="{url}"' in page
    client.force_login(staff_user)
    assert set(names(client.get(url))) == {"本站张三", deputy_user.deputy.name}


@pytest.mark.parametrize("odd", ["²", "١٢", "①", "9" * 30, "abc"])
def test_a_forged_choice_is_refused_at_its_field_never_a_500(client, deputy_user, odd):
    client.force_login(deputy_user)
    response = client.post(reverse("supervision:item_create"), {"title": "", "content": "c", "co_signers": odd})
    assert response.status_code in (200, 400) and "co_signers" in response.context["form"].errors


def test_searches_are_limited_per_login(client, staff_user, settings):
    """Enough for typing names, not for listing everyone by script (PICKER_SEARCHES_PER_HOUR)."""
    settings.PICKER_SEARCHES_PER_HOUR = "3/h"
    client.force_login(staff_user)
    url = reverse("supervision:deputy_search")
    assert [client.get(url, {"q": "张"}).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get(url, {"q": "李"})
    assert refused.json()["results"] == [] and "搜索太频繁" in refused.json()["error"]
    # one budget across every picker: another picker does not start a fresh count
    assert client.get(reverse("livelihood:people_search"), {"q": "张"}).status_code == 429
    client.force_login(UserFactory(is_staff=True, roles=[roles.STAFF]))
    assert client.get(url, {"q": "张"}).status_code == 200  # another login is not held back


def test_a_search_without_a_login_is_refused_in_json(client):
    refused = client.get(reverse("supervision:deputy_search"), {"q": "张"})
    assert refused.status_code == 403 and refused["Content-Type"] == "application/json"
    assert refused.json()["results"] == [] and refused.json()["error"]

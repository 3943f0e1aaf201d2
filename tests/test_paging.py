"""Long staff lists count at most CAP rows (common/paging.py): the page opens at once over millions
of records, says "more than", and asks for a narrower search instead of a 400,000th page."""

from datetime import date

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.paging import CappedPaginator
from liaison.models import Reception
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import ReceptionFactory, StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def receptions():
    station, deputy = StationFactory(), DeputyFactory()
    return [ReceptionFactory(station=station, logged_by=deputy, date=date(2026, 3, d)) for d in range(1, 9)]


def test_the_count_stops_after_the_cap_in_the_database(receptions, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    paginator = CappedPaginator(Reception.objects.order_by("-date"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5 and paginator.capped and paginator.num_pages == 3
    assert "LIMIT 6" in queries[0]["sql"]  # the database stops counting there
    assert [r.date.day for r in paginator.page(3)] == [4]  # the newest five, no more
    with pytest.raises(EmptyPage):
        paginator.page(4)
    exact = CappedPaginator(Reception.objects.all(), 2)
    exact.cap = 100
    assert exact.count == 8 and not exact.capped  # under the cap: the true count


def test_a_long_reception_list_says_more_than_and_how_to_see_the_rest(client, staff_user, receptions, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    client.force_login(staff_user)
    url = reverse("liaison:reception_list")
    response = client.get(url)
    page = response.content.decode()
    assert len(response.context["receptions"]) == 5 and "列表只显示最新的 5 条" in page
    assert client.get(url, {"page": 99}).status_code == 404


def test_a_short_list_still_says_exactly_how_many(client, staff_user, receptions):
    client.force_login(staff_user)
    page = client.get(reverse("supervision:item_list")).content.decode()
    assert "超过" not in page and "列表只显示最新的" not in page

"""Fuzzing the two forms that take the most free input — the public opinion form and the deputy's
reception form: whatever is posted, the answer is a page with field errors (200) or a redirect after
saving, never a 500, and an invalid post saves nothing."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import roles
from liaison.models import Category, Opinion, Reception
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationMemberFactory

pytestmark = pytest.mark.django_db
# Sixty examples in CI; a quick dozen on a developer's machine.
FUZZ = settings(
    max_examples=60 if os.environ.get("CI") == "true" else 12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "😀" * 50, "9" * 40, "-1"]),
)
number_like = st.one_of(text, st.integers(min_value=-(2**63), max_value=2**63).map(str))
date_like = st.one_of(text, st.dates().map(str), st.sampled_from(["2026-02-30", "2026-11-18", "0000-00-00"]))


@pytest.fixture
def station(db):
    return StationFactory()


@FUZZ
@given(
    station_value=st.one_of(st.none(), number_like),
    category=st.one_of(text, st.sampled_from(Category.values)),
    content=st.one_of(text, st.just("小区路灯坏了")),
    name=text,
    phone=number_like,
    website=st.sampled_from(["", "http://spam"]),
)
def test_the_public_opinion_form_never_fails(client, station, station_value, category, content, name, phone, website):
    cache.clear()  # the per-address limit is tested elsewhere; here every post is heard
    data = {
        "station": station.pk if station_value is None else station_value,
        "category": category,
        "content": content,
        "citizen_name": name,
        "citizen_phone": phone,
        "website": website,
    }
    before = Opinion.objects.count()
    response = client.post(reverse("liaison:opinion_create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Opinion.objects.count() == before
        assert b"invalid-feedback" in response.content or b"alert-danger" in response.content


@FUZZ
@given(station_value=st.one_of(st.just("ok"), number_like), content=st.one_of(st.just("ok"), text))
def test_a_valid_public_opinion_is_saved_once(client, station, station_value, content):
    cache.clear()
    real = station_value == "ok" and content == "ok"
    data = {
        "station": station.pk if station_value == "ok" else station_value,
        "category": "other",
        "content": "路灯坏了" if content == "ok" else content,
    }
    before = Opinion.objects.count()
    response = client.post(reverse("liaison:opinion_create"), data)
    assert response.status_code in (200, 302)
    assert Opinion.objects.count() == before + (response.status_code == 302)
    if real:
        assert response.status_code == 302


@pytest.fixture
def deputy_client(client, station):
    user = UserFactory(roles=[roles.DEPUTY])
    StationMemberFactory(station=station, deputy=DeputyFactory(user=user))
    client.force_login(user)
    return client


@FUZZ
@given(
    day=date_like,
    station_value=st.one_of(st.none(), number_like),
    channel=text,
    category=text,
    content=text,
    action=text,
    name=text,
    phone=number_like,
    count=number_like,
    total=st.sampled_from(["0", "1", "2", "x", "-1", "1000"]),
    line=text,
)
def test_the_reception_form_never_fails(
    deputy_client, station, day, station_value, channel, category, content, action, name, phone, count, total, line
):
    data = {
        "date": day,
        "station": station.pk if station_value is None else station_value,
        "channel": channel,
        "category": category,
        "content": content,
        "action_taken": action,
        "visitor_name": name,
        "visitor_phone": phone,
        "visitor_count": count,
        "opinions-TOTAL_FORMS": total,
        "opinions-INITIAL_FORMS": "0",
        "opinions-0-content": line,
        "opinions-0-category": category,
    }
    receptions, opinions = Reception.objects.count(), Opinion.objects.count()
    response = deputy_client.post(reverse("liaison:reception_create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (Reception.objects.count(), Opinion.objects.count()) == (receptions, opinions)

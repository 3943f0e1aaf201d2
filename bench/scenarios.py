"""Named benchmark scenarios. Each later feature adds its own here with ``@scenario``.

A scenario function takes the Django test client and returns ``(run, rows)``: ``run`` is called
repeatedly and timed, ``rows`` is the size of the data it works over (shown in the table).
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.urls import reverse

from deputies.models import Deputy

SCENARIOS: dict[str, Callable] = {}


def scenario(name: str):
    def register(func):
        SCENARIOS[name] = func
        return func

    return register


def _get(client, url: str, **params):
    def run():
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)

    return run


@scenario("home: deputy")
def home_for_deputy(client):
    client.force_login(get_user_model().objects.get(username="deputy"))
    return _get(client, reverse("home")), Deputy.objects.count()


@scenario("home: staff")
def home_for_staff(client):
    client.force_login(get_user_model().objects.get(username="staff"))
    return _get(client, reverse("home")), Deputy.objects.count()


@scenario("admin: deputy list")
def admin_deputy_list(client):
    client.force_login(get_user_model().objects.get(username="staff"))
    return _get(client, reverse("admin:deputies_deputy_changelist")), Deputy.objects.count()


@scenario("admin: deputy search")
def admin_deputy_search(client):
    client.force_login(get_user_model().objects.get(username="staff"))
    return _get(client, reverse("admin:deputies_deputy_changelist"), q="王"), Deputy.objects.count()

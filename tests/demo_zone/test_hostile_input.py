"""Every portal page answers 4xx, never 5xx, to malformed input — for every role.

The walk: each URL of the permission matrix, as each role, with malformed query parameters (years,
pages, dates, ids, NUL bytes, over-long strings), malformed ids in the path, and posts of every
form field the page shows filled with hostile values.
"""

import os
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.demo_zone.test_permissions import MATRIX, demo  # noqa: F401  (the demo fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NUL = "\x00"
LONG = "长" * 5000
BAD_VALUES = [
    "abc",
    "0",
    "-5",
    "10000",
    "99999999999999999999",
    "2026-13-45",
    "9999-12-01",
    NUL,
    f"x{NUL}y",
    LONG,
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
]
PARAMS = ["year", "page", "start", "end", "station", "state", "q", "deputy", "month", "format", "created_min"]
# Locally a sample keeps the suite quick; CI walks them all.
FULL = os.environ.get("CI") == "true"
ROLES = ("anon", "deputy", "dept", "staff") if FULL else ("deputy", "staff")


class Inputs(HTMLParser):
    """The names of the fields of the page's POST forms, with their form's action."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action") or "", set()))
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            if attrs["name"] != "csrfmiddlewaretoken":
                self.forms[-1][1].add(attrs["name"])


def urls(context) -> list[str]:
    return [reverse(name, kwargs=kwargs(context)) for name, (kwargs, _codes) in MATRIX.items() if name != "logout"]


def login(client, users, role):
    client.logout()
    if users[role]:
        client.force_login(users[role])


def test_malformed_query_parameters_never_answer_5xx(client, demo):  # noqa: F811
    """Every parameter a page might read at once with each hostile value, then each parameter
    alone (so a page that refuses one parameter cannot hide what another does)."""
    users, context = demo
    failures = []
    together = BAD_VALUES if FULL else [NUL, "99999999999999999999"]
    alone = ["abc", NUL, "99999999999999999999"] if FULL else []
    for role in ROLES:
        login(client, users, role)
        for url in urls(context):
            requests = [dict.fromkeys(PARAMS, value) for value in together]
            if role in ("deputy", "staff"):
                requests += [{param: value} for param in PARAMS for value in alone]
            for query in requests:
                status = client.get(url, query).status_code
                if status >= 500:
                    failures.append(f"{role} GET {url}?{str(query)[:80]}: {status}")
    assert not failures, "\n".join(failures[:50])


def test_malformed_ids_in_the_address_are_404(client, demo):  # noqa: F811
    users, context = demo
    login(client, users, "staff")
    failures = []
    for url in urls(context):
        for bad in ("99999999999999999999", "999999999999999999", "0"):
            mangled = re.sub(r"/\d+/", f"/{bad}/", url, count=1)
            if mangled == url:
                continue
            status = client.get(mangled).status_code
            if status >= 500:
                failures.append(f"GET {mangled}: {status}")
        status = client.get(url.rstrip("/") + "%00/").status_code
        if status >= 500:
            failures.append(f"GET {url}%00: {status}")
    assert not failures, "\n".join(failures)


def test_hostile_posts_to_every_form_never_answer_5xx(client, demo):  # noqa: F811
    users, context = demo
    failures = []
    values = BAD_VALUES if FULL else [NUL, "99999999999999999999"]
    for role in ROLES:
        login(client, users, role)
        for url in urls(context):
            page = client.get(url)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            parser = Inputs()
            parser.feed(page.content.decode())
            for action, names in parser.forms:
                target = action or url
                if not target.startswith("/") or "logout" in target or "setlang" in target:
                    continue
                for value in values:
                    status = client.post(target, {name: value for name in names}).status_code
                    if status >= 500:
                        failures.append(f"{role} POST {target} all fields={value[:20]!r}: {status}")
                login(client, users, role)  # a post may have changed the session's state
    assert not failures, "\n".join(failures[:50])

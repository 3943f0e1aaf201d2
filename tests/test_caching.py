"""Public pages are served whole from a copy to anonymous visitors only, and a change shows at once,
in every web process."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from common import caching
from livelihood.models import Project
from tests.livelihood.factories import ProjectFactory
from tests.notifications.test_celery_integration import REDIS_URL, ROOT, needs_redis
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_copy_signed_in_people_their_own_page(client, staff_user):
    project = ProjectFactory(year=2026, title="旧标题", department=DepartmentFactory())
    url = reverse("livelihood:project_public", args=[project.pk])
    first = client.get(url)
    assert "旧标题" in first.content.decode() and not first.cookies  # nothing personal, no cookie
    Project.objects.filter(pk=project.pk).update(title="新标题")
    assert "旧标题" in client.get(url).content.decode()  # the copy, within the minute
    assert client.get(url)["Content-Security-Policy"]  # headers are still added to a copy
    client.cookies["django_language"] = "en"
    assert '<html lang="en"' in client.get(url).content.decode()  # one copy per language
    del client.cookies["django_language"]
    client.force_login(staff_user)
    page = client.get(url).content.decode()
    assert staff_user.name in page and "退出" in page  # signed in: their own menu, never the copy


def test_a_change_made_while_redis_is_down_shows_at_once(client, settings):
    """Without the shared cache no process can tell the others of a change: nothing is cached."""
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    assert caches["default"].__class__.__name__ == "ResilientRedisCache"
    project = ProjectFactory(year=2026, title="旧标题", department=DepartmentFactory())
    url = reverse("livelihood:project_public", args=[project.pk])
    assert "旧标题" in client.get(url).content.decode()
    # As another web process would change it: the write reaches the database, not this process.
    Project.objects.filter(pk=project.pk).update(title="新标题")
    assert "新标题" in client.get(url).content.decode()
    assert not caching._pages


def test_generations_gone_back_in_time_do_not_bring_back_an_old_copy(client):
    """Redis restored from a snapshot taken before a change holds the old generation again: a
    process must not match the copy it kept from before the change."""
    project = ProjectFactory(year=2026, title="旧标题", department=DepartmentFactory())
    url = reverse("livelihood:project_public", args=[project.pk])
    key = caching._generation_key("projects")
    before = cache.get(key)
    assert "旧标题" in client.get(url).content.decode()  # kept under the generation `before`
    project.title = "新标题"
    project.save()  # bumps the generation
    assert "新标题" in client.get(url).content.decode()
    cache.set(key, before, None)  # the snapshot comes back
    caching._announced.add("projects")  # as the restarted Redis's new subscription does
    assert "新标题" in client.get(url).content.decode()
    assert int(cache.get(key)) > int(before or 0)  # bumped anew, for every process


CHANGE_IN_ANOTHER_PROCESS = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "congress_portal.settings.test"
from django.conf import settings
settings.CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": sys.argv[1]}}
django.setup()
from livelihood.models import Project
project = Project.objects.get(pk=int(sys.argv[2]))
project.title = "新标题"
project.save()
"""


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_change_in_another_web_process_shows_at_once(client, settings):
    """Two processes on the real Redis: one serves its own copy without a round trip, the other
    changes the project, and the very next request to the first shows the change."""
    settings.CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    caching.clear()
    project = ProjectFactory(year=2026, title="旧标题", department=DepartmentFactory())
    url = reverse("livelihood:project_public", args=[project.pk])
    assert "旧标题" in client.get(url).content.decode()
    reads = []
    real = cache.get_many
    cache.get_many = lambda *args, **kwargs: reads.append(args) or real(*args, **kwargs)
    try:
        assert "旧标题" in client.get(url).content.decode()
        assert not reads  # the copy was served on what this process already knew: no Redis read
        db = connection.settings_dict
        subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CHANGE_IN_ANOTHER_PROCESS), REDIS_URL, str(project.pk)],
            env={
                **os.environ,
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            },
            cwd=ROOT,
            check=True,
            timeout=60,
        )
        assert "新标题" in client.get(url).content.decode()  # at once, not "within a second"
        assert len(reads) == 1  # the announced tag was read again, once
    finally:
        cache.get_many = real
        caching.clear()


def test_one_page_number_written_many_ways_is_one_copy(client):
    """?page=1, 01, +1 and " 1" are the same page: they must not each fill the cache."""
    from tests.liaison.factories import StationFactory

    StationFactory()
    url = reverse("liaison:station_public_list")
    for page in ("1", "01", "001", "+1", " 1"):
        assert client.get(url, {"page": page}).status_code == 200
    assert len(caching._pages) == 1


def test_a_kept_page_is_served_before_the_session_and_sign_in_middleware(client, monkeypatch):
    """An anonymous visitor's second request gets the whole response the first one made (its
    CSP and other headers too) without the session, authentication or CSRF middleware running;
    a change still shows at once, a language cookie gets its own copy, any other cookie the page
    rendered through the whole stack."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    project = ProjectFactory(year=2026, title="旧标题", department=DepartmentFactory())
    url = reverse("livelihood:project_public", args=[project.pk])
    first = client.get(url)
    calls = []
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", lambda self, request: calls.append(request))
    monkeypatch.setattr(SessionMiddleware, "process_request", lambda self, request: calls.append(request))
    kept = client.get(url)
    assert not calls and kept.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Content-Type"):
        assert kept[header] == first[header]
    assert client.get(url, headers={"host": "evil.example"}).status_code == 400
    monkeypatch.undo()
    project.title = "新标题"
    project.save()
    assert "新标题" in client.get(url).content.decode()  # a new generation: a new key at once
    assert "新标题" in client.get(url).content.decode()  # and that one kept
    client.cookies["django_language"] = "en"
    client.get(url)
    assert '<html lang="en"' in client.get(url).content.decode()
    del client.cookies["django_language"]
    client.cookies["messages"] = "anything"
    real = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware, "process_request", lambda self, request: calls.append(request) or real(self, request)
    )
    assert "新标题" in client.get(url).content.decode()
    assert calls  # the whole stack ran

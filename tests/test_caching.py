"""Public pages are served whole from a copy at most a minute old, to anonymous visitors only."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from common import caching
from livelihood.models import Project
from tests.livelihood.factories import ProjectFactory
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
    caching._generations["projects"] = (0.0, caching._generations["projects"][1])  # time to re-read
    assert "新标题" in client.get(url).content.decode()
    assert int(cache.get(key)) > int(before or 0)  # bumped anew, for every process

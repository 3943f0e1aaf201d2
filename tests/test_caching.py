"""Public pages are served whole from a copy at most a minute old, to anonymous visitors only."""

import pytest
from django.urls import reverse

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

"""一档 kept by the station: its managers (站点管理员) write entries, images and yearly summaries in the
portal; its deputies read them; nobody else sees them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from liaison import services
from liaison.models import ArchiveEntry, ArchiveFile
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.helpers import refused
from tests.liaison.factories import StationFactory, StationMemberFactory

pytestmark = pytest.mark.django_db


def png(name):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")


@pytest.fixture
def station(db):
    station = StationFactory(name="科创街道人大代表之家")
    manager = UserFactory(username="keeper", roles=[roles.STATION_MANAGER])
    station.managers.add(manager)
    return station, manager


def test_the_manager_writes_an_entry_with_images_in_the_portal(client, station):
    station, manager = station
    client.force_login(manager)
    assert "我负责一档资料的站点" in client.get(reverse("home")).content.decode()
    url = reverse("liaison:archive_entry_create", args=[station.pk])
    response = client.post(
        url, {"section": "summary", "year": "", "title": "2026年工作总结", "body": "全年接待群众 120 人次。"}
    )
    assert response.status_code == 400 and "年度总结请填写年份" in response.content.decode()
    response = client.post(
        url,
        {
            "section": "summary",
            "year": "2026",
            "title": "2026年工作总结",
            "body": "全年接待群众 120 人次。",
            "files": [png("现场.png")],
        },
    )
    assert response.status_code == 302
    entry = ArchiveEntry.objects.get(station=station)
    assert entry.files.get().is_image
    page = client.get(reverse("liaison:archive", args=[station.pk])).content.decode()
    assert "2026年工作总结" in page and "修改" in page

    edit = reverse("liaison:archive_entry_update", args=[entry.pk])
    client.post(edit, {"section": "summary", "year": "2026", "title": "2026年度工作总结", "body": "更正"})
    entry.refresh_from_db()
    assert entry.title == "2026年度工作总结" and entry.files.count() == 1
    client.post(reverse("liaison:archive_file_delete", args=[entry.files.get().pk]))
    assert not ArchiveFile.objects.exists()


def test_deputies_of_the_station_read_it_others_see_nothing(client, station):
    station, manager = station
    services.archive_entry_save(station=station, by=manager, section="construction", title="阵地建设", body="六有")
    entry = ArchiveEntry.objects.get()
    member = StationMemberFactory(station=station, deputy=DeputyFactory(user=UserFactory(roles=[roles.DEPUTY])))
    client.force_login(member.deputy.user)
    page = client.get(reverse("liaison:archive", args=[station.pk])).content.decode()
    assert "阵地建设" in page and "archive/new" not in page
    assert client.get(reverse("liaison:archive_entry_update", args=[entry.pk])).status_code == 404
    other_manager = UserFactory(roles=[roles.STATION_MANAGER])
    StationFactory(name="别的站").managers.add(other_manager)
    client.force_login(other_manager)
    assert client.get(reverse("liaison:archive", args=[station.pk])).status_code == 404
    assert client.get(reverse("liaison:archive_entry_create", args=[station.pk])).status_code == 404
    assert client.post(reverse("liaison:archive_entry_update", args=[entry.pk]), {"title": "改掉"}).status_code == 404
    refused(
        lambda: services.archive_entry_save(station=station, by=other_manager, section="featured", title="冒名"),
        "只有工委工作人员或本站管理员",
    )
    assert ArchiveEntry.objects.get().title == "阵地建设"

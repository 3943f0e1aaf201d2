"""A citizen adds a photo and where it is, as FixMyStreet lets them: staff and the department
handling it see both; the public tracking page shows neither."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import roles
from liaison import services
from liaison.models import Opinion
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def png(name="路灯.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post(client, station, **extra):
    data = {"station": station.pk, "category": "urban", "content": "东门路灯不亮", **extra}
    return client.post(reverse("liaison:opinion_create"), data)


def test_the_photo_and_the_place_reach_staff_and_the_department_not_the_public(client, staff_user):
    station = StationFactory(name="和平社区代表联络站")
    response = post(
        client, station, photo=png(), location="芳草路与东门街路口", latitude="30.572800", longitude="104.066800"
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    code = client.session["opinion_code"]
    assert opinion.photo_type == "image/png" and opinion.location == "芳草路与东门街路口"
    assert (opinion.latitude, opinion.longitude) == (Decimal("30.572800"), Decimal("104.066800"))
    status = client.post(reverse("liaison:opinion_track"), {"code": code}).content.decode()
    photo_url = reverse("liaison:opinion_photo", args=[opinion.pk])
    assert "芳草路" not in status and photo_url not in status and "30.5728" not in status
    assert client.get(photo_url)["Location"].startswith(reverse("login"))

    client.force_login(staff_user)
    page = client.get(opinion.get_absolute_url()).content.decode()
    assert "芳草路与东门街路口" in page and photo_url in page and "30.572800" in page
    photo = client.get(photo_url)
    assert photo["Content-Type"] == "image/png" and photo["X-Content-Type-Options"] == "nosniff"

    department = DepartmentFactory(name="城管局")
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2027, 1, 20))
    client.force_login(contact)
    assert client.get(photo_url).status_code == 200
    client.force_login(DeputyFactory(user=UserFactory(roles=[roles.DEPUTY])).user)
    assert client.get(photo_url).status_code == 404


def test_only_a_photo_is_taken_and_a_bad_position_is_dropped(client):
    station = StationFactory()
    fake = SimpleUploadedFile("路灯.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = post(client, station, photo=fake)
    assert response.status_code == 200 and "看起来不是真正的 PNG 文件" in response.content.decode()
    pdf = SimpleUploadedFile("说明.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert "请选择照片" in post(client, station, photo=pdf).content.decode()
    assert not Opinion.objects.exists()
    for latitude in ("1e309", "NaN", "-Infinity"):
        assert post(client, station, latitude=latitude, longitude="104").status_code == 302
    svg = SimpleUploadedFile("图.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml")
    assert "请选择照片" in post(client, station, photo=svg).content.decode()
    assert not Opinion.objects.exclude(latitude=None).exists()
    Opinion.objects.all().delete()
    post(client, station, latitude="200", longitude="abc")
    opinion = Opinion.objects.get()
    assert opinion.latitude is None and opinion.longitude is None and not opinion.photo
    page_without_photo = reverse("liaison:opinion_photo", args=[opinion.pk])
    client.force_login(UserFactory(roles=[roles.STAFF]))
    assert client.get(page_without_photo).status_code == 404


def test_the_photo_is_stored_under_a_random_name_and_a_form_error_says_to_choose_it_again(client):
    station = StationFactory()
    page = post(client, station, content="", photo=png("张三家门口.png")).content.decode()
    assert "照片未保存，请重新选择" in page and not Opinion.objects.exists()
    post(client, station, photo=png("张三家门口.png"))
    name = Opinion.objects.get().photo.name
    assert "张三" not in name and re.fullmatch(rf"opinions/{station.pk}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.png", name)
    assert client.get(f"/media/{name}").status_code == 404  # only through the view that checks who asks


@pytest.mark.parametrize(
    "phone, accepted",
    [
        ("13800138000", True),
        ("+86 138 0013 8000", True),
        ("１３８００１３８０００", True),  # typed on a Chinese keyboard
        ("0579-87123456", True),  # a landline
        ("1380000", False),  # a mobile cut short: the texted code would never arrive
        ("138001380001", False),
    ],
)
def test_a_citizens_mobile_has_all_its_digits(client, phone, accepted):
    from liaison.models import Opinion

    response = post(client, StationFactory(), citizen_phone=phone)
    assert Opinion.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 200 and "手机号码为 11 位" in response.content.decode()

"""述·晒·评: the voters present rate a deputy's report (评) by phone through the QR code, or on paper
slips staff enter; once each; the result shows on the report, in the archive and the register."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from deputies import services
from deputies.models import VoterRating
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.helpers import refused
from tests.liaison.factories import StationMemberFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


@pytest.fixture
def report(db, time_machine):
    time_machine.move_to(DAY)
    user = UserFactory(roles=[roles.DEPUTY])
    deputy = StationMemberFactory(deputy=DeputyFactory(name="述职代表", user=user)).deputy
    return services.duty_report_record(
        deputy=deputy, by=user, day=DAY, audience="选区选民", attendance=30, summary="一年来的履职情况"
    )


def rate(client, report, phone, rating="satisfied", comment=""):
    url = reverse("deputies:voter_rate", args=[report.rating_token])
    return client.post(url, {"phone": phone, "rating": rating, "comment": comment}, REMOTE_ADDR="10.9.9.9")


def test_voters_rate_once_per_phone_through_the_qr_code(client, report):
    page = client.get(reverse("deputies:voter_rate", args=[report.rating_token])).content.decode()
    assert "述职代表代表于2026年11月20日向选民述职" in page
    assert "感谢" in rate(client, report, "13800001111", comment="很实在").content.decode()
    again = rate(client, report, "138 0000 1111", rating="unsatisfied")
    assert again.status_code == 400 and "已对本次述职作出评价" in again.content.decode()
    for other_digits in ("13８００００１１１１", "13٨٠٠٠٠١١١١"):  # full-width, Arabic-Indic: the same phone
        assert rate(client, report, other_digits).status_code == 400
    assert rate(client, report, "12345").status_code == 400
    rate(client, report, "13900002222", rating="basically_satisfied")
    assert VoterRating.objects.filter(report=report).count() == 2
    # The phone is not kept: only a keyed hash to refuse a second rating.
    assert not VoterRating.objects.filter(phone_digest__contains="13800001111").exists()


def test_the_form_is_open_on_the_day_and_the_day_after_only(client, report, time_machine):
    time_machine.move_to(date(2026, 11, 21))
    assert "感谢" in rate(client, report, "13800001111").content.decode()
    time_machine.move_to(date(2026, 11, 22))
    response = rate(client, report, "13800003333")
    assert response.status_code == 400 and "评议已结束" in response.content.decode()
    assert client.get(reverse("deputies:voter_rate", args=["x" * 16])).status_code == 404


def test_staff_enter_paper_slips_once_each(client, report, staff_user):
    services.voter_rating_paper(report=report, by=staff_user, slip="001", rating="satisfied")
    refused(
        lambda: services.voter_rating_paper(report=report, by=staff_user, slip="001", rating="satisfied"), "已经录入"
    )
    refused(
        lambda: services.voter_rating_paper(report=report, by=report.deputy.user, slip="002", rating="satisfied"),
        "工作人员",
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("deputies:duty_report_paper", args=[report.pk]), {"slip": "002", "rating": "unsatisfied"}
    )
    assert response.status_code == 302
    assert VoterRating.objects.filter(report=report).count() == 2


def test_the_result_shows_on_the_report_the_archive_and_the_register(client, report, staff_user):
    rate(client, report, "13800001111", comment="很实在")
    rate(client, report, "13800002222", rating="unsatisfied")
    services.voter_rating_paper(report=report, by=staff_user, slip="001", rating="satisfied")
    verdict = "满意 2、基本满意 0、不满意 1（共 3 人评议）"
    client.force_login(report.deputy.user)
    page = client.get(report.get_absolute_url()).content.decode()
    assert verdict in page and "很实在" in page and "13800001111" not in page
    assert 'src="/deputies/duty-reports/' in page  # the QR code, on the day
    assert client.get(reverse("deputies:duty_report_qr", args=[report.pk])).content.startswith(b"<?xml")
    assert verdict in client.get(reverse("deputies:archive", args=[report.deputy.pk])).content.decode()
    annual = client.get(reverse("deputies:annual_report", args=[report.deputy.pk, 2026])).content.decode()
    assert verdict in annual
    client.force_login(staff_user)
    register = client.get(
        reverse("liaison:register", args=[report.deputy.station_membership.station.pk, "duty-reports"]),
        {"start": "2026-11-01", "end": "2026-11-30"},
    )
    assert verdict in register.content.decode()


def test_only_the_deputy_and_staff_open_the_report_page(client, report):
    other = UserFactory(roles=[roles.DEPUTY])
    DeputyFactory(user=other)
    client.force_login(other)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("deputies:duty_report_qr", args=[report.pk])).status_code == 404
    assert (
        client.post(
            reverse("deputies:duty_report_paper", args=[report.pk]), {"slip": "9", "rating": "satisfied"}
        ).status_code
        == 403
    )


def test_never_more_ratings_than_voters_present_and_a_full_hall_is_not_turned_away(client, report, staff_user):
    assert all(rate(client, report, f"1390000{n:04d}").status_code == 200 for n in range(29))
    services.voter_rating_paper(report=report, by=staff_user, slip="001", rating="satisfied")
    assert VoterRating.objects.filter(report=report).count() == 30  # the 30 present, from one network
    refused(lambda: services.voter_rating_paper(report=report, by=staff_user, slip="002", rating="satisfied"), "30")
    assert "30" in rate(client, report, "13700000000").content.decode()
    assert VoterRating.objects.filter(report=report).count() == 30


def test_a_report_to_voters_is_not_dated_far_ahead(report):
    user = report.deputy.user
    refused(
        lambda: services.duty_report_record(
            deputy=report.deputy, by=user, day=date(2099, 1, 1), audience="选民", summary="x"
        ),
        "30 天",
    )
    refused(lambda: services.duty_report_update(report=report, by=user, day=date(1999, 1, 1)), "2000")

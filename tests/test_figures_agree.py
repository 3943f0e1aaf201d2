"""One definition per figure: a month of records, and every page that counts them says the same.

The dashboard (headline and tables), the monthly statistics, the four registers, the month-end
consultation pack and each deputy's duty archive all count receptions by the day they took place
and opinions by the day they were raised (the reception's day, or the day submitted online).
"""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.choices import SatisfactionRating
from deputies.duty import archive
from deputies.models import Deputy
from liaison import services as liaison
from liaison.models import Opinion
from monthly_statistics.models import MonthlyStatistics
from monthly_statistics.services import statistics_make
from supervision import services as supervision
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationMemberFactory
from tests.supervision.factories import make_world

pytestmark = pytest.mark.django_db
MONTH = date(2025, 10, 1)  # a year with nothing else in it, so the dashboard's year is this month


@pytest.fixture
def month(time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2025, 10, 31, 23, 30)))
    world = make_world()
    a, b = StationFactory(name="甲站"), StationFactory(name="乙站")
    alice = StationMemberFactory(
        station=a, deputy=DeputyFactory(name="甲代表", levels=["municipal", "district"])
    ).deputy
    bob = StationMemberFactory(station=a, deputy=DeputyFactory(name="乙代表")).deputy
    carol = StationMemberFactory(station=b, deputy=DeputyFactory(name="丙委员", kind=Deputy.Kind.COUNCIL_MEMBER)).deputy
    # Two receivers on one reception: it is one reception in every count.
    liaison.reception_log(
        logged_by=alice,
        station=a,
        day=date(2025, 10, 1),
        content="道路破损",
        co_receivers=[bob],
        visitor_count=3,
        opinions=[{"content": "修路"}, {"content": "加装路灯"}],
    )
    # Submitted online at 23:30 on 10-31 Beijing time (15:30 UTC): October's.
    liaison.opinion_submit_online(station=a, content="网上留言")
    time_machine.move_to(timezone.make_aware(datetime(2025, 11, 3, 10)))
    # Logged on 11-03 for a reception held on 10-31: its opinion belongs to October, not November.
    liaison.reception_log(
        logged_by=bob, station=a, day=date(2025, 10, 31), content="停车难", opinions=[{"content": "增设停车位"}]
    )
    liaison.reception_log(logged_by=carol, station=b, day=date(2025, 10, 15), content="咨询医保")
    liaison.reception_log(logged_by=carol, station=b, day=date(2024, 12, 31), content="去年的接待")
    solved = liaison.reception_log(
        logged_by=carol, station=b, day=date(2025, 10, 20), content="噪音", opinions=[{"content": "夜间施工扰民"}]
    ).opinions.get()
    liaison.opinion_resolve(opinion=solved, by=carol.user or world.staff, resolution="已协调")
    forwarded = Opinion.objects.get(content="修路")
    item = liaison.opinion_forward(
        opinion=forwarded, by=world.staff, department=world.department, deadline=date(2025, 12, 1)
    )
    supervision.item_start_handling(item=item, by=world.contact)
    supervision.item_reply(item=item, by=world.contact, category="A", content="已修")
    supervision.item_rate_by_committee(item=item, by=world.staff, rating=SatisfactionRating.SATISFIED)
    return world, (a, b), (alice, bob, carol)


def test_every_page_reports_the_same_totals(client, month):
    world, (a, b), (alice, bob, carol) = month
    client.force_login(world.staff)

    dashboard = client.get(reverse("dashboard"), {"year": 2025}).context
    totals = dashboard["totals"]
    statistics_make(MONTH)
    zone = MonthlyStatistics.objects.get(month=MONTH, station=None).data
    per_station = {s.station_id: s.data for s in MonthlyStatistics.objects.filter(month=MONTH, station__isnull=False)}

    def register_rows(station, slug, **params):
        query = {"start": "2025-10-01", "end": "2025-10-31", **params}
        return client.get(reverse("liaison:register", args=[station.pk, slug]), query).context["rows"]

    contacts = {s.pk: register_rows(s, "contacts") for s in (a, b)}
    opinions = {s.pk: register_rows(s, "opinions") for s in (a, b)}

    # Receptions: 4 in October (the two-receiver one once; last year's not).
    assert totals["receptions"] == zone["receptions"]["total"] == sum(map(len, contacts.values())) == 4
    assert totals["people"] == zone["receptions"]["people"] == 6
    level_total = next(r for r in dashboard["tables"]["level"] if r["is_total"])
    assert level_total["receptions"] == 4
    # Opinions: 4 raised at October's receptions (10-31's included, though logged in November), 1 online.
    assert totals["collected"] == zone["opinions"]["total"] == sum(map(len, opinions.values())) == 5
    assert level_total["opinions_collected"] == totals["at_receptions"] == 4 and totals["online"] == 1
    assert totals["solved"] == 2  # one answered at the station, one forwarded and closed
    # Council members have their own row, and it holds Carol's receptions.
    council = next(r for r in dashboard["tables"]["level"] if r["name"] == "议政会成员")
    assert council["receptions"] == 2 and council["deputies"] == 1
    # Per station: the statistics, the registers and the consultation pack agree.
    for station in (a, b):
        pack = client.get(reverse("liaison:consultation", args=[station.pk, 2025, 10])).context
        assert (
            per_station[station.pk]["receptions"]["total"] == len(contacts[station.pk]) == pack["totals"]["receptions"]
        )
        assert per_station[station.pk]["opinions"]["total"] == len(opinions[station.pk])
    # Per deputy: the year's archive counts what the registers list for them over the year.
    year = {"start": "2025-01-01", "end": "2025-12-31"}
    for deputy, station in ((alice, a), (bob, a), (carol, b)):
        sections = {s["key"]: s["count"] for s in archive(deputy, 2025)}
        assert sections["receptions"] == len(register_rows(station, "contacts", deputy=deputy.pk, **year))
        assert sections["opinions_collected"] == len(register_rows(station, "opinions", deputy=deputy.pk, **year))
    assert {s["key"]: s["count"] for s in archive(carol, 2024)}["receptions"] == 1

"""Named benchmark scenarios. Each later feature adds its own here with ``@scenario``.

A scenario function takes the Django test client and returns ``(run, rows)``: ``run`` is called
repeatedly and timed, ``rows`` is the size of the data it works over (shown in the table).
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from deputies.models import Deputy
from supervision.models import SupervisionItem

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


def _staff(client):
    client.force_login(get_user_model().objects.get(username="staff"))


@scenario("supervision: work list (staff)")
def supervision_list(client):
    _staff(client)
    return _get(client, reverse("supervision:item_list")), SupervisionItem.objects.count()


@scenario("supervision: work list, overdue")
def supervision_list_overdue(client):
    _staff(client)
    return _get(client, reverse("supervision:item_list"), overdue="true"), SupervisionItem.objects.count()


@scenario("supervision: work list, department + state, page 40")
def supervision_list_filtered(client):
    _staff(client)
    department = SupervisionItem.objects.values_list("lead_department", flat=True).filter(
        lead_department__isnull=False
    )[0]
    return _get(client, reverse("supervision:item_list"), lead_department=department, state="closed", page=40), (
        SupervisionItem.objects.count()
    )


@scenario("supervision: department contact list")
def supervision_list_department(client):
    client.force_login(get_user_model().objects.get(username="dept"))
    return _get(client, reverse("supervision:item_list")), SupervisionItem.objects.count()


@scenario("supervision: department summary")
def supervision_summary(client):
    _staff(client)
    return _get(client, reverse("supervision:department_summary")), SupervisionItem.objects.count()


@scenario("supervision: item page")
def supervision_detail(client):
    _staff(client)
    item = SupervisionItem.objects.filter(events__isnull=False).order_by("-round").first()
    return _get(client, item.get_absolute_url()), item.events.count()


def _hot_month(client):
    from bench.load import hot_station
    from liaison.models import Reception

    _staff(client)
    station = hot_station()
    first = timezone.localdate().replace(day=1)
    rows = Reception.objects.filter(station=station, date__gte=first).count()
    return station, first, rows


@scenario("liaison: contacts register, hot station-month")
def register_contacts(client):
    station, first, rows = _hot_month(client)
    url = reverse("liaison:register", args=[station.pk, "contacts"])
    return _get(client, url, start=first.isoformat(), end=timezone.localdate().isoformat()), rows


@scenario("liaison: opinions register, hot station-month")
def register_opinions(client):
    station, first, rows = _hot_month(client)
    url = reverse("liaison:register", args=[station.pk, "opinions"])
    return _get(client, url, start=first.isoformat(), end=timezone.localdate().isoformat()), rows


@scenario("liaison: contacts register as Excel, hot station-month")
def register_contacts_xlsx(client):
    station, first, rows = _hot_month(client)
    url = reverse("liaison:register", args=[station.pk, "contacts"])
    return _get(client, url, start=first.isoformat(), end=timezone.localdate().isoformat(), format="xlsx"), rows


@scenario("liaison: consultation pack, hot station-month")
def consultation_pack(client):
    station, first, rows = _hot_month(client)
    return _get(client, reverse("liaison:consultation", args=[station.pk, first.year, first.month])), rows


@scenario("public: station page")
def station_public(client):
    from bench.load import hot_station
    from common import caching
    from liaison.models import ReceptionShift

    station = hot_station()
    page = _get(client, reverse("liaison:station_public", args=[station.pk]))

    def run():
        caching.clear()  # the page rendered, not the copy
        page()

    return run, ReceptionShift.objects.count()


@scenario("public: station list, first page of 500")
def station_public_list(client):
    from common import caching
    from liaison.models import Station

    def run():
        caching.clear()
        assert client.get(reverse("liaison:station_public_list")).status_code == 200

    return run, Station.objects.filter(is_active=True).count()


@scenario("deputy: my shifts")
def my_shifts(client):
    from liaison.models import ShiftAssignment

    client.force_login(get_user_model().objects.get(username="deputy"))
    return _get(client, reverse("liaison:my_shifts")), ShiftAssignment.objects.count()


@scenario("public: project list, 50 projects x 10 years of reports")
def public_project_list(client):
    from common import caching
    from livelihood.models import MonthlyReport

    def run():
        caching.clear()  # measure the uncached page: the cache only hides the cost for a minute
        response = client.get(reverse("livelihood:project_public_list"))
        assert response.status_code == 200

    return run, MonthlyReport.objects.count()


@scenario("public: project page, 10 years of reports")
def public_project_page(client):
    from common import caching
    from livelihood.models import Project

    project = Project.objects.filter(title__startswith="基准项目").first()

    def run():
        caching.clear()
        assert client.get(reverse("livelihood:project_public", args=[project.pk])).status_code == 200

    return run, project.reports.count()


@scenario("livelihood: open and count the sealed ballots of the city (rolled back)")
def tally(client):
    from django.db import transaction

    from livelihood import services
    from livelihood.models import SealedBallot, Vote

    staff = get_user_model().objects.get(username="staff")
    vote = Vote.objects.get(title="基准票决")

    def run():
        with transaction.atomic():
            services.vote_close(vote=vote, by=staff)
            transaction.set_rollback(True)

    return run, SealedBallot.objects.filter(vote=vote).count()


@scenario("staff: dashboard (per level, group, sub-district)")
def staff_dashboard(client):
    from liaison.models import Reception

    _staff(client)
    return _get(client, reverse("dashboard")), Reception.objects.count()


@scenario("deputy: duty archive")
def deputy_archive(client):
    from liaison.models import Reception

    user = get_user_model().objects.get(username="deputy")
    client.force_login(user)
    return _get(client, reverse("deputies:archive", args=[user.deputy.pk])), Reception.objects.count()


@scenario("staff: opinion search, a word in every opinion")
def opinion_search_common(client):
    """The worst case for ranking: every opinion of the bench holds 改善."""
    from liaison.models import Opinion

    _staff(client)
    return _get(client, reverse("liaison:opinion_list"), q="改善"), Opinion.objects.count()


@scenario("staff: opinion search, a word in none")
def opinion_search_rare(client):
    from liaison.models import Opinion

    _staff(client)
    return _get(client, reverse("liaison:opinion_list"), q="火箭"), Opinion.objects.count()


@scenario("staff: opinion search, a word in one opinion in ten (Quzhou scale)")
def opinion_search_tenth(client):
    from liaison.models import Opinion

    _staff(client)
    return _get(client, reverse("liaison:opinion_list"), q="停车"), Opinion.objects.count()


@scenario("staff: reception search, a word in every reception")
def reception_search_common(client):
    from liaison.models import Reception

    _staff(client)
    return _get(client, reverse("liaison:reception_list"), q="出行"), Reception.objects.count()


@scenario("staff: reception list (count stops at 10,000)")
def reception_list(client):
    from liaison.models import Reception

    _staff(client)
    return _get(client, reverse("liaison:reception_list")), Reception.objects.count()


@scenario("staff: reception list, last page before the cap")
def reception_list_deep(client):
    from liaison.models import Reception

    _staff(client)
    return _get(client, reverse("liaison:reception_list"), page=400), Reception.objects.count()


@scenario("admin: reception list")
def admin_reception_list(client):
    from liaison.models import Reception

    client.force_login(get_user_model().objects.get(username="admin"))
    return _get(client, reverse("admin:liaison_reception_changelist")), Reception.objects.count()


@scenario("staff: dashboard after a reception was logged (a month counted again)")
def dashboard_after_a_change(client):
    """The worst read of the rollups: every run finds this month changed and recounts it first."""
    from deputies import rollups
    from liaison.models import Reception

    _staff(client)
    page = _get(client, reverse("dashboard"))

    def run():
        rollups.changed([timezone.localdate()])
        page()

    return run, Reception.objects.count()


def _busiest_month():
    """The first day of the month with the most receptions, and how many."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from liaison.models import Reception

    row = (
        Reception.objects.annotate(m=TruncMonth("date"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("m", "n")
        .first()
    )
    return row


@scenario("monthly statistics: compute, busiest month")
def monthly_statistics(client):
    from monthly_statistics.services import compute

    month, rows = _busiest_month()
    return (lambda: compute(month)), rows


# The same figures as ``compute``, written by hand in SQL: what the ORM version is measured against.
RAW_MONTHLY_STATISTICS = [
    "SELECT id FROM liaison_station WHERE is_active",
    "SELECT station_id, channel, category, count(*), sum(visitor_count) FROM liaison_reception"
    " WHERE date BETWEEN %(first)s AND %(last)s GROUP BY GROUPING SETS ((1, 2), (1, 3))",
    "SELECT station_id, state, count(*) FROM liaison_opinion WHERE date BETWEEN %(first)s AND %(last)s GROUP BY 1, 2",
    "SELECT s.station_id, EXISTS (SELECT 1 FROM liaison_reception r WHERE r.shift_id = s.id), count(*)"
    " FROM liaison_receptionshift s WHERE s.date BETWEEN %(first)s AND %(last)s GROUP BY 1, 2",
    "SELECT count(DISTINCT p.id) FROM livelihood_project p JOIN livelihood_claim c ON c.project_id = p.id"
    " WHERE p.year = %(year)s",
    "SELECT count(*), count(*) FILTER (WHERE r.is_late) FROM livelihood_monthlyreport r WHERE r.month = %(first)s"
    " AND r.project_id IN (SELECT c.project_id FROM livelihood_claim c JOIN livelihood_project p"
    " ON p.id = c.project_id WHERE p.year = %(year)s)",
    "SELECT colour, count(*) FROM livelihood_cardrating WHERE rated_at >= %(start)s AND rated_at < %(stop)s GROUP BY 1",
]


@scenario("monthly statistics: the same figures in hand-written SQL")
def monthly_statistics_raw(client):
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.db import connection

    from common.dates import month_bounds

    month, rows = _busiest_month()
    first, last = month_bounds(month)
    beijing = ZoneInfo("Asia/Shanghai")
    params = {
        "first": first,
        "last": last,
        "year": first.year,
        "start": datetime.combine(first, time(), beijing),
        "stop": datetime.combine(last + timedelta(days=1), time(), beijing),
    }

    def run():
        with connection.cursor() as cursor:
            for sql in RAW_MONTHLY_STATISTICS:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run, rows


# Scenarios measured against another in the same run: (scenario, its baseline, the target ratio).
RATIOS = [
    ("monthly statistics: compute, busiest month", "monthly statistics: the same figures in hand-written SQL", 1.2),
]

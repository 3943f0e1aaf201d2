"""The demo zone (seed_demo): the article's zone, its logins, records in every state; idempotent."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from accounts import roles
from accounts.models import User
from deputies.models import Deputy, DeputyGroup, DutyActivity, Level
from liaison.models import Reception, ShiftAssignment, Station, StationMember, SubDistrict
from livelihood.models import Ballot, MonthlyReport, Project, Vote
from supervision.models import Department, Handover, ItemEvent, ItemReply, PartReply, SupervisionItem

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row seed_demo writes, as comparable values."""
    return {
        "deputies": sorted(Deputy.objects.values_list("phone", "name", "kind", "is_active", "user_id", "updated_at")),
        "levels": sorted(Deputy.levels.through.objects.values_list("deputy_id", "level_id")),
        "stations": sorted(Station.objects.values_list("name", "kind", "sub_district_id", "parent_id")),
        "members": sorted(StationMember.objects.values_list("deputy_id", "station_id")),
        "groups": sorted(DeputyGroup.objects.values_list("name", "leader_id")),
        "group_members": sorted(DeputyGroup.members.through.objects.values_list("deputygroup_id", "deputy_id")),
        "departments": sorted(Department.objects.values_list("name", "kind")),
        "users": sorted(User.objects.values_list("username", "password", "is_staff", "is_superuser")),
        "user_groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "items": sorted(SupervisionItem.objects.values_list("title", "state", "round", "deadline", "is_public")),
        "item_events": ItemEvent.objects.count(),
        "receptions": sorted(Reception.objects.values_list("date", "content", "logged_by_id")),
        "shifts": ShiftAssignment.objects.count(),
        "votes": sorted(Vote.objects.values_list("year", "state", "ballots_cast")),
        "ballots": Ballot.objects.count(),
        "projects": sorted(Project.objects.values_list("title", "progress", "card")),
        "reports": MonthlyReport.objects.count(),
        "duty_activities": sorted(DutyActivity.objects.values_list("date", "title")),
    }


def test_the_demo_is_the_zone_of_the_articles(demo_zone):
    levels = dict(Level.objects.annotate(n=Count("deputies")).values_list("code", "n"))
    assert levels == {"national": 1, "provincial": 15, "municipal": 23, "district": 187, "township": 0}
    assert Deputy.objects.filter(kind=Deputy.Kind.DEPUTY).count() == 226
    assert Deputy.objects.filter(kind=Deputy.Kind.COUNCIL_MEMBER).exists()
    assert SubDistrict.objects.count() == 7
    kinds = dict(Station.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds == {"zone_home": 1, "subdistrict_home": 7, "station": 24}
    assert StationMember.objects.count() == Deputy.objects.count()
    assert DeputyGroup.objects.filter(kind=DeputyGroup.Kind.DEPUTY_GROUP).count() == 11
    assert DeputyGroup.objects.filter(kind=DeputyGroup.Kind.PROFESSIONAL_GROUP).count() == 7
    assert Department.objects.count() >= 10
    for station in Station.objects.all():
        station.full_clean()


def test_the_demo_logins_work_and_carry_their_roles(demo_zone):
    staff = authenticate(RequestFactory().post("/accounts/login/"), username="staff", password="portal2026")
    assert staff.is_staff and staff.has_role(roles.STAFF) and not staff.is_superuser
    deputy = authenticate(RequestFactory().post("/accounts/login/"), username="deputy", password="portal2026")
    assert deputy.has_role(roles.DEPUTY) and deputy.deputy.levels.filter(code="district").exists()
    assert deputy.deputy.station_membership.station
    dept = authenticate(RequestFactory().post("/accounts/login/"), username="dept", password="portal2026")
    assert dept.departments.filter(name="规划建设局").exists()


def test_seed_demo_again_changes_nothing(demo_zone, capsys):
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    out = capsys.readouterr().out
    assert "staff" in out and "deputy" in out and "portal2026" in out


def test_the_demo_deputy_has_suggestions_in_every_state(demo_zone):
    states = set(SupervisionItem.objects.filter(lead_deputy__user__username="deputy").values_list("state", flat=True))
    assert states >= {"draft", "submitted", "accepted", "declined", "assigned", "handling", "replied", "closed"}
    assert SupervisionItem.objects.filter(round=2).exists()
    # A suggestion returned for revision, a batch handed over at a meeting, replies classified A/B/C.
    assert ItemEvent.objects.filter(action=ItemEvent.Action.SENT_BACK, item__state="sent_back").exists()
    handover = Handover.objects.get()
    assert handover.items.count() == 5 and all(i.deadline for i in handover.items.all())
    assert set(ItemReply.objects.values_list("category", flat=True)) == {"A", "B", "C"}
    assert ItemReply.objects.filter(category="C").exclude(category_reason="").exists()
    # 协办 sent its part before the lead answered; a 会办 department has yet to send its part.
    assert PartReply.objects.filter(item__state="replied", department__name="交通运输局").exists()
    waiting = SupervisionItem.objects.get(state="handling", joint_departments__name="市场监管分局")
    assert not waiting.parts.exists()
    assert SupervisionItem.objects.filter(is_public=True).exists()
    assert SupervisionItem.objects.filter(lead_department__contacts__username="dept").exists()


def test_the_demo_has_a_counted_vote_its_projects_and_an_open_vote(demo_zone):
    counted = Vote.objects.filter(state=Vote.State.PUBLISHED).get()
    assert counted.is_valid and counted.ballots_cast > counted.electorate_size / 2
    assert Project.objects.filter(year=counted.year).count() == counted.candidates.filter(chosen=True).count() > 0
    first = Project.objects.filter(year=counted.year).order_by("order").first()
    assert set(first.claims.values_list("role", flat=True)) == {"committee", "deputy", "council"}
    assert Vote.objects.filter(state=Vote.State.OPEN).exists()


def test_the_demo_has_a_duty_report_rated_by_voters_and_a_stations_six_tasks(demo_zone):
    from deputies.models import DutyReport
    from deputies.selectors import voters_verdict, with_voter_ratings
    from liaison.models import Activity

    report = with_voter_ratings(DutyReport.objects.filter(deputy__user__username="deputy")).get()
    assert report.rated == 12 and "满意 9、基本满意 2、不满意 1" in voters_verdict(report)
    station = report.deputy.station_membership.station
    kinds = set(Activity.objects.filter(station=station).values_list("kind", flat=True))
    assert {"deliberation", "joint", "inspection"} <= kinds


def test_the_demo_has_a_special_report_decided_and_handed_over(demo_zone):
    from liaison.models import SpecialReport

    report = SpecialReport.objects.get()
    assert report.opinions.exists() and report.decision and report.items.get().kind == "special_report"

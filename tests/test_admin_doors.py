"""The admin is not a second door around the rules: each page refuses what its service refuses, and
says why at the field, with nothing saved."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from deputies.models import DutyActivity, DutyReport, SevenTaskThresholds
from liaison.models import Activity, Holiday, HolidayYear, ReceptionShift, ShiftAssignment, ShiftSwap
from livelihood import services as livelihood
from livelihood.models import Candidate, Claim, Project, Vote
from tests.deputies.factories import DeputyFactory, LeaveFactory
from tests.deputies.test_resources import run_import, sheet
from tests.liaison.factories import (
    ReceptionFactory,
    ReceptionShiftFactory,
    ShiftAssignmentFactory,
    StationFactory,
    StationMemberFactory,
)
from tests.livelihood.factories import CandidateFactory, ProjectFactory, VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(user)
    return client


def add(client, model: str, data: dict):
    return client.post(reverse(f"admin:{model}_add"), data)


def errors(response) -> str:
    assert response.status_code == 200, "the admin saved what it should have refused"
    form = response.context["adminform"].form
    return " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)


def test_a_shift_for_someone_inactive_or_on_leave_is_refused(admin_client):
    station = StationFactory()
    gone = StationMemberFactory(station=station, deputy=DeputyFactory(name="离任代表", is_active=False)).deputy
    away = StationMemberFactory(station=station, deputy=DeputyFactory(name="请假代表")).deputy
    day = timezone.localdate() + timedelta(days=7)
    LeaveFactory(deputy=away, start=day, end=day)
    for deputy, reason in ((gone, "不在职"), (away, "请假")):
        response = add(
            admin_client, "liaison_receptionshift", {"station": station.pk, "date": day, "deputies": [deputy.pk]}
        )
        assert reason in errors(response)
    assert not ReceptionShift.objects.exists()
    ok = StationMemberFactory(station=station).deputy
    add(admin_client, "liaison_receptionshift", {"station": station.pk, "date": day, "deputies": [ok.pk]})
    assert ReceptionShift.objects.get().assignments.get().deputy == ok


def test_a_station_activity_with_another_stations_member_is_refused(admin_client):
    station = StationFactory()
    member = StationMemberFactory(station=station).deputy
    outsider = StationMemberFactory(deputy=DeputyFactory(name="外站代表")).deputy
    data = {"station": station.pk, "date": timezone.localdate(), "kind": "meeting", "title": "议事会"}
    assert "外站代表" in errors(add(admin_client, "liaison_activity", data | {"attendees": [member.pk, outsider.pk]}))
    assert not Activity.objects.exists()


def test_a_duty_activity_with_an_inactive_attendee_or_in_the_future_is_refused(admin_client):
    gone = DeputyFactory(name="离任代表", is_active=False)
    active = DeputyFactory()
    data = {"kind": "research", "title": "调研", "firms_visited": 0}
    response = add(admin_client, "deputies_dutyactivity", data | {"date": date(2026, 1, 5), "attendees": [gone.pk]})
    assert "离任代表" in errors(response)
    future = timezone.localdate() + timedelta(days=3)
    response = add(admin_client, "deputies_dutyactivity", data | {"date": future, "attendees": [active.pk]})
    assert "活动举办后才能登记" in errors(response)
    assert not DutyActivity.objects.exists()


def test_a_duty_report_of_an_inactive_deputy_is_refused(admin_client):
    gone = DeputyFactory(name="离任代表", is_active=False)
    data = {"deputy": gone.pk, "date": date(2026, 1, 5), "audience": "选民", "summary": "述职"}
    assert "离任代表" in errors(add(admin_client, "deputies_dutyreport", data))
    assert not DutyReport.objects.exists()


def test_thresholds_and_holiday_years_go_through_their_services(admin_client):
    response = add(
        admin_client,
        "deputies_seventaskthresholds",
        dict.fromkeys(("contacts", "opinions", "suggestions", "governance", "problems", "good_deeds", "series"), 3),
    )
    assert response.status_code == 302 and SevenTaskThresholds.current().contacts == 3
    assert "请先录入2031年的法定节假日" in errors(add(admin_client, "liaison_holidayyear", {"year": 2031}))
    Holiday.objects.create(date=date(2031, 1, 1), name="元旦")
    add(admin_client, "liaison_holidayyear", {"year": 2031})
    assert HolidayYear.objects.get(year=2031).source == "staff"


def test_an_opened_votes_candidates_are_fixed_and_the_vote_stays(admin_client):
    vote = VoteFactory()
    candidate = CandidateFactory(vote=vote, title="原标题")
    staff = get_user_model().objects.get(username="root")
    livelihood.vote_open(vote=vote, by=staff)
    change = reverse("admin:livelihood_candidate_change", args=[candidate.pk])
    admin_client.post(change, {"vote": vote.pk, "order": 0, "title": "改掉", "department": candidate.department_id})
    candidate.refresh_from_db()
    assert candidate.title == "原标题"
    response = add(
        admin_client,
        "livelihood_candidate",
        {
            "vote": vote.pk,
            "order": 1,
            "title": "新增",
            "department": candidate.department_id,
            "sub_items-TOTAL_FORMS": 0,
            "sub_items-INITIAL_FORMS": 0,
        },
    )
    assert "票决开始后，候选项目不能再更改" in errors(response)
    assert Candidate.objects.count() == 1
    assert (
        admin_client.post(reverse("admin:livelihood_vote_delete", args=[vote.pk]), {"post": "yes"}).status_code == 403
    )
    assert Vote.objects.filter(pk=vote.pk).exists()


def test_claims_are_not_saved_from_the_project_admin(admin_client):
    project = ProjectFactory()
    gone = DeputyFactory(is_active=False)
    admin_client.post(
        reverse("admin:livelihood_project_change", args=[project.pk]),
        {
            "year": project.year,
            "order": 0,
            "title": project.title,
            "department": project.department_id,
            "sub_items-TOTAL_FORMS": 0,
            "sub_items-INITIAL_FORMS": 0,
            "claims-TOTAL_FORMS": 1,
            "claims-INITIAL_FORMS": 0,
            "claims-0-role": "deputy",
            "claims-0-person": gone.pk,
        },
    )
    assert not Claim.objects.exists()  # seats are taken on the project's page, by the service


def test_the_votes_projects_are_neither_added_nor_deleted_in_the_admin(admin_client):
    project = ProjectFactory()
    assert admin_client.get(reverse("admin:livelihood_project_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:livelihood_project_delete", args=[project.pk]), {"post": "yes"}).status_code
        == 403
    )
    admin_client.post(
        reverse("admin:livelihood_project_changelist"),
        {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"},
    )
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_shift_with_receptions_logged_cannot_be_deleted(admin_client):
    shift = ReceptionShiftFactory(date=timezone.localdate() - timedelta(days=7))
    ReceptionFactory(shift=shift, station=shift.station, date=shift.date)
    response = admin_client.post(reverse("admin:liaison_receptionshift_delete", args=[shift.pk]), {"post": "yes"})
    assert response.status_code == 200 and "受保护" in response.content.decode()
    admin_client.post(
        reverse("admin:liaison_receptionshift_changelist"),
        {"action": "delete_selected", "_selected_action": [shift.pk], "post": "yes"},
    )
    assert ReceptionShift.objects.filter(pk=shift.pk).exists()


def on_duty_soon(deputy, days=(7, 14, 21)):
    """The deputy on duty on coming Wednesdays-to-be (any day serves the rule under test)."""
    station = deputy.station_membership.station
    today = timezone.localdate()
    return [
        ShiftAssignmentFactory(
            shift=ReceptionShiftFactory(station=station, date=today + timedelta(days=d)), deputy=deputy
        )
        for d in days
    ]


def test_a_deputy_leaving_office_in_the_admin_leaves_their_coming_shifts(admin_client):
    deputy = StationMemberFactory(deputy=DeputyFactory(name="离任代表")).deputy
    places = on_duty_soon(deputy)
    colleague = StationMemberFactory(station=deputy.station_membership.station).deputy
    swap = ShiftSwap.objects.create(assignment=places[0], requester=deputy, colleague=colleague)
    past = ShiftAssignmentFactory(
        shift=ReceptionShiftFactory(station=places[0].shift.station, date=timezone.localdate() - timedelta(days=7)),
        deputy=deputy,
    )
    response = admin_client.post(
        reverse("admin:deputies_deputy_change", args=[deputy.pk]),
        {
            "name": deputy.name,
            "gender": deputy.gender,
            "kind": deputy.kind,
            "levels": [level.pk for level in deputy.levels.all()],
            "phone": deputy.phone,
            "station_membership-TOTAL_FORMS": 1,
            "station_membership-INITIAL_FORMS": 1,
            "station_membership-0-id": deputy.station_membership.pk,
            "station_membership-0-deputy": deputy.pk,
            "station_membership-0-station": deputy.station_membership.station_id,
            "DeputyGroup_members-TOTAL_FORMS": 0,
            "DeputyGroup_members-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    deputy.refresh_from_db()
    assert not deputy.is_active
    assert "3 个即将到来的班次失去了值班代表" in response.content.decode()
    assert list(ShiftAssignment.objects.filter(deputy=deputy)) == [past]  # the past stays as it was
    assert not ShiftSwap.objects.filter(pk=swap.pk).exists()


def test_a_leave_takes_the_deputy_off_the_shifts_in_its_days_only(admin_client):
    deputy = StationMemberFactory(deputy=DeputyFactory(name="请假代表")).deputy
    week1, week2, week3 = on_duty_soon(deputy)
    admin_client.post(
        reverse("admin:deputies_leave_add"),
        {"deputy": deputy.pk, "start": week2.shift.date, "end": week2.shift.date, "reason": "出差"},
    )
    assert set(ShiftAssignment.objects.filter(deputy=deputy)) == {week1, week3}


def test_a_roster_import_marking_someone_out_of_office_takes_them_off_their_shifts():
    deputy = StationMemberFactory(deputy=DeputyFactory(name="离任代表", phone="13900000009")).deputy
    on_duty_soon(deputy)
    result = run_import(sheet([deputy.pk, "离任代表", "男", "人大代表", "区级", "", "", "13900000009", "", "否", ""]))
    assert not result.has_validation_errors()
    assert not ShiftAssignment.objects.filter(deputy=deputy).exists()

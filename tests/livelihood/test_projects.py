"""Claims, monthly reports (the 30th, February), cards, inspections, satisfaction, and the pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import roles
from livelihood import selectors, services
from livelihood.models import CardRating, Claim, MonthlyReport, Project, SealedBallot, SubItem
from livelihood.rules import report_due
from supervision.models import SupervisionItem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.helpers import refused
from tests.liaison.test_opinion_photo import png as photo
from tests.livelihood.factories import CardRatingFactory, MonthlyReportFactory, ProjectFactory, SubItemFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    return ProjectFactory(
        year=2026,
        title="老旧小区改造",
        department=DepartmentFactory(name="规划建设局"),
        milestones="2026-03 启动\n2026-12 完工",
    )


@pytest.fixture
def claimer(project):
    user = UserFactory(roles=[roles.DEPUTY])
    DeputyFactory(name="认领代表", user=user)
    services.claim_take(project=project, by=user)
    return user


def report(project, user, month, **kw):
    return services.report_submit(
        project=project,
        by=user,
        month=month,
        progress=kw.pop("progress", 40),
        against_plan=kw.pop("against_plan", "on"),
        **kw,
    )


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (date(2026, 4, 1), date(2026, 4, 30)),
        (date(2026, 1, 1), date(2026, 1, 30)),
        (date(2027, 2, 1), date(2027, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_reports_are_due_on_the_30th_or_the_last_day_of_february(month, due):
    assert report_due(month) == due


@pytest.mark.parametrize(
    ("today", "month", "late"),
    [
        (date(2026, 11, 30), date(2026, 11, 1), False),
        (date(2026, 12, 1), date(2026, 11, 1), True),
        (date(2026, 12, 31), date(2026, 12, 1), True),  # the 31st is after the 30th
        (date(2027, 2, 28), date(2027, 2, 1), False),
        (date(2027, 3, 1), date(2027, 2, 1), True),
        (date(2028, 2, 29), date(2028, 2, 1), False),
    ],
)
def test_a_report_after_its_due_day_is_marked_late(project, claimer, time_machine, today, month, late):
    time_machine.move_to(today)
    assert report(project, claimer, month).is_late is late


def test_only_a_claimer_files_a_report(project, claimer):
    stranger = UserFactory()
    DeputyFactory(user=stranger)
    refused(lambda: report(project, stranger, date(2026, 1, 1)), "您没有认领这个项目")
    assert not MonthlyReport.objects.exists()


def test_progress_must_be_a_percentage_and_one_report_a_month(project, claimer, time_machine):
    time_machine.move_to(date(2026, 6, 10))
    refused(lambda: report(project, claimer, date(2026, 5, 1), progress=120), "0 到 100")
    refused(lambda: report(project, claimer, date(2026, 5, 1), progress=-1), "0 到 100")
    report(project, claimer, date(2026, 5, 1), progress=30)
    refused(lambda: report(project, claimer, date(2026, 5, 1), progress=35), "已经提交")
    refused(lambda: report(project, claimer, date(2026, 7, 1)), "还没有开始的月份")
    assert MonthlyReport.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.filter(pk=MonthlyReport.objects.get().pk).update(progress=101)


def test_sub_items_progress_makes_the_weighted_project_progress(project, claimer, time_machine):
    time_machine.move_to(date(2026, 6, 10))
    a = SubItemFactory(project=project, title="加装电梯", weight=3)
    b = SubItemFactory(project=project, title="管网改造", weight=1)
    refused(lambda: report(project, claimer, date(2026, 5, 1), sub_progress={a.pk: 50}), "每个子项")
    report(project, claimer, date(2026, 5, 1), progress=None, sub_progress={a.pk: 40, b.pk: 80})
    project.refresh_from_db()
    assert project.progress == 50  # (40*3 + 80*1) / 4
    assert SubItem.objects.get(pk=a.pk).progress == 40


def test_the_1_1_1_seats(project, staff_user, claimer):
    council_user = UserFactory()
    DeputyFactory(kind="council_member", user=council_user)
    services.claim_take(project=project, by=council_user)
    other = UserFactory()
    DeputyFactory(user=other)
    refused(lambda: services.claim_take(project=project, by=other), "已经有人认领")
    committee = DeputyFactory(name="工委委员")
    services.claim_assign(project=project, by=staff_user, role=Claim.Role.COMMITTEE, person=committee)
    assert set(project.claims.values_list("role", flat=True)) == {"committee", "deputy", "council"}


def test_a_project_is_offered_to_claim_only_while_the_seat_of_ones_kind_is_free(project, claimer, time_machine):
    """The deputy's seat is taken: another deputy is not offered the project, a council member is."""
    from livelihood.selectors import projects_with_free_seats

    time_machine.move_to(date(2026, 3, 1))
    deputy = DeputyFactory(user=UserFactory())
    council = DeputyFactory(kind="council_member", user=UserFactory())
    assert project not in projects_with_free_seats(deputy, 2026)
    assert project in projects_with_free_seats(council, 2026)
    services.claim_take(project=project, by=council.user)
    assert project not in projects_with_free_seats(council, 2026)


@pytest.mark.parametrize(
    ("reports", "colour"),
    [
        ([], "red"),
        ([("on", "")], "green"),
        ([("behind", "")], "yellow"),
        ([("on", "施工单位人手不足")], "yellow"),
        ([("behind", "资金未到位")], "red"),
    ],
)
def test_the_card_is_suggested_from_the_quarters_reports(project, claimer, time_machine, reports, colour):
    time_machine.move_to(date(2026, 10, 10))
    for i, (against_plan, problems) in enumerate(reports):
        report(project, claimer, date(2026, 7 + i, 1), against_plan=against_plan, problems=problems)
    suggested, reasons = selectors.card_suggestion(project, 2026, 3)
    assert suggested == colour and reasons


def test_staff_confirm_or_override_the_card_with_reasons_and_history_is_kept(
    project, claimer, staff_user, time_machine
):
    time_machine.move_to(date(2026, 10, 10))
    report(project, claimer, date(2026, 9, 1), against_plan="behind")
    refused(
        lambda: services.card_give(project=project, by=staff_user, year=2026, quarter=3, colour="green"),
        "请说明与建议颜色不同的原因",
    )
    refused(
        lambda: services.card_give(project=project, by=staff_user, year=2026, quarter=3, colour="red"),
        "红牌必须写明原因",
    )
    services.card_give(project=project, by=staff_user, year=2026, quarter=3, colour="yellow")
    services.card_give(
        project=project, by=staff_user, year=2026, quarter=3, colour="green", reasons="视察发现已追上进度"
    )
    project.refresh_from_db()
    assert project.card == "green"
    history = list(
        CardRating.objects.filter(project=project).order_by("rated_at").values_list("colour", "suggested", "rated_by")
    )
    assert history == [("yellow", "yellow", staff_user.pk), ("green", "yellow", staff_user.pk)]
    with pytest.raises(IntegrityError), transaction.atomic():
        CardRatingFactory(project=project, year=2026, quarter=4, colour="red", suggested="red", reasons="")


def test_an_inspection_hands_rectification_items_to_departments(project, staff_user):
    inspection = services.inspection_record(
        project=project,
        by=staff_user,
        kind="mid_year",
        day=date(2026, 6, 30),
        findings="进度滞后",
        rectifications=[{"title": "加快施工进度", "department": project.department, "deadline": date(2026, 12, 31)}],
    )
    item = inspection.items.get()
    assert item.kind == SupervisionItem.Kind.RECTIFICATION and item.state == "assigned" and item.source == inspection


def test_satisfaction_one_rating_per_person_and_results(project):
    users = [UserFactory() for _ in range(4)]
    for user, rating in zip(users, ["satisfied", "satisfied", "basically_satisfied", "unsatisfied"], strict=True):
        DeputyFactory(user=user)
        services.satisfaction_give(by=user, ratings={project: rating})
    services.satisfaction_give(by=users[3], ratings={project: "satisfied"})  # changes their rating
    result = selectors.satisfaction_results([project])[project.pk]
    assert (result["total"], result["satisfied"], result["basically"], result["unsatisfied"]) == (4, 3, 1, 0)
    assert result["rate"] == 1


# --- pages ----------------------------------------------------------------------------------------


def test_a_claimer_files_the_report_through_the_page(client, project, claimer, time_machine):
    time_machine.move_to(date(2026, 11, 20))
    client.force_login(claimer)
    assert "提交本月报告" in client.get(reverse("livelihood:home")).content.decode()
    response = client.post(
        reverse("livelihood:report_create", args=[project.pk]),
        {
            "month": "2026-11",
            "progress": 55,
            "against_plan": "on",
            "management": "规范",
            "performance": "良好",
            "problems": "",
        },
    )
    assert response.status_code == 302
    assert MonthlyReport.objects.get().progress == 55 and Project.objects.get().progress == 55
    response = client.post(
        reverse("livelihood:report_create", args=[project.pk]),
        {"month": "2026-11", "progress": 150, "against_plan": "on"},
    )
    assert response.status_code == 400 and "100" in response.content.decode()


def test_the_report_starts_from_last_months_figures_and_a_fall_must_be_confirmed(
    client, project, claimer, time_machine
):
    time_machine.move_to(date(2026, 11, 20))
    report(project, claimer, date(2026, 10, 1), progress=60, problems="")
    client.force_login(claimer)
    url = reverse("livelihood:report_create", args=[project.pk])
    form = client.get(url).context["form"]
    assert form["progress"].value() == 60 and form["against_plan"].value() == "on"
    filed = {"month": "2026-11", "progress": 40, "against_plan": "behind", "management": "", "performance": ""}
    response = client.post(url, {**filed, "photos": [photo()]})
    page = response.content.decode()
    assert response.status_code == 400 and "低于上月的 60%，如确实如此，请勾选“确认：本月进度低于上月”" in page
    assert "未能保存：请按下方标出的提示修改。" in page  # at the top: the field may be screens below
    assert "请重新选择文件" in page  # the chosen photo is not kept
    assert not MonthlyReport.objects.filter(month=date(2026, 11, 1)).exists()
    assert client.post(url, {**filed, "lower_confirmed": "on"}).status_code == 302
    assert MonthlyReport.objects.get(month=date(2026, 11, 1)).progress == 40


def test_someone_who_has_not_claimed_cannot_open_the_report_form(client, project, deputy_user):
    client.force_login(deputy_user)
    assert client.get(reverse("livelihood:report_create", args=[project.pk])).status_code == 404


def test_public_pages_show_card_progress_and_history_without_personal_data(
    client, project, claimer, staff_user, time_machine
):
    time_machine.move_to(date(2026, 10, 10))
    report(project, claimer, date(2026, 9, 1), progress=60, problems="")
    services.card_give(project=project, by=staff_user, year=2026, quarter=3, colour="green")
    html = client.get(reverse("livelihood:project_public_list"), {"year": 2026}).content.decode()
    assert "老旧小区改造" in html and "规划建设局" in html and 'value="60"' in html and "card-green" in html
    page = client.get(reverse("livelihood:project_public", args=[project.pk])).content.decode()
    assert "2026-09" in page and "polyline" in page and "2026年第3季度" in page and "2026-12 完工" in page
    for personal in ("认领代表", staff_user.name, claimer.username):
        assert personal not in page


def test_a_project_without_a_report_says_so_instead_of_0_percent_and_the_chart_has_axes(
    client, project, claimer, time_machine
):
    list_url = reverse("livelihood:project_public_list")
    page_url = reverse("livelihood:project_public", args=[project.pk])
    for url in (page_url, f"{list_url}?year=2026"):
        html = client.get(url).content.decode()
        assert "尚无月度报告" in html and 'value="0"' not in html
    time_machine.move_to(date(2026, 10, 10))
    report(project, claimer, date(2026, 8, 1), progress=0, problems="")
    report(project, claimer, date(2026, 9, 1), progress=40, problems="")
    page = client.get(page_url).content.decode()
    assert 'value="40"' in page and "尚无月度报告" not in page
    assert ">100%</text>" in page and ">0%</text>" in page and ">2026-08</text>" in page and ">2026-09</text>" in page
    assert "进度：2026-08为0%，2026-09为40%" in page  # what a screen reader says of the chart


def test_public_pages_are_cached_and_correct_at_once_after_a_change(client, project, time_machine):
    time_machine.move_to(date(2026, 10, 10))
    url = reverse("livelihood:project_public_list")
    client.get(url, {"year": 2026})
    Project.objects.filter(pk=project.pk).update(title="绕过模型改的标题")  # no save: the copy is served
    assert "绕过模型改的标题" not in client.get(url, {"year": 2026}).content.decode()
    project.refresh_from_db()
    project.title = "改名后的项目"
    project.save()  # through the model (a service or the admin): the pages showing projects are dropped
    assert "改名后的项目" in client.get(url, {"year": 2026}).content.decode()


@pytest.mark.parametrize("n_reports", [2, 24])
def test_public_pages_query_count_does_not_grow_with_reports(client, django_assert_num_queries, n_reports):
    department = DepartmentFactory()
    author = DeputyFactory()
    projects = [ProjectFactory(year=2026, title=f"项目{i}", department=department) for i in range(5)]
    for p in projects:
        for m in range(n_reports):
            MonthlyReportFactory(
                project=p, author=author, month=date(2024 + m // 12, m % 12 + 1, 1), progress=m, against_plan="on"
            )
    with django_assert_num_queries(2):
        client.get(reverse("livelihood:project_public_list"), {"year": 2026})
    with django_assert_num_queries(6):
        client.get(reverse("livelihood:project_public", args=[projects[0].pk]))


def test_a_deputy_votes_in_the_browser_flow_and_checks_the_receipt(client, staff_user):
    from tests.livelihood.test_vote import make_vote

    user = UserFactory(roles=[roles.DEPUTY])
    DeputyFactory(user=user)
    vote = make_vote(staff_user, candidates=2, seats=1)
    client.force_login(user)
    data = {f"c{c.pk}": "for" for c in vote.candidates.all()}
    missing = client.post(reverse("livelihood:vote", args=[vote.pk]), {"step": "review"})
    assert missing.status_code == 400 and "2 个项目尚未选择" in missing.content.decode()
    review = client.post(reverse("livelihood:vote", args=[vote.pk]), {**data, "step": "review"})
    assert "一经投出不能更改" in review.content.decode() and not SealedBallot.objects.filter(vote=vote).exists()
    edit = client.post(reverse("livelihood:vote", args=[vote.pk]), {**data, "step": "edit"})
    assert edit.context["form"][f"c{vote.candidates.first().pk}"].value() == "for"  # the choices kept
    data["step"] = "confirm"
    response = client.post(reverse("livelihood:vote", args=[vote.pk]), data)
    receipt = response.context["receipt"]
    assert receipt in response.content.decode()
    assert (
        f'value="{receipt}"' in response.content.decode() and 'data-copy="#receipt-code"' in response.content.decode()
    )
    again = client.post(reverse("livelihood:vote", args=[vote.pk]), data)
    assert "您已经在本次票决中投过票" in again.content.decode()
    checked = client.post(reverse("livelihood:receipt"), {"receipt": receipt}).content.decode()
    assert f"您的选票已投入“{vote.title}”的密封票箱" in checked
    assert "赞成" not in checked  # the receipt proves it was cast, never what it said
    services.vote_close(vote=vote, by=staff_user)
    checked = client.post(reverse("livelihood:receipt"), {"receipt": receipt}).content.decode()
    assert f"您的选票已计入“{vote.title}”" in checked and "赞成" not in checked
    assert "没有回执码为" in client.post(reverse("livelihood:receipt"), {"receipt": "NOPE"}).content.decode()


def test_staff_run_the_vote_from_its_page(client, staff_user):
    from tests.livelihood.test_vote import cast, make_vote, voters

    people = voters(3)
    vote = make_vote(staff_user, candidates=2, seats=1)
    for deputy in people:
        cast(vote, deputy, "fa")
    client.force_login(staff_user)
    # closing is final: before its time, only with the box ticked
    page = client.post(reverse("livelihood:vote_close", args=[vote.pk]), follow=True).content.decode()
    vote.refresh_from_db()
    assert vote.state == "open" and "勾选" in page
    client.post(reverse("livelihood:vote_close", args=[vote.pk]), {"early": "yes"})
    vote.refresh_from_db()
    assert vote.state == "closed"
    client.post(reverse("livelihood:vote_publish", args=[vote.pk]))
    results = client.get(reverse("livelihood:vote_results_public", args=[vote.pk])).content.decode()
    assert "项目0" in results
    for deputy in people:
        assert deputy.name not in results


def test_a_card_for_a_quarter_that_does_not_exist_is_a_form_error(client, staff_user, project):
    client.force_login(staff_user)
    response = client.post(
        reverse("livelihood:card_give", args=[project.pk]),
        {"year": 2026, "quarter": 5, "colour": "green", "reasons": ""},
    )
    assert response.status_code == 400 and not CardRating.objects.exists()
    with pytest.raises(ValidationError):
        services.card_give(project=project, by=staff_user, year=2026, quarter=5, colour="green")


def test_an_inactive_deputy_cannot_rate_and_no_rating_is_half_saved(client, project):
    other = ProjectFactory(year=2026, title="第二个项目", department=project.department)
    user = UserFactory(roles=[roles.DEPUTY])
    DeputyFactory(user=user, is_active=False)
    client.force_login(user)
    response = client.post(
        reverse("livelihood:satisfaction", args=[2026]), {f"p{project.pk}": "satisfied", f"p{other.pk}": "unsatisfied"}
    )
    assert response.status_code == 400 and "不在职，不能评价" in response.content.decode()
    assert not project.satisfaction.exists() and not other.satisfaction.exists()


def test_no_card_is_preselected_even_when_the_suggestion_is_red(client, project, staff_user):
    """A project with no report this quarter is suggested red; a public red card is still chosen, not tapped."""
    client.force_login(staff_user)
    response = client.get(reverse("livelihood:project_manage", args=[project.pk]))
    assert response.context["suggested"] == "red" and response.context["card_form"]["colour"].value() is None
    assert (
        client.post(reverse("livelihood:card_give", args=[project.pk]), {"year": 2026, "quarter": 4}).status_code == 400
    )

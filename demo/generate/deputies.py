"""Duty records: activities, a 述职 and a confirmed 七个一 item of the demo deputy."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone


def build_duty() -> None:
    """Duty activities, a 述职 and a confirmed good deed for the demo deputy's group and station."""
    from deputies import services as deputies
    from deputies.models import DutyActivity

    User = get_user_model()
    staff, deputy = User.objects.get(username="staff"), User.objects.get(username="deputy").deputy
    if DutyActivity.objects.filter(attendees=deputy).exists():
        return
    today = timezone.localdate()
    colleagues = [m.deputy for m in deputy.station_membership.station.members.select_related("deputy")[:4]]
    for days, kind, title, firms in (
        (200, "firm_visit", "走访辖区中小企业", 6),
        (150, "governance", "参与社区议事协商", 0),
        (120, "series", "参加工委“代表进站”系列活动", 0),
        (90, "research", "城市更新专题调研", 0),
    ):
        deputies.duty_activity_record(
            by=staff,
            day=today - timedelta(days=days),
            kind=kind,
            title=title,
            attendees=[deputy, *colleagues],
            firms_visited=firms,
        )
    report = deputies.duty_report_record(
        deputy=deputy,
        by=staff,
        day=today - timedelta(days=30),
        venue="代表之家",
        audience="选区选民代表",
        attendance=40,
        summary="向选民报告一年来的履职情况。",
        results="提出建议 7 件，已办结 5 件；接待群众 36 人次。",
    )
    # The 评: the voters present rated it; these are the paper slips staff entered after the meeting.
    for slip, rating in enumerate(["satisfied"] * 9 + ["basically_satisfied"] * 2 + ["unsatisfied"], start=1):
        deputies.voter_rating_paper(
            report=report, by=staff, slip=f"{slip:03d}", rating=rating, comment="希望多来社区" if slip == 12 else ""
        )
    deputies.seven_task_confirm(
        deputy=deputy, year=today.year, item="good_deeds", by=staff, note="帮助困难家庭解决就医问题"
    )

"""Liaison: rotas, past receptions and opinions, an activity and an archive entry."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import roles
from liaison import selectors as liaison_selectors
from liaison import services as liaison
from liaison.models import (
    Activity,
    ArchiveEntry,
    Category,
    Holiday,
    Opinion,
    Reception,
    ReceptionShift,
    ShiftAssignment,
    SpecialReport,
    Station,
)
from supervision.models import Department

from .base import _login

DEMO_RECEPTIONS = [
    (
        "反映小区门口道路破损，雨天积水严重。",
        Category.URBAN,
        "记录并承诺转交相关部门。",
        ["建议尽快修复小区门口道路。"],
    ),
    ("咨询城乡居民医保缴费政策。", Category.SOCIAL_SECURITY, "现场解释了缴费标准和办理渠道。", []),
    (
        "反映学校门口早晚高峰交通拥堵。",
        Category.TRANSPORT,
        "记录问题，拟在月度会商中提出。",
        ["建议上下学时段增派交警。", "建议设置临时停车区。"],
    ),
    ("反映菜市场周边油烟扰民。", Category.ENVIRONMENT, "答应联系市场监管部门。", ["建议督促餐饮店安装油烟净化设施。"]),
    ("咨询老旧小区改造进度。", Category.URBAN, "告知改造计划已列入明年项目。", []),
]


DEMO_ACTIVITIES = [
    # (days ago, kind, title, summary)
    (10, Activity.Kind.INSPECTION, "老旧小区改造项目视察", "实地察看改造进度，听取街道汇报。"),
    (20, Activity.Kind.DELIBERATION, "背街小巷整治集中议事", "代表与居民代表围绕停车和路面问题集中议事。"),
    (45, Activity.Kind.JOINT, "与科创园区管委会联席会议", "协作联动，共同推进园区周边交通改善。"),
    (75, Activity.Kind.DELIBERATION, "社区养老服务集中议事", "讨论日间照料中心选址。"),
    (120, Activity.Kind.LEGISLATIVE, "《物业管理条例（草案）》立法征询", "收集居民对物业收费的意见12条。"),
    (150, Activity.Kind.RESEARCH, "上半年辖区停车难调研报告", "形成调研报告一份，报送主任会议。"),
]


def build_stations_work(places: list[Station], departments: list[Department]) -> None:
    """Rotas to the end of the year, past receptions and opinions, an activity, an archive entry."""
    User = get_user_model()
    staff, deputy_user = User.objects.get(username="staff"), User.objects.get(username="deputy")
    deputy = deputy_user.deputy
    station = deputy.station_membership.station
    today = timezone.localdate()
    year_end = today.replace(month=12, day=31)
    for place in places:
        if not ReceptionShift.objects.filter(station=place, date__gte=today).exists():
            try:
                liaison.rota_generate(station=place, start=today, end=year_end, by=staff)
            except ValidationError:
                break  # no holidays recorded for this year yet: staff plan the rota once they are

    if not Reception.objects.filter(logged_by=deputy).exists():
        colleagues = list(station.members.exclude(deputy=deputy).select_related("deputy")[:2])
        last_wednesday = today - timedelta(days=(today.weekday() - 2) % 7 or 7)
        # The past weeks' shifts at the deputy's station, as the rota had them (the rota itself is
        # only planned from today on); the oldest one had no reception logged: a missed shift.
        holidays = set(Holiday.objects.values_list("date", flat=True))
        for weeks_ago in range(len(DEMO_RECEPTIONS) + 1):
            day = last_wednesday - timedelta(weeks=weeks_ago)
            if day not in holidays:
                shift, _created = ReceptionShift.objects.get_or_create(station=station, date=day)
                ShiftAssignment.objects.get_or_create(shift=shift, deputy=deputy)
        for weeks_ago, (content, category, action, opinions) in enumerate(DEMO_RECEPTIONS):
            day = last_wednesday - timedelta(weeks=weeks_ago)
            liaison.reception_log(
                logged_by=deputy,
                station=station,
                day=day,
                content=content,
                category=category,
                action_taken=action,
                co_receivers=[m.deputy for m in colleagues[: weeks_ago % 3]],
                visitor_name="张先生",
                visitor_phone="13912345678",
                visitor_count=1 + weeks_ago % 3,
                opinions=[{"content": text} for text in opinions],
            )
        first = Opinion.objects.filter(reception__logged_by=deputy, state=Opinion.State.ACCEPTED).order_by("pk").first()
        by_name = {d.name: d for d in departments}
        liaison.opinion_forward(
            opinion=first, by=staff, department=by_name["规划建设局"], deadline=today + timedelta(days=20)
        )
    if not Opinion.objects.filter(source=Opinion.Source.ONLINE).exists():
        liaison.opinion_submit_online(
            station=station,
            content="小区路灯坏了一个多月没人修。",
            category=Category.URBAN,
            name="李女士",
            phone="13800001111",
        )
    if not Activity.objects.filter(station=station).exists():
        attendees = [m.deputy for m in station.members.select_related("deputy")[:4]]
        # The station's 六个一 this year: some kept, some not (the home and the dashboard mark those).
        for days_ago, kind, title, summary in DEMO_ACTIVITIES:
            day = today - timedelta(days=days_ago)
            if day.year == today.year:
                liaison.activity_record(
                    station=station, day=day, kind=kind, title=title, summary=summary, attendees=attendees, by=staff
                )
    if not SpecialReport.objects.exists():
        # A 议事专报 of the station's opinions of the last two months, decided at a 主任会议.
        start = today - timedelta(days=60)
        chosen = list(liaison_selectors.special_report_scope(start, today, station=station)[:6])
        if chosen:
            report = liaison.special_report_compile(
                by=staff,
                title=f"{station.name}近两个月群众意见专报",
                start=start,
                end=today,
                station=station,
                opinions=chosen,
                analysis="群众反映集中在道路设施和小区环境，建议对破损路面和照明设施开展专项排查。",
            )
            liaison.special_report_decide(
                report=report,
                by=staff,
                meeting="2026年第5次主任会议",
                decided_on=today,
                decision="同意专报建议，交规划建设局牵头办理。",
            )
            by_name = {d.name: d for d in departments}
            liaison.special_report_hand_over(
                report=report,
                by=staff,
                title="辖区破损路面和照明设施专项排查",
                content="根据议事专报，对辖区破损路面和照明设施开展专项排查并限期整改。",
                department=by_name["规划建设局"],
                deadline=today + timedelta(days=60),
            )
    # The station's manager keeps its archive (一档) in the portal.
    station.managers.add(_login("station", f"{station.name}管理员", roles.STATION_MANAGER))
    if not ArchiveEntry.objects.filter(station=station).exists():
        ArchiveEntry.objects.create(
            station=station,
            section=ArchiveEntry.Section.CONSTRUCTION,
            year=today.year,
            title=f"{station.name}建设情况",
            body="按照“六有”“七规范”要求完成阵地建设：有固定活动场所、有工作人员、有规章制度、有学习资料、有活动记录、有工作成效。",
        )

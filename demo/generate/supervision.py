"""Supervision: the demo deputy's suggestions in every state."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import roles
from common.choices import SatisfactionRating
from deputies.models import Deputy
from supervision import services as supervision
from supervision.models import Department, SupervisionItem

from .base import _login

DEMO_ITEMS = [
    # (title, content, how far it goes, lead department)
    (
        "关于和平社区增设公交站点的建议",
        "和平社区居民出行不便，最近的公交站点步行需二十分钟，建议增设站点并延长运营时间。",
        "closed",
        "交通运输局",
    ),
    (
        "关于学校周边上下学高峰交通拥堵的建议",
        "实验小学周边上下学高峰车辆拥堵，存在安全隐患，建议设置临时停车区并增派交通协管员。",
        "returned",
        "公安分局",
    ),
    (
        "关于老旧小区加装电梯的建议",
        "多个老旧小区老年人比例高，上下楼困难，建议简化加装电梯审批流程并给予补贴。",
        "replied",
        "规划建设局",
    ),
    ("关于城市绿道夜间照明不足的建议", "江滨绿道部分路段夜间无照明，市民夜跑存在安全隐患。", "handling", "规划建设局"),
    (
        "关于农贸市场环境整治的建议",
        "新城农贸市场排水不畅、异味明显，建议实施改造提升。",
        "assigned_overdue",
        "市场监管分局",
    ),
    ("关于社区养老服务中心建设的建议", "建议在每个街道至少建设一个具备日间照料功能的养老服务中心。", "submitted", None),
    (
        "关于背街小巷路面修缮的建议",
        "建议对辖区背街小巷破损路面进行全面修缮，并纳入年度城建计划。",
        "accepted",
        "规划建设局",
    ),
    ("关于规范共享单车停放的建议", "共享单车乱停乱放。", "sent_back", None),
    ("关于调整个人所得税起征点的建议", "建议提高个人所得税起征点。", "declined", None),
    ("关于增加中小学课后服务项目的建议", "建议丰富课后服务内容，引入体育、艺术类社会资源。", "draft", None),
]

# What the committee says when it returns or declines a suggestion (立案审查).
REVIEW_REASONS = {
    "sent_back": "请补充涉及的具体路段、现状照片和可行的管理建议后再提交。",
    "declined": "个人所得税属国家立法事项，不属于区级部门职权，作为意见转交并函复代表。",
}
# The reply's classification (A/B/C) and, for a C, why.
REPLY_CATEGORIES = {"returned": ("C", "受年度资金限制，暂无法实施，已列入下一年度项目库。"), "replied": ("B", "")}
REPLY_TEXTS = {
    "A": "已研究落实，问题已解决，欢迎代表继续监督。",
    "B": "已研究并制定落实方案，列入今年计划，预计年内完成。",
    "C": "已研究，因条件所限暂时无法实施，待条件具备后优先安排。",
}
# 协办 / 会办: the replied suggestion had an assisting department, which sent its part before the
# lead department answered; the one being handled has a jointly handling department still to send.
HELPERS = {"replied": ("assisting", "交通运输局"), "handling": ("joint", "市场监管分局")}
HANDED_OVER_STAGES = {"assigned_overdue", "handling", "replied", "returned", "closed"}


def build_supervision(people: list[Deputy], departments: list[Department]) -> None:
    """Suggestions of the demo deputy in every state, so each role's pages have something to show:
    drafted, submitted, returned for revision, declined, accepted and waiting for the hand-over, handed
    over at a meeting (one handed over late, one handled, replied, returned for second handling, closed)."""
    User = get_user_model()
    deputy_user, staff = User.objects.get(username="deputy"), User.objects.get(username="staff")
    by_name = {d.name: d for d in departments}
    co_signers = [p for p in people if p.kind == Deputy.Kind.DEPUTY and p.user_id is None][:3]
    contacts = {}
    for name in {dept for *_x, dept in DEMO_ITEMS if dept}:
        contact = by_name[name].contacts.first() or _login(
            f"dept_{by_name[name].pk}", f"{name}联络员", roles.DEPARTMENT_CONTACT
        )
        by_name[name].contacts.add(contact)
        contacts[name] = contact
    if SupervisionItem.objects.filter(title=DEMO_ITEMS[0][0]).exists():
        return
    today = timezone.localdate()
    accepted = []
    for title, content, stage, department in DEMO_ITEMS:
        item = supervision.item_create(
            created_by=deputy_user,
            lead_deputy=deputy_user.deputy,
            title=title,
            content=content,
            period=SupervisionItem.Period.RECESS,
            co_signers=co_signers if stage != "draft" else co_signers[:1],
        )
        if stage == "draft":
            continue
        # The co-signers agreed on paper; staff recorded it (they have no login in the demo).
        for request in item.cosign_requests.all():
            supervision.cosign_answer(request=request, by=staff, agree=True)
        item = supervision.item_submit(item=item, by=deputy_user)
        if stage == "submitted":
            continue
        if stage == "sent_back":
            supervision.item_send_back(item=item, by=staff, reason=REVIEW_REASONS[stage])
            continue
        if stage == "declined":
            supervision.item_decline(item=item, by=staff, reason=REVIEW_REASONS[stage])
            continue
        wide = stage == "returned"
        item = supervision.item_accept(
            item=item,
            by=staff,
            lead_department=by_name[department],
            **helpers_of(stage, by_name),
            handling_months=5 if wide else 3,
            deadline_reason="涉及多个部门和年度预算，需要更长时间统筹。" if wide else "",
            supervising_leader="工委主任",
        )
        if stage in HANDED_OVER_STAGES:
            accepted.append((item, stage, department))
    # The 交办会 handed them over three weeks ago; each deadline runs from that day.
    supervision.items_hand_over(
        by=staff,
        items=[item for item, _stage, _department in accepted],
        name="2026年第4次主任会议（代表建议交办会）",
        held_on=today - timedelta(days=21),
        note="同意将以下代表建议交有关部门办理。",
    )
    for item, stage, department in accepted:
        item.refresh_from_db()
        if stage == "assigned_overdue":
            # Demo only: an item whose deadline has passed, to show how overdue work looks.
            SupervisionItem.objects.filter(pk=item.pk).update(deadline=today - timedelta(days=5))
            continue
        contact = contacts[department]
        item = supervision.item_start_handling(item=item, by=contact)
        if stage == "handling":
            continue
        if stage in HELPERS:
            helper = HELPERS[stage][1]
            supervision.item_part_reply(
                item=item,
                by=contacts[helper],
                department=by_name[helper],
                content=f"{helper}意见：将同步调整周边公交线路，配合牵头部门落实。",
            )
        category, reason = REPLY_CATEGORIES.get(stage, ("A", ""))
        supervision.item_reply(
            item=item,
            by=contact,
            category=category,
            category_reason=reason,
            content=f"对“{item.title}”的答复：{REPLY_TEXTS[category]}",
        )
        if stage == "replied":
            continue
        rating = SatisfactionRating.UNSATISFIED if stage == "returned" else SatisfactionRating.SATISFIED
        comment = "请拿出分步实施方案，先在高峰时段设置临时停车区。" if stage == "returned" else "答复及时，落实到位。"
        item = supervision.item_rate_by_deputy(item=item, by=deputy_user, rating=rating, comment=comment)
        if stage == "closed":
            item = supervision.item_rate_by_committee(
                item=item, by=staff, rating=SatisfactionRating.SATISFIED, comment="办理到位。"
            )
            supervision.item_set_public(item=item, by=staff, public=True)


def helpers_of(stage: str, by_name: dict) -> dict:
    """The assisting or jointly handling department a demo stage names, as the service takes it."""
    if stage not in HELPERS:
        return {}
    role, name = HELPERS[stage]
    return {f"{role}_departments": [by_name[name]]}

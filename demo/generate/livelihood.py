"""Livelihood projects: this year's counted vote and its projects, and next year's open vote."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from common.dates import local_midnight
from deputies.models import Deputy
from livelihood import selectors as livelihood_selectors
from livelihood import services as livelihood
from livelihood.models import Candidate, CandidateSubItem, CardRating, Claim, MonthlyReport, Project, Vote
from livelihood.rules import report_due
from supervision.models import Department

DEMO_CANDIDATES = [
    ("老旧小区改造提升工程", "城乡建设管理", "规划建设局", ["加装电梯", "管网改造", "停车位增设"]),
    ("中小学课后服务全覆盖", "教育", "教育局", []),
    ("社区嵌入式养老服务中心建设", "社会保障与养老", "民政局", []),
    ("城区公交线网优化", "交通出行", "交通运输局", []),
    ("农贸市场标准化改造", "经济发展", "市场监管分局", []),
    ("江滨绿道贯通工程", "生态环境", "规划建设局", []),
    ("社区卫生服务站提质扩容", "医疗卫生", "卫生健康局", []),
    ("城市内涝点整治", "城乡建设管理", "城市管理局", []),
    ("智慧安防小区建设", "社会治安", "公安分局", []),
    ("婴幼儿托育服务点建设", "社会保障与养老", "卫生健康局", []),
    ("背街小巷环境整治", "城乡建设管理", "城市管理局", []),
    ("全民健身设施补短板", "其他", "社会事业局", []),
]


def build_livelihood(departments: list[Department]) -> None:
    """This year's counted and published vote with its projects, claims, reports and cards, and
    next year's vote open for a month so the demo deputy can cast a ballot."""
    User = get_user_model()
    staff, deputy_user, council_user = (User.objects.get(username=u) for u in ("staff", "deputy", "council"))
    by_name = {d.name: d for d in departments}
    today = timezone.localdate()
    now = timezone.now()
    if not Vote.objects.filter(year=today.year).exists():
        vote = Vote.objects.create(
            year=today.year,
            title=f"{today.year}年度民生实事项目票决",
            seats=10,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(hours=1),
        )
        for order, (title, _category, department, subs) in enumerate(DEMO_CANDIDATES, 1):
            candidate = Candidate.objects.create(
                vote=vote,
                order=order,
                title=title,
                department=by_name[department],
                budget=Decimal(500 + 137 * order),
                description=f"{title}，惠及辖区群众。",
                milestones=f"{today.year}-03 启动\n{today.year}-06 过半\n{today.year}-12 完工",
            )
            for sub in subs:
                CandidateSubItem.objects.create(candidate=candidate, title=sub)
        vote = livelihood.vote_open(vote=vote, by=staff)
        rng = random.Random(5)
        candidates = list(vote.candidates.order_by("order"))
        electors = list(
            vote.electors.select_related("deputy").order_by("deputy__phone")[: int(vote.electorate_size * 0.8)]
        )
        for elector in electors:
            choices = {
                c.pk: ("for" if rng.random() < 0.95 - 0.05 * i else rng.choice(["against", "abstain"]))
                for i, c in enumerate(candidates)
            }
            livelihood.ballot_cast(vote=vote, voter=elector.deputy, choices=choices)
        livelihood.vote_close(vote=vote, by=staff)
        livelihood.vote_publish(vote=vote, by=staff)
        Vote.objects.filter(pk=vote.pk).update(opens_at=now - timedelta(days=300), closes_at=now - timedelta(days=293))
        first = Project.objects.filter(year=today.year).order_by("order").first()
        livelihood.claim_take(project=first, by=deputy_user)
        livelihood.claim_take(project=first, by=council_user)
        committee = Deputy.objects.filter(kind=Deputy.Kind.DEPUTY, levels__code="municipal").order_by("phone").first()
        livelihood.claim_assign(project=first, by=staff, role=Claim.Role.COMMITTEE, person=committee)
        for month in range(1, today.month):
            day = date(today.year, month, 1)
            sub_items = list(first.sub_items.all())
            report = livelihood.report_submit(
                project=first,
                by=deputy_user,
                month=day,
                progress=None,
                against_plan="on" if month % 4 else "behind",
                problems="" if month % 4 else "部分居民对加装电梯意见不一。",
                sub_progress={s.pk: min(100, month * (8 + i * 2)) for i, s in enumerate(sub_items)},
            )
            # Demo only: the report was filed in its month, before the due day (the 30th, February's
            # last), as the rule it shows asks — not today, which would make every one of them late.
            filed = local_midnight(report_due(day) - timedelta(days=3)) + timedelta(hours=10)
            MonthlyReport.objects.filter(pk=report.pk).update(submitted_at=filed, is_late=False)
        for quarter in range(1, (today.month - 1) // 3 + 1):
            colour, _reasons = livelihood_selectors.card_suggestion(first, today.year, quarter)
            card = livelihood.card_give(
                project=first,
                by=staff,
                year=today.year,
                quarter=quarter,
                colour=colour,
                reasons="季度视察后确认。" if colour == "red" else "",
            )
            # Demo only: each quarter's card was given in the first days after the quarter, not today.
            given = local_midnight(date(today.year, 3 * quarter, 1) + timedelta(days=35)) + timedelta(hours=10)
            CardRating.objects.filter(pk=card.pk).update(rated_at=min(given, now))
    if not Vote.objects.filter(year=today.year + 1).exists():
        vote = Vote.objects.create(
            year=today.year + 1,
            title=f"{today.year + 1}年度民生实事项目票决",
            seats=10,
            opens_at=now - timedelta(minutes=5),
            closes_at=now + timedelta(days=30),
        )
        for order, (title, _category, department, _subs) in enumerate(DEMO_CANDIDATES[:11], 1):
            Candidate.objects.create(vote=vote, order=order, title=f"{title}（二期）", department=by_name[department])
        livelihood.vote_open(vote=vote, by=staff)

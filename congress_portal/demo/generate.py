"""A realistic zone (or city) of deputies, stations and departments, from the articles' figures.

Used by ``manage.py seed_demo`` (the zone of DESIGN.md) and by ``bench/`` (the city scale).
Every step creates only what is missing, found by a natural key (a name, a phone number), so
running it again changes nothing. Generation is deterministic: the same scale gives the same
people with the same phone numbers.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from common.dates import local_midnight
from congress_portal.accounts import roles
from congress_portal.monthly.services import statistics_due
from congress_portal.notifications.models import Notification
from deputies.models import Deputy, DeputyGroup, Level
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
    Station,
    StationMember,
    SubDistrict,
)
from liaison.reminders import remind_shifts
from livelihood import services as livelihood
from livelihood.models import Candidate, CandidateSubItem, CardRating, Claim, MonthlyReport, Project, Vote
from livelihood.reminders import remind_reports
from livelihood.services import report_due
from supervision import services as supervision
from supervision.models import Department, Rating, SupervisionItem

DEMO_PASSWORD = "portal2026"


@dataclass(frozen=True)
class Scale:
    sub_districts: int = 7
    stations: int = 24  # liaison stations (the N of 1+7+N); one Home per sub-district comes on top
    deputies_by_level: dict = field(
        default_factory=lambda: {"national": 1, "provincial": 15, "municipal": 23, "district": 187}
    )
    council_members: int = 60
    deputy_groups: int = 11
    professional_groups: int = 7
    departments: int = 15

    @property
    def deputies(self) -> int:
        return sum(self.deputies_by_level.values())


# The development zone of the Chengdu article: 226 deputies, 7 sub-districts, 1 + 7 + 24 places.
ZONE = Scale()
# The city scale the benchmarks use: 5,000 deputies and 500 Homes and stations.
CITY = Scale(
    sub_districts=50,
    stations=449,
    deputies_by_level={"national": 12, "provincial": 150, "municipal": 700, "district": 4138},
    council_members=1000,
    deputy_groups=60,
    professional_groups=7,
    departments=60,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文辉海燕鹏飞晓东春梅婷雪琳斌宇浩凯"
DISTRICT_NAMES = ["东城", "西城", "南湖", "北苑", "江滨", "新城", "科创"]
PLACE_WORDS = "桂溪芳草石羊肖家中和合作西园桃源锦城天府金融大源新川泉水青龙白鹭红星和平幸福永安长乐".strip()
COMMUNITIES = ["和平", "幸福", "锦华", "新民", "盛安", "滨河", "丽景", "学府", "枫林", "翠湖", "星光", "荷塘"]
OCCUPATIONS = [
    "某科技公司总经理",
    "社区党委书记",
    "中学教师",
    "社区医院医生",
    "某制造企业工人",
    "律师事务所律师",
    "街道办事处干部",
    "个体工商户",
    "农业合作社理事长",
    "高校教授",
    "物业公司项目经理",
    "退休干部",
]
DEPARTMENT_NAMES = [
    "党政办公室",
    "经济发展局",
    "财政金融局",
    "规划建设局",
    "社会事业局",
    "生态环境分局",
    "城市管理局",
    "应急管理局",
    "市场监管分局",
    "公安分局",
    "自然资源分局",
    "教育局",
    "卫生健康局",
    "民政局",
    "交通运输局",
]
PROFESSIONAL_GROUPS = [
    "法制专业小组",
    "财政经济专业小组",
    "城建环保专业小组",
    "教科文卫专业小组",
    "农业农村专业小组",
    "社会建设专业小组",
    "监察司法专业小组",
]


def _district_names(n: int) -> list[str]:
    names = DISTRICT_NAMES[:n]
    words = [PLACE_WORDS[i : i + 2] for i in range(0, len(PLACE_WORDS) - 1, 2)]
    i = 0
    while len(names) < n:
        candidate = words[i % len(words)] + ("" if i < len(words) else str(i // len(words)))
        if candidate not in names:
            names.append(candidate)
        i += 1
    return [f"{name}街道" for name in names]


def _person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _create_missing(model, key: str, rows: list):
    """Insert the rows whose ``key`` is not in the table yet; return {key: object} for all."""
    wanted = {getattr(row, key) for row in rows}
    existing = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": wanted})}
    model.objects.bulk_create([row for row in rows if getattr(row, key) not in existing], batch_size=1000)
    return {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": wanted})}


def build_places(scale: Scale) -> list[Station]:
    """Sub-districts and the 1 + S + N Homes and stations; returns the places people sit at."""
    districts = _create_missing(
        SubDistrict,
        "name",
        [SubDistrict(name=name, order=i) for i, name in enumerate(_district_names(scale.sub_districts), 1)],
    )
    zone_home = _create_missing(
        Station,
        "name",
        [
            Station(
                name="开发区人大代表之家",
                kind=Station.Kind.ZONE_HOME,
                address="开发区政务中心三楼",
                opening_hours="每周三 9:00–11:30，14:30–17:00",
                contact_name="工委办公室",
                contact_phone="028-85001000",
            )
        ],
    )["开发区人大代表之家"]
    homes = _create_missing(
        Station,
        "name",
        [
            Station(
                name=f"{d.name}人大代表之家",
                kind=Station.Kind.SUBDISTRICT_HOME,
                sub_district=d,
                parent=zone_home,
                address=f"{d.name}便民服务中心二楼",
                opening_hours="每周三 9:00–11:30，14:30–17:00",
                order=i,
                contact_name=f"{d.name}人大工作室",
                contact_phone=f"028-8510{i:04d}",
            )
            for i, d in enumerate(districts.values(), 1)
        ],
    )
    district_list = list(districts.values())
    stations = []
    for i in range(scale.stations):
        d = district_list[i % len(district_list)]
        community = COMMUNITIES[(i // len(district_list)) % len(COMMUNITIES)]
        suffix = "" if i < len(district_list) * len(COMMUNITIES) else str(i // (len(district_list) * len(COMMUNITIES)))
        stations.append(
            Station(
                name=f"{d.name}{community}{suffix}社区代表联络站",
                kind=Station.Kind.STATION,
                sub_district=d,
                parent=homes[f"{d.name}人大代表之家"],
                address=f"{d.name}{community}社区党群服务中心",
                opening_hours="每周三 9:00–11:30",
                order=100 + i,
                contact_name=f"{community}社区联络员",
                contact_phone=f"028-8520{i:04d}",
            )
        )
    stations = _create_missing(Station, "name", stations)
    return [zone_home, *homes.values(), *stations.values()]


def build_people(scale: Scale, places: list[Station]) -> list[Deputy]:
    """Deputies at each level and council members, each with a home station."""
    rng = random.Random(2026)
    specs = []
    number = 0
    for code, count in scale.deputies_by_level.items():
        for _i in range(count):
            number += 1
            specs.append((Deputy.Kind.DEPUTY, code, f"139{number:08d}"))
    for i in range(scale.council_members):
        specs.append((Deputy.Kind.COUNCIL_MEMBER, None, f"138{i + 1:08d}"))
    rows = [
        Deputy(
            name=_person_name(rng),
            gender=rng.choice([Deputy.Gender.MALE, Deputy.Gender.FEMALE]),
            kind=kind,
            constituency=f"第{(i % 60) + 1}选区" if kind == Deputy.Kind.DEPUTY else "",
            occupation=rng.choice(OCCUPATIONS),
            phone=phone,
            term="第十八届" if kind == Deputy.Kind.DEPUTY else "第三届议政会",
        )
        for i, (kind, _code, phone) in enumerate(specs)
    ]
    existing = set(Deputy.objects.filter(phone__in=[p for *_x, p in specs]).values_list("phone", flat=True))
    by_phone = _create_missing(Deputy, "phone", rows)
    levels = {level.code: level for level in Level.objects.all()}
    new_specs = [(code, by_phone[phone], i) for i, (_kind, code, phone) in enumerate(specs) if phone not in existing]
    Deputy.levels.through.objects.bulk_create(
        [Deputy.levels.through(deputy=d, level=levels[code]) for code, d, _i in new_specs if code], batch_size=2000
    )
    # Spread people over every place, the Homes included, as the Chengdu zone does.
    StationMember.objects.bulk_create(
        [StationMember(deputy=d, station=places[i % len(places)]) for _code, d, i in new_specs], batch_size=2000
    )
    return [by_phone[phone] for *_x, phone in specs]


def build_groups(scale: Scale, people: list[Deputy]) -> None:
    deputies = [p for p in people if p.kind == Deputy.Kind.DEPUTY]
    names = [(f"第{i}代表小组", DeputyGroup.Kind.DEPUTY_GROUP) for i in range(1, scale.deputy_groups + 1)]
    names += [(name, DeputyGroup.Kind.PROFESSIONAL_GROUP) for name in PROFESSIONAL_GROUPS[: scale.professional_groups]]
    for index, (name, kind) in enumerate(names):
        if DeputyGroup.objects.filter(name=name).exists():
            continue
        if kind == DeputyGroup.Kind.DEPUTY_GROUP:
            members = deputies[index :: scale.deputy_groups]
        else:
            members = deputies[index :: max(len(names), 1)][:15]
        group = DeputyGroup.objects.create(name=name, kind=kind, leader=members[0] if members else None)
        group.members.set(members)


def build_departments(scale: Scale) -> list[Department]:
    names = DEPARTMENT_NAMES + [
        f"第{i}承办单位" for i in range(1, max(scale.departments - len(DEPARTMENT_NAMES), 0) + 1)
    ]
    rows = [
        Department(
            name=name,
            kind=Department.Kind.OFFICE if i < len(DEPARTMENT_NAMES) else Department.Kind.HANDLING_UNIT,
            contact_name=f"{name[:2]}联络员",
            contact_phone=f"028-8530{i:04d}",
        )
        for i, name in enumerate(names[: scale.departments])
    ]
    return list(_create_missing(Department, "name", rows).values())


def _login(username: str, name: str, role: str | None, *, staff=False, superuser=False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"name": name, "is_staff": staff or superuser, "is_superuser": superuser}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get(name=role))
    return user


def build_logins(people: list[Deputy], departments: list[Department]) -> list[tuple[str, str]]:
    """The demo logins: a superuser, a staff member, a deputy, a council member, a department contact."""
    _login("admin", "系统管理员", None, superuser=True)
    _login("staff", "工委工作人员", roles.STAFF, staff=True)
    in_demo = [p.pk for p in people]
    deputy = Deputy.objects.filter(pk__in=in_demo, levels__code=Level.Code.DISTRICT).order_by("phone").first()
    council = Deputy.objects.filter(pk__in=in_demo, kind=Deputy.Kind.COUNCIL_MEMBER).order_by("phone").first()
    for username, person, role in (("deputy", deputy, roles.DEPUTY), ("council", council, roles.COUNCIL_MEMBER)):
        user = _login(username, person.name, role)
        if person.user_id is None and not hasattr(user, "deputy"):
            Deputy.objects.filter(pk=person.pk).update(user=user)
    contact = _login("dept", "规划建设局联络员", roles.DEPARTMENT_CONTACT)
    department = next(d for d in departments if d.name == "规划建设局")
    department.contacts.add(contact)
    return [
        ("admin", "superuser / 超级管理员"),
        ("staff", "committee staff / 工委工作人员"),
        ("deputy", f"deputy / 人大代表 {deputy.name}"),
        ("council", f"council member / 议政会成员 {council.name}"),
        ("dept", "department contact / 责任科室联系人 规划建设局"),
    ]


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
    ("关于增加中小学课后服务项目的建议", "建议丰富课后服务内容，引入体育、艺术类社会资源。", "draft", None),
]


def build_supervision(people: list[Deputy], departments: list[Department]) -> None:
    """Suggestions of the demo deputy in every state, so each role's pages have something to show."""
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
    today = timezone.localdate()
    for title, content, stage, department in DEMO_ITEMS:
        if SupervisionItem.objects.filter(title=title).exists():
            continue
        item = supervision.item_create(
            created_by=deputy_user, lead_deputy=deputy_user.deputy, title=title, content=content,
            period=SupervisionItem.Period.RECESS, co_signers=co_signers,
        )  # fmt: skip
        if stage == "draft":
            continue
        # The co-signers agreed on paper; staff recorded it (they have no login in the demo).
        for request in item.cosign_requests.all():
            supervision.cosign_answer(request=request, by=staff, agree=True)
        item = supervision.item_submit(item=item, by=deputy_user)
        if stage == "submitted":
            continue
        item = supervision.item_assign(
            item=item, by=staff, lead_department=by_name[department], deadline=today + timedelta(days=30),
            supervising_leader="工委主任",
        )  # fmt: skip
        if stage == "assigned_overdue":
            # Demo only: an item whose deadline has passed, to show how overdue work looks.
            SupervisionItem.objects.filter(pk=item.pk).update(deadline=today - timedelta(days=5))
            continue
        contact = contacts[department]
        item = supervision.item_start_handling(item=item, by=contact)
        if stage == "handling":
            continue
        supervision.item_reply(
            item=item, by=contact, content=f"关于“{title}”的答复：已研究并制定落实方案，预计年内完成。"
        )
        if stage == "replied":
            continue
        rating = Rating.UNSATISFIED if stage == "returned" else Rating.SATISFIED
        item = supervision.item_rate_by_deputy(item=item, by=deputy_user, rating=rating, comment="请进一步落实。")
        if stage == "closed":
            item = supervision.item_rate_by_committee(
                item=item, by=staff, rating=Rating.SATISFIED, comment="办理到位。"
            )
            supervision.item_set_public(item=item, by=staff, public=True)


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
                logged_by=deputy, station=station, day=day, content=content, category=category, action_taken=action,
                co_receivers=[m.deputy for m in colleagues[: weeks_ago % 3]], visitor_name="张先生", visitor_phone="13912345678",
                visitor_count=1 + weeks_ago % 3, opinions=[{"content": text} for text in opinions],
            )  # fmt: skip
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
        liaison.activity_record(
            station=station, day=today - timedelta(days=10), kind=Activity.Kind.INSPECTION, title="老旧小区改造项目视察",
            summary="实地察看改造进度，听取街道汇报。", attendees=attendees, by=staff,
        )  # fmt: skip
    if not ArchiveEntry.objects.filter(station=station).exists():
        ArchiveEntry.objects.create(
            station=station, section=ArchiveEntry.Section.CONSTRUCTION, year=today.year, title=f"{station.name}建设情况",
            body="按照“六有”“七规范”要求完成阵地建设：有固定活动场所、有工作人员、有规章制度、有学习资料、有活动记录、有工作成效。",
        )  # fmt: skip


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
        vote = Vote.objects.create(year=today.year, title=f"{today.year}年度民生实事项目票决", seats=10,
                                   opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1))  # fmt: skip
        for order, (title, _category, department, subs) in enumerate(DEMO_CANDIDATES, 1):
            candidate = Candidate.objects.create(vote=vote, order=order, title=title, department=by_name[department],
                                                 budget=Decimal(500 + 137 * order), description=f"{title}，惠及辖区群众。",
                                                 milestones=f"{today.year}-03 启动\n{today.year}-06 过半\n{today.year}-12 完工")  # fmt: skip
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
                project=first, by=deputy_user, month=day, progress=None, against_plan="on" if month % 4 else "behind",
                problems="" if month % 4 else "部分居民对加装电梯意见不一。",
                sub_progress={s.pk: min(100, month * (8 + i * 2)) for i, s in enumerate(sub_items)},
            )  # fmt: skip
            # Demo only: the report was filed in its month, before the due day (the 30th, February's
            # last), as the rule it shows asks — not today, which would make every one of them late.
            filed = local_midnight(report_due(day) - timedelta(days=3)) + timedelta(hours=10)
            MonthlyReport.objects.filter(pk=report.pk).update(submitted_at=filed, is_late=False)
        for quarter in range(1, (today.month - 1) // 3 + 1):
            colour, _reasons = livelihood.card_suggest(first, today.year, quarter)
            card = livelihood.card_give(project=first, by=staff, year=today.year, quarter=quarter, colour=colour,
                                        reasons="季度视察后确认。" if colour == "red" else "")  # fmt: skip
            # Demo only: each quarter's card was given in the first days after the quarter, not today.
            given = local_midnight(date(today.year, 3 * quarter, 1) + timedelta(days=35)) + timedelta(hours=10)
            CardRating.objects.filter(pk=card.pk).update(rated_at=min(given, now))
    if not Vote.objects.filter(year=today.year + 1).exists():
        vote = Vote.objects.create(year=today.year + 1, title=f"{today.year + 1}年度民生实事项目票决", seats=10,
                                   opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(days=30))  # fmt: skip
        for order, (title, _category, department, _subs) in enumerate(DEMO_CANDIDATES[:11], 1):
            Candidate.objects.create(vote=vote, order=order, title=f"{title}（二期）", department=by_name[department])
        livelihood.vote_open(vote=vote, by=staff)


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
    for days, kind, title, firms in ((200, "firm_visit", "走访辖区中小企业", 6), (150, "governance", "参与社区议事协商", 0),
                                     (120, "series", "参加工委“代表进站”系列活动", 0), (90, "research", "城市更新专题调研", 0)):  # fmt: skip
        deputies.duty_activity_record(by=staff, day=today - timedelta(days=days), kind=kind, title=title,
                                      attendees=[deputy, *colleagues], firms_visited=firms)  # fmt: skip
    deputies.duty_report_record(deputy=deputy, by=staff, day=today - timedelta(days=30), venue="代表之家",
                                audience="选区选民代表 40 人", summary="向选民报告一年来的履职情况。", rating="satisfied")  # fmt: skip
    deputies.seven_task_confirm(
        deputy=deputy, year=today.year, item="good_deeds", by=staff, note="帮助困难家庭解决就医问题"
    )


def build_notifications() -> None:
    """The reminders the demo logins would have had lately, made by the real reminder code: the
    demo deputy's latest shift and this month's project report, and last month's statistics for staff."""
    today = timezone.localdate()
    deputy = get_user_model().objects.get(username="deputy").deputy
    with translation.override(settings.LANGUAGE_CODE):
        # The reminder of the deputy's latest shift, dated when beat would have sent it (the day before).
        last = ShiftAssignment.objects.filter(deputy=deputy, shift__date__lte=today).order_by("-shift__date").first()
        if last:
            eve = last.shift.date - timedelta(days=1)
            remind_shifts(eve)
            Notification.objects.filter(key__startswith=f"shift:{last.shift_id}:").update(
                created_at=local_midnight(eve) + timedelta(hours=8)
            )
        remind_reports(report_due(today.replace(day=1)) - timedelta(days=settings.REPORT_FIRST_REMINDER_DAYS))
        statistics_due(today)


@transaction.atomic
def build(scale: Scale = ZONE, *, logins: bool = True) -> list[tuple[str, str]]:
    """Create whatever of the demo zone is missing; return the demo logins."""
    places = build_places(scale)
    people = build_people(scale, places)
    build_groups(scale, people)
    departments = build_departments(scale)
    if not logins:
        return []
    accounts = build_logins(people, departments)
    build_supervision(people, departments)
    build_stations_work(places, departments)
    build_livelihood(departments)
    build_duty()
    build_notifications()
    return accounts

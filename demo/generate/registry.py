"""The registry: sub-districts, Homes and stations, deputies and council members, groups, departments, logins."""

import random

from django.contrib.auth import get_user_model

from accounts import roles
from deputies.models import Deputy, DeputyGroup, Level
from liaison.models import (
    Station,
    StationMember,
    SubDistrict,
)
from supervision.models import Department

from .base import (
    COMMUNITIES,
    DEPARTMENT_NAMES,
    OCCUPATIONS,
    PROFESSIONAL_GROUPS,
    Scale,
    _create_missing,
    _district_names,
    _login,
    _person_name,
)


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
    # Mobiles and 企业微信 accounts, so the demo's reminders go by every channel (printed by the
    # console backends in development) and the settings page shows where.
    User = get_user_model()
    for username, person in (("deputy", deputy), ("council", council)):
        digits = "".join(ch for ch in person.phone if ch.isdigit())
        User.objects.filter(username=username).update(
            mobile=digits if len(digits) == 11 else "", wecom_userid=f"demo-{username}"
        )
    User.objects.filter(username="dept").update(mobile="13705790001", wecom_userid="demo-dept")
    return [
        ("admin", "superuser / 超级管理员"),
        ("staff", "committee staff / 工委工作人员"),
        ("deputy", f"deputy / 人大代表 {deputy.name}"),
        ("council", f"council member / 议政会成员 {council.name}"),
        ("dept", "department contact / 责任科室联系人 规划建设局"),
        ("station", "station manager / 站点管理员 of the demo deputy's station (keeps its 一档)"),
    ]

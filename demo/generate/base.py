"""The scales, the names and the helpers every part of the demo uses."""

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
# Five years of Quzhou (issue 17): 60,000 people and 1,500 places; bench/ loads the records on top.
QUZHOU = Scale(
    sub_districts=100,
    stations=1400,
    deputies_by_level={"national": 20, "provincial": 300, "municipal": 3000, "district": 46680},
    council_members=10000,
    deputy_groups=600,
    professional_groups=7,
    departments=120,
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

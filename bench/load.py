"""Bulk loaders for benchmark volumes (not demo data): rows written with bulk_create, no services.

Each loader tops the table up to the wanted count, so a second run adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from common.choices import SatisfactionRating
from deputies.models import Deputy
from supervision.models import Department, ItemEvaluation, ItemReply, SupervisionItem

State = SupervisionItem.State
# Most work is done: a city's list is mostly closed items, with a live tail.
STATE_WEIGHTS = [
    (State.CLOSED, 70),
    (State.RATED, 3),
    (State.REPLIED, 5),
    (State.HANDLING, 10),
    (State.ASSIGNED, 7),
    (State.SUBMITTED, 3),
    (State.DRAFT, 2),
]


@transaction.atomic
def load_supervision_items(count: int) -> int:
    """Top the supervision items up to ``count``, with replies and ratings for answered ones."""
    existing = SupervisionItem.objects.count()
    if existing >= count:
        return existing
    rng = random.Random(7)
    deputies = list(Deputy.objects.filter(kind=Deputy.Kind.DEPUTY).values_list("pk", flat=True))
    departments = list(Department.objects.values_list("pk", flat=True))
    states, weights = zip(*STATE_WEIGHTS, strict=True)
    now = timezone.now()
    for start in range(existing, count, 5000):
        batch = []
        for i in range(start, min(start + 5000, count)):
            state = rng.choices(states, weights)[0]
            created = now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440))
            handed = state not in (State.DRAFT, State.SUBMITTED)
            batch.append(
                SupervisionItem(
                    kind=rng.choice(SupervisionItem.Kind.values),
                    title=f"第{i + 1}号事项：关于民生问题的建议",
                    content="基准测试数据。" * 10,
                    lead_deputy_id=rng.choice(deputies),
                    state=state,
                    round=2 if rng.random() < 0.02 else 1,
                    lead_department_id=rng.choice(departments) if handed else None,
                    deadline=(created + timedelta(days=rng.randint(15, 90))).date() if handed else None,
                    created_at=created,
                    submitted_at=created if state != State.DRAFT else None,
                    assigned_at=created + timedelta(days=2) if handed else None,
                    closed_at=created + timedelta(days=60) if state == State.CLOSED else None,
                )
            )
        items = SupervisionItem.objects.bulk_create(batch)
        answered = [it for it in items if it.state in (State.REPLIED, State.RATED, State.CLOSED)]
        ItemReply.objects.bulk_create(
            ItemReply(
                item=it,
                round=it.round,
                department_id=it.lead_department_id,
                content="答复。",
                deadline=it.deadline,
                on_time=rng.random() < 0.9,
                created_at=it.created_at + timedelta(days=20),
            )
            for it in answered
        )
        ItemEvaluation.objects.bulk_create(
            ItemEvaluation(
                item=it,
                round=it.round,
                rater=ItemEvaluation.Rater.DEPUTY,
                rating=rng.choices(SatisfactionRating.values, [70, 25, 5])[0],
            )
            for it in answered
            if it.state != State.REPLIED
        )
    return count


def hot_station():
    """The demo deputy's station: the one whose current month gets 2,000 receptions."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="deputy").deputy.station_membership.station


@transaction.atomic
def load_receptions(count: int, hot_month_rows: int = 2000) -> int:
    """Top receptions up to ``count`` over three years of every station, one opinion in ten, and
    ``hot_month_rows`` of them in the current month of the hot station (the register scenario)."""
    from liaison.models import Category, Opinion, Reception, Station, StationMember

    existing = Reception.objects.count()
    if existing >= count:
        return existing
    rng = random.Random(11)
    stations = list(Station.objects.values_list("pk", flat=True))
    members: dict[int, list[int]] = {}
    for station_id, deputy_id in StationMember.objects.values_list("station_id", "deputy_id"):
        members.setdefault(station_id, []).append(deputy_id)
    hot = hot_station().pk
    today = timezone.localdate()
    channels, categories = Reception.Channel.values, Category.values
    Through = Reception.receivers.through
    for start in range(existing, count, 10_000):
        batch = []
        for i in range(start, min(start + 10_000, count)):
            if i < hot_month_rows:
                station_id, day = hot, today.replace(day=1) + timedelta(days=rng.randint(0, max(today.day - 1, 0)))
            else:
                station_id, day = rng.choice(stations), today - timedelta(days=rng.randint(0, 3 * 365))
            people = members.get(station_id) or [rng.choice(list(members.values()))[0]]
            batch.append(
                Reception(
                    station_id=station_id,
                    date=day,
                    logged_by_id=rng.choice(people),
                    channel=rng.choice(channels),
                    category=rng.choice(categories),
                    visitor_name="某先生",
                    visitor_count=rng.randint(1, 3),
                    content="反映社区环境和出行问题。",
                    action_taken="已记录并跟进。",
                )
            )
        receptions = Reception.objects.bulk_create(batch)
        Through.objects.bulk_create(Through(reception_id=r.pk, deputy_id=r.logged_by_id) for r in receptions)
        Opinion.objects.bulk_create(
            Opinion(
                station_id=r.station_id,
                reception_id=r.pk,
                category=r.category,
                date=r.date,
                content="建议改善。",
                created_at=timezone.make_aware(datetime.combine(r.date, time(10))),
            )
            for r in receptions
            if r.pk % 10 == 0
        )
    return count


# What the bulk records say: a search word is in one record in ten (停车), in every opinion (改善,
# which each opinion adds, as the city-scale load's do) or in none (火箭).
TOPICS = [
    "反映小区停车难，建议增设停车位。",
    "道路积水影响出行，请尽快疏通排水管道。",
    "老旧小区加装电梯的补贴政策咨询。",
    "菜市场周边噪音扰民，希望加强管理。",
    "学校门口交通拥堵，建议设置护学岗。",
    "社区养老服务中心开放时间太短。",
    "农村垃圾分类收运不及时。",
    "公交线路调整后换乘不便。",
    "路灯损坏多日无人维修。",
    "企业用工招聘信息希望及时公开。",
]


def load_receptions_sql(count: int, opinion_every: int = 2, chunk: int = 1_000_000) -> int:
    """Top receptions up to ``count`` in PostgreSQL itself (generate_series), ``chunk`` rows a
    transaction, for the Quzhou volumes that row-by-row Python would take an hour to write: each
    reception by a member of its station over five years, in the order of their dates (as a live
    table grows, so a month's rows lie together on disk), received by them, one in
    ``opinion_every`` with an opinion. The first rows (the hot month) come from ``load_receptions``.

    The search indexes are dropped while rows go in and built once at the end (a GIN index built
    whole is many times faster than one grown row by row); their definitions wait in
    ``bench_dropped_index`` so that an interrupted load puts them back on its next run."""
    from django.db import connection

    from liaison.models import Category, Opinion, Reception

    load_receptions(min(count, 20_000))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dropped_index (name text PRIMARY KEY, definition text)")
        cursor.execute("SELECT count(*) FROM liaison_reception")
        existing = cursor.fetchone()[0]
        if existing < count:
            cursor.execute(
                "INSERT INTO bench_dropped_index SELECT indexname, indexdef FROM pg_indexes"
                " WHERE indexname IN ('liaison_reception_search', 'liaison_opinion_search') ON CONFLICT DO NOTHING"
            )
            cursor.execute("DROP INDEX IF EXISTS liaison_reception_search, liaison_opinion_search")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_member AS"
            " SELECT row_number() OVER (ORDER BY id) - 1 AS n, station_id, deputy_id FROM liaison_stationmember"
        )
        cursor.execute("SELECT count(*) FROM bench_member")
        members = cursor.fetchone()[0]
        today = timezone.localdate()
        for start in range(existing, count, chunk):
            stop = min(start + chunk, count)
            with transaction.atomic():
                cursor.execute("SELECT coalesce(max(id), 0) FROM liaison_reception")
                before = cursor.fetchone()[0]
                cursor.execute(
                    """
                    INSERT INTO liaison_reception (date, channel, category, visitor_name, visitor_phone,
                        visitor_count, content, action_taken, created_at, updated_at, logged_by_id, station_id)
                    SELECT d, (%(channels)s::text[])[1 + h %% cardinality(%(channels)s::text[])],
                        (%(categories)s::text[])[1 + (h / 7) %% cardinality(%(categories)s::text[])],
                        '某先生', '', 1 + (h / 11) %% 3,
                        (%(topics)s::text[])[1 + (h / 13) %% cardinality(%(topics)s::text[])],
                        '已记录并跟进。', d + time '10:00', d + time '10:00', m.deputy_id, m.station_id
                    FROM (
                        SELECT i, abs(hashint8(i)) AS h, %(today)s::date - 1825 + (i * 1826 / %(count)s)::int AS d
                        FROM generate_series(%(start)s, %(stop)s - 1) AS i
                    ) AS g
                    JOIN bench_member AS m ON m.n = g.h %% %(members)s
                    """,
                    {
                        "channels": Reception.Channel.values,
                        "categories": Category.values,
                        "topics": TOPICS,
                        "today": today,
                        "start": start,
                        "stop": stop,
                        "members": members,
                        "count": count,
                    },
                )
                cursor.execute(
                    "INSERT INTO liaison_reception_receivers (reception_id, deputy_id)"
                    " SELECT id, logged_by_id FROM liaison_reception WHERE id > %s",
                    [before],
                )
                cursor.execute(
                    """
                    INSERT INTO liaison_opinion (station_id, reception_id, source, category, content,
                        citizen_name, citizen_phone, date, state, resolution, citizen_rating,
                        citizen_feedback, created_at, location, photo, photo_type, reopen_reason)
                    SELECT station_id, id, %(source)s, category, content || '建议改善。', '', '', date,
                        (%(states)s::text[])[1 + id %% cardinality(%(states)s::text[])],
                        '', '', '', created_at, '', '', '', ''
                    FROM liaison_reception WHERE id > %(before)s AND id %% %(every)s = 0
                    """,
                    {
                        "source": Opinion.Source.RECEPTION,
                        "states": Opinion.State.values,
                        "before": before,
                        "every": opinion_every,
                    },
                )
            print(f"  receptions {stop:,} of {count:,}", flush=True)
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SELECT name, definition FROM bench_dropped_index")
        for name, definition in cursor.fetchall():
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
            if not cursor.fetchone():
                print(f"  building {name}", flush=True)
                cursor.execute(definition)
            cursor.execute("DELETE FROM bench_dropped_index WHERE name = %s", [name])
    return count


def analyze() -> None:
    """After a bulk load: the duty counts forgotten (deputies/rollups.py), then a vacuum and fresh
    planner statistics, as autovacuum keeps a live database (the visibility map lets PostgreSQL
    answer from covering indexes alone)."""
    from django.db import connection

    from deputies import rollups

    rollups.forget()  # bulk_create sent no signals: the duty counts are made again at their first read
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


@transaction.atomic
def load_projects(projects: int = 50, years: int = 10) -> int:
    """``projects`` livelihood projects of one year, each with ``years`` x 12 monthly reports."""
    from livelihood.models import MonthlyReport, Project

    if Project.objects.filter(title__startswith="基准项目").count() >= projects:
        return projects
    department = Department.objects.first()
    author = Deputy.objects.filter(kind=Deputy.Kind.DEPUTY).first()
    year = timezone.localdate().year
    made = Project.objects.bulk_create(
        Project(year=year, title=f"基准项目{i}", department=department, order=100 + i, progress=i % 100)
        for i in range(projects)
    )
    MonthlyReport.objects.bulk_create(
        MonthlyReport(
            project=p,
            author=author,
            month=date(year - years + m // 12, m % 12 + 1, 1),
            progress=min(100, m),
            against_plan="on",
        )
        for p in made
        for m in range(years * 12)
    )
    return projects


@transaction.atomic
def load_ballot_vote(ballots: int = 6_000, candidates: int = 12):
    """A closable vote with one sealed ballot (of ``candidates`` choices) from each of up to
    ``ballots`` people, with their turnout, as ballot_cast leaves them (for the tally)."""
    from deputies.models import Deputy
    from livelihood import sealing
    from livelihood.models import Candidate, SealedBallot, Turnout, Vote

    vote = Vote.objects.filter(title="基准票决").first()
    if vote and vote.sealed_ballots.exists():
        return vote
    voters = list(Deputy.objects.order_by("pk").values_list("pk", flat=True)[:ballots])
    now = timezone.now()
    vote = Vote.objects.create(
        year=2000,
        title="基准票决",
        seats=10,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        state=Vote.State.OPEN,
        electorate_size=len(voters),
    )
    department = Department.objects.first()
    Candidate.objects.bulk_create(
        Candidate(vote=vote, order=i, title=f"基准候选{i}", department=department) for i in range(candidates)
    )
    rng = random.Random(3)
    Turnout.objects.bulk_create(Turnout(vote=vote, deputy_id=pk, channel="online") for pk in voters)
    SealedBallot.objects.bulk_create(
        (
            SealedBallot(
                vote=vote, sealed=sealing.seal(vote.pk, "".join(rng.choice("FFAB") for _c in range(candidates)))
            )
            for _pk in voters
        ),
        batch_size=5_000,
    )
    return vote

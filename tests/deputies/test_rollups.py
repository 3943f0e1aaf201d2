"""The duty counts kept per deputy and month (deputies/rollups.py) always equal counting the records
afresh: after any sequence of writes, edits and deletions, read at any moment between them."""

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from common.dates import month_bounds
from deputies import rollups
from deputies.duty import SEVEN_SOURCES, SOURCES, _linked_teams_in_python, source_counts, teams
from deputies.models import DutyActivity, DutyCount, DutyMonthChanged
from liaison.models import Activity, Opinion, Reception, StationMonthCount
from liaison.rhythm import month_counts
from supervision.models import DepartmentMonthCount, ItemEvaluation, ItemReply, SupervisionItem
from supervision.selectors import department_figures, department_summary
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory
from tests.supervision.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
# Days on both sides of month ends and of a new year; 23:30 on the 31st is another month in UTC.
DAYS = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28)]
YEARS = (2025, 2026)
FIGURES = DepartmentMonthCount.FIGURES
MONTHLY = sorted(key for key, source in SOURCES.items() if source.monthly)

days = st.sampled_from(DAYS)
people = st.lists(st.integers(0, 3), max_size=3, unique=True)


def fresh(year: int) -> dict[str, dict[int, int]]:
    """Each source counted from the records, as before rollups: the truth the rollups must equal."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return {key: {pk: n for pk, n in SOURCES[key].counts(None, start, end).items() if n} for key in MONTHLY}


TEAMED = sorted(key for key in MONTHLY if SOURCES[key].teams)


def fresh_teams(year: int) -> dict[str, dict[tuple, int]]:
    """Each record once, under the sorted ids of the deputies who took part, counted from the records:
    by the sources' own query (one string_agg query on PostgreSQL), which must agree with the
    records' links read one by one, and with the Python fallback of the quick start."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = {key: SOURCES[key].teams(start, end) for key in TEAMED}
    receptions = Reception.objects.filter(date__year=year)
    at_receptions = Opinion.objects.filter(date__year=year, reception__isnull=False)
    links = Reception.receivers.through.objects
    assert counted["receptions"] == teams(receptions.values_list("pk", "receivers"))
    assert counted["people_received"] == teams(
        receptions.values_list("pk", "receivers"), weights=receptions.values_list("pk", "visitor_count")
    )
    assert counted["opinions_collected"] == teams(at_receptions.values_list("pk", "reception__receivers"))
    measures = {"receptions": Count("pk"), "people_received": Sum("visitor_count")}
    assert _linked_teams_in_python(receptions, links, "reception_id", measures, "pk") == {
        key: counted[key] for key in measures
    }
    assert _linked_teams_in_python(at_receptions, links, "reception_id", {"n": Count("pk")}, "reception_id") == {
        "n": counted["opinions_collected"]
    }
    return counted


class DutyRecords(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        # Each example in a savepoint rolled back at its end: examples start from the same records.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.station = StationFactory()
        self.deputies = [DeputyFactory() for _ in range(4)]
        # every state allowed: each item has its department and deadline
        self.handling = {"lead_department": DepartmentFactory(), "deadline": date(2026, 6, 30)}
        self.departments = [self.handling["lead_department"], DepartmentFactory()]
        self.receptions, self.opinions, self.activities, self.duty_activities, self.items = [], [], [], [], []
        self.answers = []  # replies and ratings

    def teardown(self):
        if hasattr(self, "savepoint"):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    def who(self, indexes):
        return [self.deputies[i] for i in indexes]

    @rule(day=days, receivers=people, visitors=st.integers(1, 5), opinions=st.integers(0, 2))
    def log_a_reception(self, day, receivers, visitors, opinions):
        reception = Reception.objects.create(
            station=self.station, date=day, logged_by=self.deputies[0], content="c", visitor_count=visitors
        )
        reception.receivers.set(self.who(receivers))
        self.receptions.append(reception)
        for _ in range(opinions):
            self.opinions.append(
                Opinion.objects.create(station=self.station, reception=reception, date=day, content="o")
            )

    @precondition(lambda self: self.receptions)
    @rule(pick=st.integers(0, 99), day=days, visitors=st.integers(1, 5))
    def move_a_reception(self, pick, day, visitors):
        """As the reception form does: the reception's day, and its opinions' with it."""
        reception = self.receptions[pick % len(self.receptions)]
        reception.date, reception.visitor_count = day, visitors
        reception.save()
        reception.opinions.exclude(date=day).update(date=day)

    @precondition(lambda self: self.receptions)
    @rule(pick=st.integers(0, 99), receivers=people, clear=st.booleans())
    def change_receivers(self, pick, receivers, clear):
        reception = self.receptions[pick % len(self.receptions)]
        if clear:
            reception.receivers.clear()
        reception.receivers.set(self.who(receivers))

    @precondition(lambda self: self.receptions)
    @rule(pick=st.integers(0, 99), deputy=st.integers(0, 3))
    def a_deputy_adds_a_reception_from_their_side(self, pick, deputy):
        self.deputies[deputy].receptions.add(self.receptions[pick % len(self.receptions)])

    @precondition(lambda self: self.receptions)
    @rule(pick=st.integers(0, 99))
    def delete_a_reception(self, pick):
        reception = self.receptions.pop(pick % len(self.receptions))
        self.opinions = [o for o in self.opinions if o.reception_id != reception.pk]
        reception.delete()

    @precondition(lambda self: self.opinions)
    @rule(pick=st.integers(0, 99), state=st.sampled_from(Opinion.State.values), day=days)
    def answer_or_move_an_opinion(self, pick, state, day):
        opinion = self.opinions[pick % len(self.opinions)]
        opinion.state, opinion.date = state, day
        opinion.save()

    @precondition(lambda self: self.opinions)
    @rule(pick=st.integers(0, 99), closed=st.booleans())
    def hand_an_opinion_on_and_close_it(self, pick, closed):
        opinion = self.opinions[pick % len(self.opinions)]
        item = SupervisionItem.objects.create(
            kind=SupervisionItem.Kind.CITIZEN_OPINION,
            title="t",
            content="c",
            source_content_type=ContentType.objects.get_for_model(Opinion),
            source_object_id=opinion.pk,
            **self.handling,
        )
        if closed:
            item.state = SupervisionItem.State.CLOSED
            item.save()
        self.items.append(item)

    @precondition(lambda self: self.opinions)
    @rule(pick=st.integers(0, 99))
    def delete_an_opinion(self, pick):
        self.opinions.pop(pick % len(self.opinions)).delete()

    @rule(
        day=days,
        lead=st.integers(0, 3),
        co=people,
        late=st.booleans(),
        state=st.sampled_from(SupervisionItem.State.values),
    )
    def file_a_suggestion(self, day, lead, co, late, state):
        at = datetime.combine(day, time(23, 30) if late else time(9), tzinfo=BEIJING)
        item = SupervisionItem.objects.create(
            title="s",
            content="c",
            lead_deputy=self.deputies[lead],
            submitted_at=at,
            assigned_at=at,
            state=state,
            round=1 + late,
            **self.handling,
        )
        item.co_signers.set(self.who(co))
        self.items.append(item)

    @precondition(lambda self: self.items)
    @rule(
        pick=st.integers(0, 99), state=st.sampled_from(SupervisionItem.State.values), lead=st.integers(0, 3), day=days
    )
    def edit_an_item(self, pick, state, lead, day):
        item = self.items[pick % len(self.items)]
        item.state = state
        item.assigned_at = datetime.combine(day, time(9), tzinfo=BEIJING)
        item.lead_department = self.departments[pick % 2]
        if item.kind == SupervisionItem.Kind.DEPUTY_SUGGESTION:
            item.lead_deputy, item.submitted_at = self.deputies[lead], datetime.combine(day, time(9), tzinfo=BEIJING)
        item.save()

    @precondition(lambda self: self.items)
    @rule(pick=st.integers(0, 99))
    def delete_an_item(self, pick):
        item = self.items.pop(pick % len(self.items))
        self.answers = [a for a in self.answers if a.item_id != item.pk]
        item.delete()

    @precondition(lambda self: self.items)
    @rule(
        pick=st.integers(0, 99),
        on_time=st.booleans(),
        category=st.sampled_from(ItemReply.Category.values),
        rating=st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied"]),
    )
    def a_department_replies_and_is_rated(self, pick, on_time, category, rating):
        item = self.items[pick % len(self.items)]
        common = {"item": item, "round": item.round}
        if not ItemReply.objects.filter(**common).exists():  # one reply per round
            self.answers.append(
                ItemReply.objects.create(
                    **common,
                    department=item.lead_department,
                    content="r",
                    deadline=date(2026, 6, 30),
                    on_time=on_time,
                    category=category,
                )
            )
        for rater in ItemEvaluation.Rater.values:  # one rating per rater and round
            if not ItemEvaluation.objects.filter(**common, rater=rater).exists():
                self.answers.append(ItemEvaluation.objects.create(**common, rater=rater, rating=rating))
                break

    @precondition(lambda self: self.answers)
    @rule(pick=st.integers(0, 99), on_time=st.booleans())
    def change_or_delete_an_answer(self, pick, on_time):
        answer = self.answers[pick % len(self.answers)]
        if isinstance(answer, ItemReply) and on_time:
            answer.on_time = not answer.on_time
            answer.save()
        else:
            self.answers.remove(answer)
            answer.delete()

    @rule(day=days, attendees=people, kind=st.sampled_from(DutyActivity.Kind.values), firms=st.integers(0, 3))
    def record_a_duty_activity(self, day, attendees, kind, firms):
        activity = DutyActivity.objects.create(date=day, kind=kind, title="a", firms_visited=firms)
        activity.attendees.set(self.who(attendees))
        self.duty_activities.append(activity)

    @precondition(lambda self: self.duty_activities)
    @rule(pick=st.integers(0, 99), day=days, kind=st.sampled_from(DutyActivity.Kind.values), attendees=people)
    def edit_a_duty_activity(self, pick, day, kind, attendees):
        activity = self.duty_activities[pick % len(self.duty_activities)]
        activity.date, activity.kind = day, kind
        activity.save()
        activity.attendees.set(self.who(attendees))

    @precondition(lambda self: self.duty_activities)
    @rule(pick=st.integers(0, 99))
    def delete_a_duty_activity(self, pick):
        self.duty_activities.pop(pick % len(self.duty_activities)).delete()

    @rule(day=days, attendees=people)
    def hold_a_station_activity(self, day, attendees):
        activity = Activity.objects.create(station=self.station, date=day, kind=Activity.Kind.values[0], title="a")
        activity.attendees.set(self.who(attendees))
        self.activities.append(activity)

    @precondition(lambda self: self.activities)
    @rule(pick=st.integers(0, 99))
    def cancel_a_station_activity(self, pick):
        self.activities.pop(pick % len(self.activities)).delete()

    @rule(pick=st.integers(1, 3))
    def delete_a_deputy(self, pick):
        """Someone entered by mistake is deleted: their links go without an m2m signal. (A lead
        deputy is protected; the first logs every reception.) A new person takes their place."""
        deputy = self.deputies[pick]
        if SupervisionItem.objects.filter(lead_deputy=deputy).exists():
            return
        deputy.delete()
        self.deputies[pick] = DeputyFactory()

    @rule(year=st.sampled_from(YEARS))
    def read_on_a_page(self, year):
        """A page reads between writes: what it counted must not hide a later change."""
        source_counts(SEVEN_SOURCES, None, year)

    @invariant()
    def rollups_equal_the_records(self):
        if not hasattr(self, "station"):
            return
        for year in YEARS:
            read = source_counts(MONTHLY, None, year)
            assert {key: {pk: n for pk, n in read[key].items() if n} for key in MONTHLY} == fresh(year)
            assert rollups.read_teams(TEAMED, date(year, 1, 1), date(year, 12, 31)) == fresh_teams(year)
            # the 六个一's counts per station, month and kind (liaison's rollup, kept by the same marks)
            kept = StationMonthCount.objects.filter(month__year=year).values_list("station_id", "kind", "month", "n")
            assert {(s, k, m): n for s, k, m, n in kept} == month_counts(date(year, 1, 1), date(year, 12, 31))
            # the department summary's months (supervision's rollup, kept by the same marks)
            summary = {row["department"].pk: row for row in department_summary(year=year)}
            kept = DepartmentMonthCount.objects.filter(month__year=year).values("department", "month", *FIGURES)
            assert {(r.pop("department"), r.pop("month")): r for r in kept} == {
                (pk, date(year, m, 1)): row
                for m in range(1, 13)
                for pk, row in department_figures(*month_bounds(date(year, m, 1))).items()
            }
            whole_year = department_figures(date(year, 1, 1), date(year, 12, 31))
            assert {pk: {f: row[f] for f in FIGURES} for pk, row in summary.items()} == whole_year


def test_rollups_equal_the_records_after_any_writes_edits_and_deletions(db):
    run_state_machine_as_test(
        DutyRecords,
        settings=settings(
            max_examples=20 if os.environ.get("CI") == "true" else 8,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_a_year_is_counted_from_records_written_without_signals(db):
    """Records loaded in bulk (the benchmark's loader, an import) count once ``forget()`` is called."""
    deputy, station = DeputyFactory(), StationFactory()
    reception = Reception.objects.bulk_create(
        [Reception(station=station, date=date(2026, 3, 4), logged_by=deputy, content="c", visitor_count=3)]
    )[0]
    Reception.receivers.through.objects.bulk_create([Reception.receivers.through(reception=reception, deputy=deputy)])
    rollups.forget()
    counted = source_counts(["receptions", "people_received"], [deputy.pk], 2026)
    assert counted == {"receptions": {deputy.pk: 1}, "people_received": {deputy.pk: 3}}
    assert not DutyMonthChanged.objects.exists()  # the read counted every changed month
    assert DutyCount.objects.filter(deputy=deputy, month=date(2026, 3, 1), source="receptions").get().n == 1


def test_the_beat_task_counts_changed_months_so_pages_need_not(db):
    from deputies.tasks import refresh_duty_counts

    deputy, station = DeputyFactory(), StationFactory()
    source_counts(["receptions"], None, 2026)  # the year is counted (empty)
    reception = Reception.objects.create(station=station, date=date(2026, 5, 6), logged_by=deputy, content="c")
    reception.receivers.add(deputy)
    assert DutyMonthChanged.objects.filter(month=date(2026, 5, 1)).exists()
    assert refresh_duty_counts() == 1
    assert not DutyMonthChanged.objects.exists()
    assert DutyCount.objects.get(deputy=deputy, source="receptions").n == 1


def test_counting_a_changed_month_costs_the_same_for_few_records_or_many(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    station, people = StationFactory(), [DeputyFactory() for _ in range(3)]
    source_counts(["receptions"], None, 2026)  # the year is counted (empty)
    queries = []
    for n in (2, 20):
        for _ in range(n):
            reception = Reception.objects.create(
                station=station, date=date(2026, 7, 8), logged_by=people[0], content="c"
            )
            reception.receivers.set(people)
        with CaptureQueriesContext(connection) as captured:
            source_counts(SEVEN_SOURCES, None, 2026)
        queries.append(len(captured))
    # a grouped query per source whatever the records, and a delete and an insert per rollup only
    # where some row changed
    assert max(queries) <= 40
    assert source_counts(["receptions"], [people[2].pk], 2026)["receptions"] == {people[2].pk: 22}

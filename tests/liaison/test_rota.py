"""The Wednesday rota: holidays, fairness, leave, regeneration, and who may plan it."""

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from liaison import services
from liaison.models import Holiday, HolidayYear, ReceptionShift, ShiftAssignment
from tests.deputies.factories import DeputyFactory, LeaveFactory
from tests.liaison.factories import HolidayFactory, StationFactory, StationMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(db):
    station = StationFactory(name="和平社区代表联络站")
    for name in ("甲", "乙", "丙", "丁", "戊"):
        StationMemberFactory(station=station, deputy=DeputyFactory(name=name))
    return station


@pytest.fixture
def sept_2026(time_machine):
    time_machine.move_to(date(2026, 9, 20))


def plan(station, staff, start, end, **kw):
    return services.rota_generate(station=station, start=start, end=end, by=staff, **kw)


def counts(station, start=None, end=None):
    qs = ShiftAssignment.objects.filter(shift__station=station)
    return Counter(qs.values_list("deputy__name", flat=True))


def test_holidays_come_from_chinese_calendar_and_mark_their_years_complete():
    services.holidays_sync()
    assert Holiday.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    assert HolidayYear.objects.filter(year=2026, source="package").exists()
    assert services.holidays_sync() == 0  # again: nothing new
    assert Holiday.objects.get(date=date(2026, 2, 17)).name == "春节"


def test_rota_falls_on_every_wednesday_and_skips_statutory_holidays(station, staff_user, sept_2026):
    shifts = plan(station, staff_user, date(2026, 9, 21), date(2026, 10, 31))
    days = [s.date for s in shifts]
    assert date(2026, 10, 7) not in days  # National Day holiday week
    assert days == [date(2026, 9, 23), date(2026, 9, 30), date(2026, 10, 14), date(2026, 10, 21), date(2026, 10, 28)]
    assert all(d.weekday() == 2 for d in days)


def test_a_make_up_working_day_is_not_a_shift_unless_staff_add_it(station, staff_user, sept_2026):
    plan(station, staff_user, date(2026, 9, 21), date(2026, 10, 31))
    assert not ReceptionShift.objects.filter(date=date(2026, 10, 10)).exists()  # Saturday make-up day
    deputy = station.members.first().deputy
    services.shift_save(
        station=station, day=date(2026, 10, 10), deputies=[deputy], by=staff_user, note="调休上班日加班接待"
    )
    assert ReceptionShift.objects.get(date=date(2026, 10, 10)).deputies.get() == deputy


@pytest.mark.parametrize(
    ("members", "start", "end", "per_shift"),
    [
        (5, date(2026, 9, 21), date(2026, 12, 31), 1),
        (3, date(2026, 9, 21), date(2026, 11, 30), 2),
        (7, date(2026, 9, 21), date(2026, 12, 31), 2),
        (4, date(2026, 9, 21), date(2026, 9, 30), 1),
    ],
)
def test_each_persons_count_is_within_one_of_everyone_elses(staff_user, sept_2026, members, start, end, per_shift):
    station = StationFactory()
    for _ in range(members):
        StationMemberFactory(station=station)
    shifts = plan(station, staff_user, start, end, per_shift=per_shift)
    per_person = counts(station)
    all_counts = [per_person.get(m.deputy.name, 0) for m in station.members.select_related("deputy")]
    assert max(all_counts) - min(all_counts) <= 1
    assert sum(all_counts) == len(shifts) * per_shift
    assert all(s.assignments.count() == per_shift for s in shifts)


def test_inactive_people_are_never_on_the_rota(station, staff_user, sept_2026):
    gone = station.members.get(deputy__name="丙").deputy
    gone.is_active = False
    gone.save()
    plan(station, staff_user, date(2026, 9, 21), date(2026, 12, 31))
    assert "丙" not in counts(station)
    assert max(counts(station).values()) - min(counts(station).values()) <= 1


def test_people_on_leave_are_skipped_only_while_on_leave(station, staff_user, sept_2026):
    away = station.members.get(deputy__name="甲").deputy
    LeaveFactory(deputy=away, start=date(2026, 9, 21), end=date(2026, 10, 31), reason="学习")
    plan(station, staff_user, date(2026, 9, 21), date(2026, 12, 31))
    days = list(ShiftAssignment.objects.filter(deputy=away).values_list("shift__date", flat=True))
    assert days and all(d > date(2026, 10, 31) for d in days)


def test_regenerating_keeps_shifts_with_receptions_and_replaces_the_rest(station, staff_user, time_machine):
    time_machine.move_to(date(2026, 9, 20))
    first = plan(station, staff_user, date(2026, 9, 21), date(2026, 11, 30))
    kept = first[0]
    kept_people = set(kept.assignments.values_list("deputy_id", flat=True))
    time_machine.move_to(kept.date)  # the Wednesday comes; the deputy on duty logs a reception
    services.reception_log(
        logged_by=kept.assignments.first().deputy, station=station, day=kept.date, content="来访反映问题"
    )
    StationMemberFactory(station=station, deputy=DeputyFactory(name="己"))  # a new member joins
    second = plan(station, staff_user, kept.date, date(2026, 11, 30))
    assert set(ReceptionShift.objects.get(pk=kept.pk).assignments.values_list("deputy_id", flat=True)) == kept_people
    assert kept.date not in [s.date for s in second]
    assert ReceptionShift.objects.filter(station=station).count() == len(first)
    assert "己" in counts(station)
    values = counts(station).values()
    assert max(values) - min(values) <= 1


def test_a_year_without_a_confirmed_holiday_list_is_refused(station, staff_user, sept_2026):
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        plan(station, staff_user, date(2026, 12, 1), date(2027, 2, 28))
    assert "2027年的法定节假日尚未确认" in error.value.messages[0]
    assert not ReceptionShift.objects.exists()
    # One holiday entered does not make the year's list complete (Spring Festival would be missed).
    HolidayFactory(date=date(2027, 1, 1), name="元旦")
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        plan(station, staff_user, date(2026, 12, 1), date(2027, 2, 28))
    assert "2027年的法定节假日尚未确认" in error.value.messages[0]
    # Staff enter the State Council's notice and confirm the year: the rota skips Spring Festival week.
    for day in range(10, 18):
        HolidayFactory(date=date(2027, 2, day), name="春节")
    services.holiday_year_confirm(year=2027, by=staff_user)
    shifts = {s.date for s in plan(station, staff_user, date(2026, 12, 1), date(2027, 2, 28))}
    assert date(2027, 2, 10) not in shifts and date(2027, 2, 17) not in shifts and date(2027, 2, 24) in shifts


def test_only_staff_confirm_a_year_and_only_once_its_holidays_are_entered(staff_user, deputy_user):
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        services.holiday_year_confirm(year=2028, by=staff_user)
    assert "请先录入2028年的法定节假日" in " ".join(error.value.messages)
    HolidayFactory(date=date(2028, 1, 1), name="元旦")
    with pytest.raises(ValidationError):
        services.holiday_year_confirm(year=2028, by=deputy_user)
    assert services.holiday_year_confirm(year=2028, by=staff_user).source == "staff"


def test_the_rota_starts_today_or_later_and_only_staff_plan_it(station, staff_user, deputy_user, sept_2026):
    with pytest.raises(ValidationError):
        plan(station, staff_user, date(2026, 9, 1), date(2026, 10, 31))
    with pytest.raises(ValidationError):
        plan(station, deputy_user, date(2026, 9, 21), date(2026, 10, 31))
    with pytest.raises(ValidationError):
        plan(station, staff_user, date(2026, 10, 31), date(2026, 9, 21))


def test_a_shift_for_an_inactive_deputy_is_refused(station, staff_user, sept_2026):
    inactive = DeputyFactory(is_active=False, name="离任代表")
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        services.shift_save(station=station, day=date(2026, 9, 23), deputies=[inactive], by=staff_user)
    assert "不在职" in error.value.messages[0]
    assert not ShiftAssignment.objects.filter(deputy=inactive).exists()

"""Liaison pages: the public's, the deputy's on a phone, the station's registers and consultation."""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override
from icalendar import Calendar

from accounts import roles
from liaison import services
from liaison.models import Opinion, Reception
from supervision import services as supervision
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory, DutyReportFactory
from tests.liaison.factories import StationFactory, StationMemberFactory
from tests.supervision.factories import DepartmentFactory
from tests.xlsx import first_table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def zone(db, staff_user, time_machine):
    """Wednesday 2026-11-25: a station with three members and a rota to the end of the year."""
    time_machine.move_to(date(2026, 11, 23))
    station = StationFactory(
        name="和平社区代表联络站", address="和平路1号", opening_hours="每周三 9:00–11:30", contact_phone="028-85001234"
    )
    people = []
    for name, phone in (("张代表", "13900000001"), ("李代表", "13900000002"), ("王代表", "13900000003")):
        user = UserFactory(username=f"u{phone}", roles=[roles.DEPUTY])
        people.append(
            StationMemberFactory(station=station, deputy=DeputyFactory(name=name, phone=phone, user=user)).deputy
        )
    services.rota_generate(station=station, start=date(2026, 11, 23), end=date(2026, 12, 31), by=staff_user)
    time_machine.move_to(date(2026, 11, 25))
    return station, people


def on_duty_today(station):
    return station.shifts.get(date=date(2026, 11, 25)).assignments.first().deputy


# --- public -----------------------------------------------------------------------------------


def test_public_station_page_shows_who_is_on_duty_and_the_qr_code_but_no_phones(client, zone):
    station, people = zone
    html = client.get(reverse("liaison:station_public", args=[station.pk])).content.decode()
    assert "和平路1号" in html and "每周三 9:00–11:30" in html
    assert on_duty_today(station).name in html
    for deputy in people:
        assert deputy.phone not in html
    assert reverse("liaison:station_qr", args=[station.pk]) in html
    svg = client.get(reverse("liaison:station_qr", args=[station.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_a_citizen_submits_an_opinion_gets_a_code_and_follows_it(client, zone, staff_user):
    station, _people = zone
    response = client.post(
        reverse("liaison:opinion_create"),
        {
            "station": station.pk,
            "category": "urban",
            "content": "小区路灯坏了",
            "citizen_name": "李女士",
            "citizen_phone": "13800001111",
        },
        follow=True,
    )
    opinion = Opinion.objects.get()
    code = client.session["opinion_code"]
    assert code in response.content.decode()
    status = client.post(reverse("liaison:opinion_track"), {"code": code}).content.decode()
    assert "小区路灯坏了" in status and "已收到" in status
    assert "李女士" not in status and "13800001111" not in status

    department = DepartmentFactory(name="城管局")
    contact = UserFactory(roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    item = services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2026, 12, 20))
    assert "城管局正在办理" in client.post(reverse("liaison:opinion_track"), {"code": code}).content.decode()
    supervision.item_start_handling(item=item, by=contact)
    supervision.item_reply(item=item, by=contact, category="A", content="路灯已修复。")
    status = client.post(reverse("liaison:opinion_track"), {"code": code}).content.decode()
    assert "路灯已修复" in status and "部门已答复" in status and contact.name not in status
    client.post(reverse("liaison:opinion_feedback"), {"code": code, "rating": "satisfied", "comment": "谢谢"})
    assert Opinion.objects.get().citizen_rating == "satisfied"


def test_an_unknown_tracking_code_is_told_at_the_field(client, zone):
    response = client.post(reverse("liaison:opinion_track"), {"code": "ABCDEFGHJK"})
    assert "没有查询码为“ABCDEFGHJK”的意见" in response.content.decode()


def test_the_honeypot_drops_bots_silently(client, zone):
    station, _people = zone
    response = client.post(
        reverse("liaison:opinion_create"),
        {"station": station.pk, "category": "other", "content": "广告", "website": "http://spam"},
    )
    assert response.status_code == 302
    assert not Opinion.objects.exists()


def test_the_opinion_form_is_rate_limited_by_the_opinions_received(client, zone):
    station, _people = zone
    url = reverse("liaison:opinion_create")
    for _ in range(3):  # forms sent back to fix a field do not count
        assert client.post(url, {"station": station.pk, "category": "other", "content": ""}).status_code == 200
    for n in range(30):
        client.post(url, {"station": station.pk, "category": "other", "content": f"意见{n}"})
    response = client.post(url, {"station": station.pk, "category": "other", "content": "第三十一条"})
    assert response.status_code == 429 and "提交的意见过多" in response.content.decode()
    assert Opinion.objects.count() == 30


def test_an_empty_opinion_gets_a_chinese_field_error(client, zone):
    station, _people = zone
    response = client.post(
        reverse("liaison:opinion_create"), {"station": station.pk, "category": "other", "content": ""}
    )
    assert "这个字段是必填项" in response.content.decode() and not Opinion.objects.exists()


# --- deputies ---------------------------------------------------------------------------------


def test_done_when_a_deputy_logs_a_reception_with_two_opinions_and_staff_see_it_everywhere(client, zone, staff_user):
    """The issue's journey: shift today, a reception with two opinions, the registers, Excel, the pack."""
    station, people = zone
    deputy = on_duty_today(station)
    colleague = next(p for p in people if p != deputy)
    client.force_login(deputy.user)
    home = client.get(reverse("home")).content.decode()
    assert "今天在和平社区代表联络站值班" in home
    form = client.get(reverse("liaison:reception_create"))
    assert form.context["form"].initial["date"] == date(2026, 11, 25)
    assert form.context["form"].initial["station"] == station.pk
    response = client.post(
        reverse("liaison:reception_create"),
        {
            "date": "2026-11-25",
            "station": station.pk,
            "channel": "face_to_face",
            "category": "transport",
            "content": "反映公交站太远",
            "action_taken": "记录并转交",
            "visitor_name": "赵大爷",
            "visitor_phone": "13700007777",
            "visitor_count": 2,
            "co_receivers": [colleague.pk],
            "opinions-TOTAL_FORMS": 2,
            "opinions-INITIAL_FORMS": 0,
            "opinions-0-content": "增设公交站",
            "opinions-0-category": "",
            "opinions-1-content": "延长末班车",
            "opinions-1-category": "transport",
        },
    )
    reception = Reception.objects.get()
    assert response.status_code == 302 and reception.opinions.count() == 2

    client.force_login(staff_user)
    base = {"start": "2026-11-01", "end": "2026-11-30"}
    contacts = client.get(reverse("liaison:register", args=[station.pk, "contacts"]), base).content.decode()
    assert (
        "反映公交站太远" in contacts and "赵大爷" in contacts and deputy.name in contacts and colleague.name in contacts
    )
    opinions = client.get(reverse("liaison:register", args=[station.pk, "opinions"]), base).content.decode()
    assert "增设公交站" in opinions and "延长末班车" in opinions
    rows = first_table(
        client.get(reverse("liaison:register", args=[station.pk, "contacts"]), base | {"format": "xlsx"}).content
    )
    assert rows[0][:3] == ("序号", "日期", "接待代表") and rows[1][0] == 1 and rows[1][7] == "反映公交站太远"
    pack = client.get(reverse("liaison:consultation", args=[station.pk, 2026, 11])).content.decode()
    assert "交通出行" in pack and "增设公交站" in pack and deputy.name in pack


def test_a_future_date_is_refused_on_the_reception_form(client, zone):
    station, _people = zone
    deputy = on_duty_today(station)
    client.force_login(deputy.user)
    response = client.post(
        reverse("liaison:reception_create"),
        {
            "date": "2026-11-26",
            "station": station.pk,
            "channel": "face_to_face",
            "category": "other",
            "content": "x",
            "visitor_count": 1,
            "opinions-TOTAL_FORMS": 0,
            "opinions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "不能登记未来日期的接待" in response.content.decode()
    assert not Reception.objects.exists()


def test_a_deputy_sees_and_edits_only_their_own_receptions(client, zone):
    station, (a, b, c) = zone
    mine = services.reception_log(logged_by=a, station=station, day=date(2026, 11, 25), content="我的接待")
    theirs = services.reception_log(logged_by=b, station=station, day=date(2026, 11, 25), content="别人的接待")
    client.force_login(a.user)
    assert [r.content for r in client.get(reverse("liaison:reception_list")).context["receptions"]] == ["我的接待"]
    assert client.get(reverse("liaison:reception_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("liaison:reception_update", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("liaison:reception_update", args=[mine.pk])).status_code == 200


def test_my_shifts_page_swap_and_calendar_feed(client, zone):
    station, (a, b, _c) = zone
    client.force_login(a.user)
    page = client.get(reverse("liaison:my_shifts"))
    assignments = list(page.context["assignments"])
    assert assignments and all(x.deputy == a for x in assignments)
    client.post(reverse("liaison:swap_request", args=[assignments[0].pk]), {"colleague": b.pk})
    client.force_login(b.user)
    swap = client.get(reverse("liaison:my_shifts")).context["swaps"][0]
    client.post(reverse("liaison:swap_accept", args=[swap.pk]))
    assignments[0].refresh_from_db()
    assert assignments[0].deputy == b
    feed = client.get(page.context["feed_url"].replace("http://testserver", ""))
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert feed["Content-Type"].startswith("text/calendar") and events
    event = events[0]
    assert "和平社区代表联络站" in str(event["summary"]) and "DTSTAMP" in event
    # Timed in Beijing time with the station's hours, and a reminder at 18:00 the evening before.
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.hour, start.minute, end.hour, end.minute) == (9, 0, 11, 30) and start.utcoffset().seconds == 8 * 3600
    [alarm] = event.walk("VALARM")
    assert start + alarm.decoded("trigger") == start.replace(hour=18, minute=0) - timedelta(days=1)
    text = client.get(reverse("liaison:my_shifts")).content.decode()
    assert "webcal://testserver/liaison/shifts/feed/" in text and "data-copy" in text


def test_a_shift_without_written_hours_is_a_whole_day():
    from datetime import date as day

    from liaison.views.deputies import shift_hours

    assert shift_hours(day(2026, 12, 2), "逢周三上午") == (day(2026, 12, 2), day(2026, 12, 3))
    start, end = shift_hours(day(2026, 12, 2), "上午9:00-11:30，下午2:30至5:00")
    assert (start.hour, end.hour, end.minute) == (9, 11, 30)
    assert shift_hours(day(2026, 12, 2), "25:00-26:00")[0] == day(2026, 12, 2)


def test_another_stations_deputy_cannot_open_this_stations_registers(client, zone):
    station, _people = zone
    outsider = StationMemberFactory(deputy=DeputyFactory(user=UserFactory(roles=[roles.DEPUTY]))).deputy
    client.force_login(outsider.user)
    assert client.get(reverse("liaison:register", args=[station.pk, "contacts"])).status_code == 404
    assert client.get(reverse("liaison:station_work", args=[station.pk])).status_code == 404
    assert client.get(reverse("liaison:rota", args=[station.pk])).status_code == 403
    assert (
        client.get(reverse("liaison:consultation", args=[station.pk, 2026, 11])).status_code == 404
    )  # not an attendee


# --- registers and the pack --------------------------------------------------------------------


def fill_month(station, people, n, staff):
    """``n`` receptions with an opinion each, activities and duty reports, in November 2026."""
    for i in range(n):
        services.reception_log(
            logged_by=people[i % 3],
            station=station,
            day=date(2026, 11, 1 + i % 24),
            content=f"第{i}次接待",
            co_receivers=[people[(i + 1) % 3]],
            opinions=[{"content": f"意见{i}"}],
        )
        services.activity_record(
            station=station, day=date(2026, 11, 2), kind="meeting", title=f"活动{i}", attendees=people, by=staff
        )
        DutyReportFactory(deputy=people[i % 3], date=date(2026, 11, 3), audience="选民", summary=f"述职{i}")


@pytest.mark.parametrize("slug", ["activities", "contacts", "duty-reports", "opinions"])
def test_each_register_lists_its_rows_numbered_with_title_station_and_period(client, zone, staff_user, slug):
    station, people = zone
    fill_month(station, people, 3, staff_user)
    client.force_login(staff_user)
    response = client.get(
        reverse("liaison:register", args=[station.pk, slug]), {"start": "2026-11-01", "end": "2026-11-30"}
    )
    html = response.content.decode()
    assert [row[0] for row in response.context["rows"]] == [1, 2, 3]
    assert (
        str(response.context["register"].title) in html and station.name in html and "2026-11-01 — 2026-11-30" in html
    )
    assert "print.js" in html


def test_registers_filter_by_deputy_and_period(client, zone, staff_user):
    station, people = zone
    fill_month(station, people, 3, staff_user)
    client.force_login(staff_user)
    url = reverse("liaison:register", args=[station.pk, "duty-reports"])
    rows = client.get(url, {"start": "2026-11-01", "end": "2026-11-30", "deputy": people[0].pk}).context["rows"]
    assert [r[2] for r in rows] == [people[0].name]
    assert client.get(url, {"start": "2026-10-01", "end": "2026-10-31"}).context["rows"] == []


@pytest.mark.parametrize(
    ("slug", "queries"), [("activities", 9), ("contacts", 9), ("duty-reports", 8), ("opinions", 11)]
)
def test_register_query_count_does_not_depend_on_rows(
    client, zone, staff_user, django_assert_max_num_queries, slug, queries
):
    station, people = zone
    client.force_login(staff_user)
    url = reverse("liaison:register", args=[station.pk, slug])
    for n in (2, 12):
        fill_month(station, people, n, staff_user)
        # At most: the opinions register reads forwarded items' replies only when there are some.
        with django_assert_max_num_queries(queries):
            response = client.get(url, {"start": "2026-11-01", "end": "2026-11-30"})
        assert len(response.context["rows"]) >= n


def test_consultation_pack_query_count_does_not_depend_on_rows(client, zone, staff_user, django_assert_num_queries):
    station, people = zone
    client.force_login(staff_user)
    url = reverse("liaison:consultation", args=[station.pk, 2026, 11])
    client.get(url)  # the first request also fills the cache (each test starts with it empty)
    for n in (2, 12):
        fill_month(station, people, n, staff_user)
        with django_assert_num_queries(15):
            assert client.get(url).status_code == 200


def test_consultation_meeting_and_opinion_through_the_page(client, zone, staff_user):
    station, people = zone
    fill_month(station, people, 2, staff_user)
    department = DepartmentFactory(name="交通局")
    client.force_login(staff_user)
    url = reverse("liaison:consultation", args=[station.pk, 2026, 11])
    initial = client.get(url).context["meeting_form"].initial["attendees"]
    assert set(initial) == {p.pk for p in people}
    record = reverse("liaison:consultation_record", args=[station.pk, 2026, 11])
    client.post(record, {"held_on": "2026-11-25", "attendees": initial, "minutes": "会商纪要"})
    client.post(
        reverse("liaison:consultation_opinion", args=[station.pk, 2026, 11]),
        {
            "title": "督办：公交",
            "content": "请研究。",
            "department": department.pk,
            "deadline": "2026-12-31",
        },
    )
    consultation = station.consultations.get()
    assert consultation.minutes == "会商纪要" and consultation.items.get().lead_department == department


def test_staff_plan_the_rota_through_the_page_and_see_errors_in_chinese(client, zone, staff_user):
    station, _people = zone
    client.force_login(staff_user)
    response = client.post(
        reverse("liaison:rota", args=[station.pk]), {"start": "2026-12-01", "end": "2027-01-31", "per_shift": 1}
    )
    assert response.status_code == 400 and "2027年的法定节假日尚未确认" in response.content.decode()
    response = client.post(
        reverse("liaison:rota", args=[station.pk]), {"start": "2026-12-01", "end": "2026-12-31", "per_shift": 2}
    )
    assert response.status_code == 302
    assert all(s.assignments.count() == 2 for s in station.shifts.filter(date__gte=date(2026, 12, 1)))


def test_an_archive_upload_that_is_not_an_image_pdf_or_office_file_is_refused(client, zone, staff_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    station, _people = zone
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:liaison_archiveentry_add"),
        {
            "station": station.pk,
            "section": "construction",
            "title": "建设",
            "body": "",
            "files-TOTAL_FORMS": 1,
            "files-INITIAL_FORMS": 0,
            "files-0-file": SimpleUploadedFile("a.exe", b"MZ"),
            "files-0-caption": "",
        },
    )
    assert response.status_code == 200 and "不是图片、PDF 或办公文档" in response.content.decode()
    assert not station.archive.exists()


def test_a_rota_starting_in_year_9999_is_a_form_error(client, zone, staff_user):
    station, _people = zone
    client.force_login(staff_user)
    response = client.post(
        reverse("liaison:rota", args=[station.pk]), {"start": "9999-12-01", "end": "9999-12-31", "per_shift": 1}
    )
    assert response.status_code == 400 and "请输入 2000 年至 2099 年之间的日期" in response.content.decode()


def test_attendees_and_co_receivers_come_from_the_station(client, zone, staff_user):
    """Nobody can put a deputy of another station into their register, archive and 七个一."""
    station, (a, b, _c) = zone
    outsider = StationMemberFactory(deputy=DeputyFactory(name="外站代表")).deputy
    client.force_login(a.user)
    response = client.post(
        reverse("liaison:activity_create", args=[station.pk]),
        {"date": "2026-11-20", "kind": "meeting", "title": "议事会", "attendees": [a.pk, outsider.pk]},
    )
    assert response.status_code == 400 and not outsider.station_activities.exists()
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        services.activity_record(
            station=station, day=date(2026, 11, 20), kind="meeting", title="议事会", attendees=[a, outsider], by=a.user
        )
    assert "外站代表" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        services.reception_log(
            logged_by=a, station=station, day=date(2026, 11, 20), content="x", co_receivers=[outsider]
        )
    assert not outsider.receptions.exists()


def test_the_rota_prints_as_the_notice_posted_at_the_station(client, zone, staff_user, django_assert_num_queries):
    station, people = zone
    client.force_login(people[0].user)
    month = client.get(reverse("liaison:rota_notice", args=[station.pk, 2026, 12])).content.decode()
    assert "2026年12月代表接待群众安排" in month and "12月2日（星期三）" in month and "每周三 9:00–11:30" in month
    assert "11月25日" not in month and "和平路1号" in month and "028-85001234" in month
    assert any(p.name in month for p in people)
    year = client.get(reverse("liaison:rota_notice_year", args=[station.pk, 2026])).content.decode()
    assert "11月25日" in year and "12月30日" in year
    assert client.get(f"/liaison/stations/{station.pk}/rota/2026/13/").status_code == 404
    assert client.get(f"/liaison/stations/{station.pk}/rota/2026/99999999999999999999/").status_code == 404
    excel = client.get(reverse("liaison:rota_notice", args=[station.pk, 2026, 12]), {"format": "xlsx"})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")
    shown = first_table(excel.content)[1:]
    assert [r[0].date() for r in shown] == [date(2026, 12, d) for d in (2, 9, 16, 23, 30)]
    assert shown[0][1] == "星期三" and shown[0][2] == "每周三 9:00–11:30"
    assert any(p.name in (shown[0][3] or "") for p in people)
    client.force_login(staff_user)
    with django_assert_num_queries(8):  # session, user, roles, station (+ its sub-district), shifts, assignments, bell
        client.get(reverse("liaison:rota_notice_year", args=[station.pk, 2026]))
    outsider = StationMemberFactory(deputy=DeputyFactory(user=UserFactory(roles=[roles.DEPUTY]))).deputy
    client.force_login(outsider.user)
    assert client.get(reverse("liaison:rota_notice", args=[station.pk, 2026, 12])).status_code == 404


def test_the_public_form_groups_stations_by_sub_district_asks_the_category_and_sums_up_errors(client, zone):
    station, _people = zone
    page = client.get(reverse("liaison:opinion_create"))
    html = page.content.decode()
    assert f'<optgroup label="{station.sub_district.name}">' in html
    assert page.context["form"]["category"].value() == ""  # nothing preset
    response = client.post(reverse("liaison:opinion_create"), {"station": station.pk, "content": ""})
    html = response.content.decode()
    assert "请修改以下内容" in html and "请选择意见类别" in html
    assert 'href="#id_category"' in html and 'href="#id_content"' in html


def test_the_tracking_code_copies_bookmarks_and_shows_a_timeline(client, zone, staff_user):
    station, _people = zone
    form = {"station": station.pk, "category": "urban", "content": "路灯坏了"}
    thanks = client.post(reverse("liaison:opinion_create"), form, follow=True).content.decode()
    code = client.session["opinion_code"]
    assert f"{reverse('liaison:opinion_track')}#{code}" in thanks and "data-copy" in thanks
    opinion = Opinion.objects.get()
    department = DepartmentFactory(name="城管局")
    services.opinion_forward(opinion=opinion, by=staff_user, department=department, deadline=date(2026, 12, 20))
    typed = f"{code[:4].lower()} {code[4:].lower()}"  # as a citizen types it
    page = client.post(reverse("liaison:opinion_track"), {"code": typed})
    html = page.content.decode()
    assert f"意见 {code}" in html or f"意见{code}" in html
    assert [s["step"] for s in page.context["timeline"]] == ["received", "forwarded"]
    assert "已转交城管局办理" in html and "track.js" in client.get(reverse("liaison:opinion_track")).content.decode()


def test_a_station_prints_its_a4_poster_with_the_qr_code(client, zone):
    station, _people = zone
    page = client.get(reverse("liaison:station_poster", args=[station.pk])).content.decode()
    assert station.name in page and reverse("liaison:station_qr", args=[station.pk]) in page
    assert "每周三 9:00–11:30" in page and "data-print" in page
    assert (
        reverse("liaison:station_poster", args=[station.pk])
        in client.get(reverse("liaison:station_public", args=[station.pk])).content.decode()
    )
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
    assert "@page { size: A4 portrait" in css and "@page wide { size: A4 landscape" in css


def test_the_timeline_shows_the_stations_own_answer(client, zone, staff_user):
    station, _people = zone
    client.post(reverse("liaison:opinion_create"), {"station": station.pk, "category": "urban", "content": "噪音"})
    code = client.session["opinion_code"]
    services.opinion_resolve(opinion=Opinion.objects.get(), by=staff_user, resolution="已解释夜间施工许可")
    page = client.post(reverse("liaison:opinion_track"), {"code": code})
    assert [s["step"] for s in page.context["timeline"]] == ["received", "resolved"]
    assert "站点已答复" in page.content.decode() and "已解释夜间施工许可" in page.content.decode()


def test_the_tracking_code_is_kept_in_the_session_for_half_an_hour_only(client, zone, time_machine):
    """Long enough to reload the thanks page; the next person on a station's tablet does not see it."""
    station, _people = zone
    time_machine.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    client.post(reverse("liaison:opinion_create"), {"station": station.pk, "category": "urban", "content": "噪音"})
    code = client.session["opinion_code"]
    assert code in client.get(reverse("liaison:opinion_thanks")).content.decode()
    time_machine.move_to(datetime(2026, 11, 25, 9, 31, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert code not in client.get(reverse("liaison:opinion_thanks")).content.decode()
    assert code not in client.get(reverse("liaison:opinion_track")).content.decode()


def test_the_public_station_list_pages_and_narrows_to_a_sub_district(client, django_assert_max_num_queries):
    """A city has hundreds of stations: thirty a page, and a visitor picks their 街道."""
    from tests.liaison.factories import SubDistrictFactory

    east, west = SubDistrictFactory(name="东街道"), SubDistrictFactory(name="西街道")
    for n in range(35):
        StationFactory(name=f"东{n:02d}联络站", sub_district=east)
    StationFactory(name="西一联络站", sub_district=west)
    StationFactory(name="已关闭联络站", sub_district=west, is_active=False)
    url = reverse("liaison:station_public_list")
    with django_assert_max_num_queries(4):  # sub-districts, count, the page's stations
        page = client.get(url).content.decode()
    assert "36 个站点" in page and "第 1 页，共 2 页" in page and "已关闭联络站" not in page
    assert page.count('class="card flex-grow-1') == 30
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="card flex-grow-1') == 6
    narrowed = client.get(url, {"sub_district": west.pk}).content.decode()
    assert "西一联络站" in narrowed and "东00联络站" not in narrowed and "1 个站点" in narrowed
    east_page = client.get(url, {"sub_district": east.pk}).content.decode()
    assert f"sub_district={east.pk}&amp;page=2" in east_page  # the next page keeps the 街道
    for bad in ({"sub_district": "abc"}, {"sub_district": 999999}, {"page": 99}, {"page": "x"}):
        assert client.get(url, bad).status_code == 404

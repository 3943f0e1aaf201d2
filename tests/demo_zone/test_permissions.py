"""The permission matrix: every URL of the portal, every role, the expected status — on the demo zone.

The roles: anonymous, the demo deputy (who owns the records in the URLs), another deputy at another
station, a council member, a department contact (规划建设局), committee staff and a superuser.
A new URL fails ``test_every_portal_url_is_in_the_matrix`` until its row is written here.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import roles
from common.choices import SatisfactionRating
from common.dates import previous_month
from deputies.models import Deputy, DutyReport
from liaison.models import ArchiveEntry, ArchiveFile, Reception, ShiftAssignment, ShiftFeed, SpecialReport, Station
from livelihood.models import Project, Vote
from notifications.models import Delivery, Notification
from supervision import services as supervision
from supervision.models import CoSignRequest, Department, Handover, ItemAttachment, SupervisionItem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
ROLES = ("anon", "deputy", "other", "council", "dept", "staff", "admin")

# name: (kwargs from the demo context, statuses for ROLES as a string of codes)
#   2 = 200, 3 = 302 (anonymous: to the login; signed-in: onward), 4 = 403, N = 404, M = 405
CODES = {"2": 200, "3": 302, "4": 403, "N": 404, "M": 405}
PUBLIC = "2222222"
SIGNED_IN = "3222222"
STAFF_ONLY = "3444422"
DEPUTIES = "3222444"  # a deputy's or council member's own pages; no such person behind the login: 403
STAFF_STEP = "3444433"  # a staff step's GET goes back to its page; other roles are refused (403)
STEP = "3333333"  # a step's GET goes back to the item page, which checks access; POSTs are tested below
MATRIX = {
    "home": (lambda c: {}, PUBLIC),
    "healthz": (lambda c: {}, PUBLIC),
    "set_language": (lambda c: {}, "3333333"),  # a GET only goes back; the POST sets the cookie
    "login": (lambda c: {}, "2333333"),
    "logout": (lambda c: {}, "MMMMMMM"),  # POST only (Django's LogoutView)
    "password_change": (lambda c: {}, SIGNED_IN),
    "password_change_done": (lambda c: {}, SIGNED_IN),
    "password_reset_sms": (lambda c: {}, PUBLIC),
    "password_reset_code": (lambda c: {}, PUBLIC),
    "password_reset": (lambda c: {}, PUBLIC),
    "password_reset_done": (lambda c: {}, PUBLIC),
    "password_reset_confirm": (lambda c: {"uidb64": "MQ", "token": "set-password"}, PUBLIC),  # "link expired"
    "password_reset_complete": (lambda c: {}, PUBLIC),
    "dashboard": (lambda c: {}, STAFF_ONLY),
    "dashboard_export": (lambda c: {}, STAFF_ONLY),
    "dashboard_rows": (lambda c: {"table": "level", "key": "total", "measure": "receptions"}, STAFF_ONLY),
    "notifications:list": (lambda c: {}, SIGNED_IN),
    "notifications:read_all": (lambda c: {}, "3MMMMMM"),
    "notifications:read": (lambda c: {"pk": c["notification"]}, "3MMMMMM"),
    "notifications:settings": (lambda c: {}, SIGNED_IN),
    "notifications:deliveries": (lambda c: {}, STAFF_ONLY),
    "notifications:delivery_retry": (lambda c: {"pk": c["delivery"]}, "34444MM"),
    # a background export is its asker's alone (staff's here): anyone else gets 404
    "notifications:export": (lambda c: {"pk": c["export"]}, "3NNNN2N"),
    "notifications:export_download": (lambda c: {"pk": c["export"]}, "3NNNN2N"),
    "notifications:export_start": (lambda c: {"kind": "supervision-work"}, "3MMMMMM"),
    "short_link": (lambda c: {"pk": c["notification"]}, "33NNNNN"),  # the owner lands on the page
    "short_login": (lambda c: {}, "3333333"),  # to the login page
    "short_track": (lambda c: {}, "3333333"),  # to the tracking page
    "supervision:item_list": (lambda c: {}, SIGNED_IN),
    "supervision:item_create": (lambda c: {}, "3222N22"),  # staff file on a deputy's behalf
    "supervision:deputy_search": (lambda c: {}, "4222422"),  # JSON: refused, never a login redirect
    "supervision:item_detail": (lambda c: {"pk": c["item"]}, "32NN222"),
    "supervision:item_update": (lambda c: {"pk": c["draft"]}, "32NNN22"),
    "supervision:item_submit": (lambda c: {"pk": c["draft"]}, STEP),
    "supervision:item_accept": (lambda c: {"pk": c["submitted"]}, STEP),
    "supervision:item_send_back": (lambda c: {"pk": c["submitted"]}, STEP),
    "supervision:item_decline": (lambda c: {"pk": c["submitted"]}, STEP),
    "supervision:item_assign": (lambda c: {"pk": c["submitted"]}, STEP),
    "supervision:handover_list": (lambda c: {}, STAFF_ONLY),
    "supervision:handover_create": (lambda c: {}, STAFF_ONLY),
    "supervision:handover_detail": (lambda c: {"pk": c["handover"]}, STAFF_ONLY),
    "supervision:item_receive": (lambda c: {"pk": c["item"]}, STEP),
    "supervision:item_reply": (lambda c: {"pk": c["item"]}, STEP),
    "supervision:item_part": (lambda c: {"pk": c["item"]}, STEP),
    "supervision:item_rate": (lambda c: {"pk": c["replied"]}, STEP),
    "supervision:item_evaluate": (lambda c: {"pk": c["rated"]}, STEP),
    "supervision:item_deadline": (lambda c: {"pk": c["item"]}, STEP),
    "supervision:item_publish": (lambda c: {"pk": c["item"]}, STEP),
    "supervision:cosign_answer": (lambda c: {"pk": c["cosign"], "decision": "agree"}, "3MMMMMM"),  # POST only
    "supervision:item_export": (lambda c: {"sheet": "work"}, STAFF_ONLY),
    "supervision:attachment": (lambda c: {"pk": c["attachment"]}, "32NN222"),
    "supervision:department_summary": (lambda c: {}, STAFF_ONLY),
    "supervision:department_summary_export": (lambda c: {}, STAFF_ONLY),
    "supervision:public_list": (lambda c: {}, PUBLIC),
    "supervision:public_detail": (lambda c: {"pk": c["public_item"]}, PUBLIC),
    "monthly_statistics:list": (lambda c: {}, STAFF_ONLY),
    "monthly_statistics:month": (lambda c: {"month": c["month"]}, STAFF_ONLY),
    "monthly_statistics:export": (lambda c: {"month": c["month"], "fmt": "pdf"}, STAFF_ONLY),
    "monthly_statistics:station": (lambda c: {"month": c["month"], "station": c["station"]}, STAFF_ONLY),
    "monthly_statistics:station_export": (
        lambda c: {"month": c["month"], "station": c["station"], "fmt": "xlsx"},
        STAFF_ONLY,
    ),
    "liaison:station_public_list": (lambda c: {}, PUBLIC),
    "liaison:station_public": (lambda c: {"pk": c["station"]}, PUBLIC),
    "liaison:station_qr": (lambda c: {"pk": c["station"]}, PUBLIC),
    "liaison:opinion_create": (lambda c: {}, PUBLIC),
    "liaison:station_poster": (lambda c: {"pk": c["station"]}, PUBLIC),
    "liaison:opinion_thanks": (lambda c: {}, PUBLIC),  # shows the code of this session's own submission only
    "liaison:opinion_track": (lambda c: {}, PUBLIC),
    "liaison:opinion_feedback": (lambda c: {}, "3333333"),  # a GET goes back to the tracking page
    "liaison:shift_feed": (lambda c: {"token": c["feed"]}, PUBLIC),  # the secret token is the key
    "liaison:my_shifts": (lambda c: {}, DEPUTIES),
    "liaison:swap_request": (lambda c: {"pk": c["assignment"]}, "32NNNNN"),
    "liaison:swap_accept": (lambda c: {"pk": c["swap"]}, "33NNNNN"),  # the deputies of the swap only
    "liaison:swap_decline": (lambda c: {"pk": c["swap"]}, "33NNNNN"),
    "liaison:swap_cancel": (lambda c: {"pk": c["swap"]}, "33NNNNN"),
    "liaison:reception_list": (lambda c: {}, SIGNED_IN),  # each sees only theirs (below)
    "liaison:reception_create": (lambda c: {}, DEPUTIES),
    "liaison:reception_detail": (lambda c: {"pk": c["reception"]}, "32NNN22"),
    "liaison:reception_update": (lambda c: {"pk": c["reception"]}, "32NNN22"),  # its logger, or staff
    "liaison:station_work": (lambda c: {"pk": c["station"]}, "32NNN22"),
    "liaison:rota": (lambda c: {"pk": c["station"]}, STAFF_ONLY),
    "liaison:register": (lambda c: {"pk": c["station"], "slug": "contacts"}, "32NNN22"),
    "liaison:archive": (lambda c: {"pk": c["station"]}, "32NNN22"),
    "liaison:archive_file": (lambda c: {"pk": c["archive_file"]}, "32NNN22"),
    # Kept by staff and the station's managers (none of these roles manages it); read by its deputies.
    "liaison:archive_entry_create": (lambda c: {"pk": c["station"]}, "3NNNN22"),
    "liaison:archive_entry_update": (lambda c: {"entry": c["archive_entry"]}, "3NNNN22"),
    "liaison:archive_file_delete": (lambda c: {"pk": c["archive_file"]}, "3NNNN33"),
    "liaison:activity_create": (lambda c: {"pk": c["station"]}, "32NNN22"),
    "liaison:member_search": (lambda c: {"pk": c["station"]}, "42NNN22"),
    # Staff, and the deputies who attended the month's meeting (none of these roles did).
    "liaison:rota_notice": (lambda c: {"pk": c["station"], "year": c["year"], "month": c["month_no"]}, "32NNN22"),
    "liaison:rota_notice_year": (lambda c: {"pk": c["station"], "year": c["year"]}, "32NNN22"),
    "liaison:consultation_export": (
        lambda c: {"pk": c["station"], "year": c["year"], "month": c["month_no"]},
        "3NNNN22",
    ),
    "liaison:consultation": (lambda c: {"pk": c["station"], "year": c["year"], "month": c["month_no"]}, "3NNNN22"),
    "liaison:consultation_record": (
        lambda c: {"pk": c["station"], "year": c["year"], "month": c["month_no"]},
        STAFF_STEP,
    ),
    "liaison:consultation_opinion": (
        lambda c: {"pk": c["station"], "year": c["year"], "month": c["month_no"]},
        STAFF_STEP,
    ),
    "liaison:opinion_list": (lambda c: {}, STAFF_ONLY),
    "liaison:opinion_detail": (
        lambda c: {"pk": c["opinion"]},
        "32NN222",
    ),  # its receivers, the department handling it, staff
    "liaison:opinion_photo": (lambda c: {"pk": c["opinion"]}, "32NN222"),  # as the opinion
    "liaison:opinion_accept": (lambda c: {"pk": c["opinion"]}, STAFF_STEP),
    "liaison:opinion_forward": (lambda c: {"pk": c["opinion"]}, STAFF_STEP),
    "liaison:opinion_reopen": (lambda c: {"pk": c["opinion"]}, STAFF_STEP),
    "liaison:special_report_list": (lambda c: {}, STAFF_ONLY),
    "liaison:special_report_create": (lambda c: {}, STAFF_ONLY),
    "liaison:special_report": (lambda c: {"pk": c["special_report"]}, STAFF_ONLY),
    "liaison:special_report_pdf": (lambda c: {"pk": c["special_report"]}, STAFF_ONLY),
    "liaison:special_report_decide": (lambda c: {"pk": c["special_report"]}, STAFF_STEP),
    "liaison:special_report_hand_over": (lambda c: {"pk": c["special_report"]}, STAFF_STEP),
    "liaison:opinion_resolve": (
        lambda c: {"pk": c["opinion"]},
        "33NN333",
    ),  # a GET goes back to the page; POSTs by staff or its receivers
    "livelihood:project_public_list": (lambda c: {}, PUBLIC),
    "livelihood:project_public": (lambda c: {"pk": c["project"]}, PUBLIC),
    "livelihood:vote_results_public": (lambda c: {"pk": c["counted_vote"]}, PUBLIC),
    "livelihood:receipt": (lambda c: {}, PUBLIC),
    "livelihood:home": (lambda c: {}, DEPUTIES),
    "livelihood:vote": (lambda c: {"pk": c["open_vote"]}, DEPUTIES),  # staff run it from vote_manage
    "livelihood:claim": (lambda c: {"pk": c["project"]}, "3333444"),  # a GET goes back to "my projects"
    "livelihood:report_create": (lambda c: {"pk": c["project"]}, "32N2NNN"),  # its claimers only
    "livelihood:satisfaction": (lambda c: {"year": c["year"]}, DEPUTIES),
    "livelihood:project_staff_list": (lambda c: {}, STAFF_ONLY),
    "livelihood:vote_manage": (lambda c: {"pk": c["open_vote"]}, STAFF_ONLY),
    "livelihood:vote_open": (lambda c: {"pk": c["open_vote"]}, STAFF_STEP),
    "livelihood:vote_close": (lambda c: {"pk": c["open_vote"]}, STAFF_STEP),
    "livelihood:vote_publish": (lambda c: {"pk": c["open_vote"]}, STAFF_STEP),
    "livelihood:paper_tally": (lambda c: {"pk": c["open_vote"]}, STAFF_STEP),
    "livelihood:elector_search": (lambda c: {"pk": c["open_vote"]}, "4444422"),
    "livelihood:people_search": (lambda c: {}, "4444422"),
    "livelihood:tie_resolve": (lambda c: {"pk": c["open_vote"]}, STAFF_STEP),
    "livelihood:project_manage": (lambda c: {"pk": c["project"]}, STAFF_ONLY),
    "livelihood:claim_assign": (lambda c: {"pk": c["project"]}, STAFF_STEP),
    "livelihood:card_give": (lambda c: {"pk": c["project"]}, STAFF_STEP),
    "livelihood:inspection_record": (lambda c: {"pk": c["project"]}, STAFF_STEP),
    "deputies:archive": (lambda c: {"pk": c["deputy"]}, "32NNN22"),
    "deputies:annual_report": (lambda c: {"pk": c["deputy"], "year": c["year"]}, "32NNN22"),
    "deputies:group_reports": (lambda c: {"pk": c["group"], "year": c["year"]}, STAFF_ONLY),
    "deputies:duty_report_create": (lambda c: {}, DEPUTIES),
    "deputies:duty_report_detail": (lambda c: {"pk": c["duty_report"].pk}, "32NNN22"),
    "deputies:duty_report_qr": (lambda c: {"pk": c["duty_report"].pk}, "32NNN22"),
    "deputies:duty_report_paper": (lambda c: {"pk": c["duty_report"].pk}, STAFF_STEP),
    "deputies:voter_rate": (lambda c: {"token": c["duty_report"].rating_token}, PUBLIC),  # closed: says so
}


def portal_url_names() -> set[str]:
    """Every named URL of the portal except the admin's and the language switch."""

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin" or str(p.pattern).startswith("i18n"):
                    continue
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns))


def test_every_portal_url_is_in_the_matrix():
    assert portal_url_names() == set(MATRIX)


def _made_export(user) -> int:
    """A finished background export of the work list, asked for by ``user``."""
    from notifications.models import ExportJob

    job = ExportJob.objects.create(user=user, kind="supervision-work", title="工作清单", total=1, state="done")
    job.file.save("export.xlsx", ContentFile(b"PK demo"), save=False)
    job.filename = "工作清单.xlsx"
    job.save()
    return job.pk


@pytest.fixture
def demo(demo_zone):
    deputy = Deputy.objects.select_related("user").get(user__username="deputy")
    station = deputy.station_membership.station
    other_station = Station.objects.exclude(pk=station.pk).filter(kind=Station.Kind.STATION).first()
    other_user = UserFactory(username="other", roles=[roles.DEPUTY])
    other = DeputyFactory(user=other_user, name="另一位代表")
    StationMemberFactory(deputy=other, station=other_station)
    items = SupervisionItem.objects.filter(lead_deputy=deputy)
    State = SupervisionItem.State
    item = items.filter(state=State.HANDLING, lead_department__contacts__username="dept").first()
    attachment = ItemAttachment.objects.create(item=item, name="说明.pdf", uploaded_by=deputy.user)
    attachment.file.save("说明.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    entry = ArchiveEntry.objects.filter(station=station).first()
    archive_file = ArchiveFile(entry=entry, caption="照片")
    archive_file.file.save("photo.png", ContentFile(b"\x89PNG demo"), save=True)
    today = timezone.localdate()
    rated = _rated_item(deputy, today)
    reception = Reception.objects.filter(logged_by=deputy).first()
    reception.opinions.first().photo.save("路灯.png", ContentFile(b"\x89PNG\r\n\x1a\n demo"), save=True)
    users = {name: get_user(name) for name in ("deputy", "council", "dept", "staff", "admin")}
    users["other"] = other_user
    users["anon"] = None
    last = previous_month(today)
    context = {
        "deputy": deputy.pk,
        "notification": Notification.objects.filter(user=deputy.user, read_at__isnull=True).first().pk,
        "delivery": Delivery.objects.get_or_create(
            key="matrix", defaults={"channel": "sms", "address": "13800000000", "subject": "x", "text": "x"}
        )[0].pk,
        "export": _made_export(users["staff"]),
        "item": item.pk,
        "draft": items.filter(state=State.DRAFT).first().pk,
        "submitted": items.filter(state=State.SUBMITTED).first().pk,
        "replied": items.filter(state=State.REPLIED).first().pk,
        "rated": rated.pk,
        "public_item": items.filter(is_public=True).first().pk,
        "handover": Handover.objects.first().pk,
        "special_report": SpecialReport.objects.get().pk,
        "duty_report": DutyReport.objects.get(deputy__user__username="deputy"),
        "attachment": attachment.pk,
        "station": station.pk,
        "month": f"{last:%Y-%m}",
        "month_no": last.month,
        "year": today.year,
        "feed": ShiftFeed.objects.get_or_create(deputy=deputy)[0].token,
        "assignment": ShiftAssignment.objects.filter(deputy=deputy, shift__date__gt=today + timedelta(days=1))
        .first()
        .pk,
        "reception": reception.pk,
        "opinion": reception.opinions.first().pk,
        "archive_file": archive_file.pk,
        "archive_entry": archive_file.entry_id,
        "project": Project.objects.filter(year=today.year, claims__person=deputy).first().pk,
        "counted_vote": Vote.objects.get(year=today.year).pk,
        "open_vote": Vote.objects.get(year=today.year + 1).pk,
        "group": deputy.deputy_groups.first().pk,
        "swap": _swap(deputy),
        "cosign": CoSignRequest.objects.filter(deputy=deputy).first().pk
        if CoSignRequest.objects.filter(deputy=deputy).exists()
        else supervision.item_create(
            created_by=other_user, lead_deputy=other, title="邀请附议", content="内容", co_signers=[deputy]
        )
        .cosign_requests.get()
        .pk,
    }
    return users, context


def _swap(deputy):
    """A swap the demo deputy asked a colleague of their station (the demo has none)."""
    from liaison import services as liaison

    colleague = DeputyFactory(user=UserFactory(username="colleague", roles=[roles.DEPUTY]), name="同站代表")
    StationMemberFactory(deputy=colleague, station=deputy.station_membership.station)
    shift = liaison.shift_save(
        by=get_user("staff"),
        station=deputy.station_membership.station,
        day=timezone.localdate() + timedelta(days=200),
        deputies=[deputy],
    )
    assignment = shift.assignments.get()
    return liaison.shift_swap_request(assignment=assignment, by=deputy.user, colleague=colleague).pk


def _rated_item(deputy, today):
    """An item the lead deputy has rated, waiting for the committee's rating (the demo has none)."""
    staff, contact = get_user("staff"), get_user("dept")
    item = supervision.item_create(created_by=deputy.user, lead_deputy=deputy, title="待评价的建议", content="内容")
    item = supervision.item_submit(item=item, by=deputy.user)
    department = Department.objects.get(contacts=contact)
    item = supervision.item_assign(item=item, by=staff, lead_department=department, deadline=today + timedelta(days=9))
    item = supervision.item_start_handling(item=item, by=contact)
    supervision.item_reply(item=item, by=contact, category="A", content="答复。")
    return supervision.item_rate_by_deputy(item=item, by=deputy.user, rating=SatisfactionRating.SATISFIED)


def get_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_each_role_gets_the_expected_status_on_every_url(client, demo):
    users, context = demo
    wrong = []
    for role_index, role in enumerate(ROLES):
        client.logout()
        if users[role]:
            client.force_login(users[role])
        for name, (kwargs, codes) in MATRIX.items():
            url = reverse(name, kwargs=kwargs(context))
            status = client.get(url).status_code
            if status != CODES[codes[role_index]]:
                wrong.append(f"{role:8} {name:34} expected {CODES[codes[role_index]]}, got {status}  {url}")
    assert not wrong, "\n" + "\n".join(wrong)


def test_another_deputy_cannot_change_a_deputys_records_by_changing_the_id(client, demo):
    users, c = demo
    client.force_login(users["other"])
    reception = Reception.objects.get(pk=c["reception"])
    draft = SupervisionItem.objects.get(pk=c["draft"])
    replied = SupervisionItem.objects.get(pk=c["replied"])
    attempts = [
        (
            "liaison:reception_update",
            {"pk": reception.pk},
            {"content": "改掉", "day": "2026-11-18", "station": c["station"]},
        ),
        ("supervision:item_update", {"pk": draft.pk}, {"title": "改掉", "content": "改掉", "period": "recess"}),
        ("supervision:item_submit", {"pk": draft.pk}, {}),
        ("supervision:item_rate", {"pk": replied.pk}, {"rating": "satisfied", "comment": "冒名评价"}),
        ("liaison:swap_request", {"pk": c["assignment"]}, {"colleague": users["other"].deputy.pk}),
        ("livelihood:report_create", {"pk": c["project"]}, {"progress": 99, "against_plan": "ahead"}),
    ]
    for name, kwargs, data in attempts:
        status = client.post(reverse(name, kwargs=kwargs), data).status_code
        assert status in (403, 404), f"{name}: {status}"
    client.post(reverse("notifications:read", kwargs={"pk": c["notification"]}))
    reception.refresh_from_db(), draft.refresh_from_db(), replied.refresh_from_db()
    assert "改掉" not in reception.content and draft.title != "改掉" and draft.state == SupervisionItem.State.DRAFT
    assert replied.state == SupervisionItem.State.REPLIED
    assert not ShiftAssignment.objects.get(pk=c["assignment"]).swaps.exists()
    assert not Project.objects.get(pk=c["project"]).reports.filter(progress=99).exists()
    assert Notification.objects.get(pk=c["notification"]).read_at is None


def test_lists_show_each_person_only_their_own_receptions(client, demo):
    users, c = demo
    content = Reception.objects.get(pk=c["reception"]).content
    for role, sees in (("deputy", True), ("other", False), ("council", False), ("dept", False), ("staff", True)):
        client.force_login(users[role])
        page = client.get(reverse("liaison:reception_list")).content.decode()
        assert (content in page) is sees, role

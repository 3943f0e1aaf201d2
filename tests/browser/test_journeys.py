"""The journeys of the portal's three kinds of users, in Debian's Chromium driven by Playwright, on the
demo zone served by a live server. Each journey saves screenshots to ``artifacts/screenshots`` (CI
keeps them); a Content-Security-Policy violation on any page fails the journey, and so does any
serious or critical accessibility violation axe-core finds on a page it visits, in the normal and
the large-text (适老化) mode."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from demo import generate
from deputies.models import Deputy
from liaison.models import Opinion, Reception, ReceptionShift, Station
from liaison.selectors import opinion_by_tracking_code
from livelihood.models import CardRating, MonthlyReport, Project, SealedBallot, Vote
from supervision.models import Department, SupervisionItem

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
# Run through the DevTools protocol (page.evaluate), which the portal's CSP does not govern: the
# journeys keep checking that the pages themselves load nothing the CSP refuses.
AUDIT = """async (large) => {
  const root = document.documentElement, had = root.classList.contains("elder");
  root.classList.toggle("elder", large);
  try {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
      .filter(v => v.impact === "serious" || v.impact === "critical")
      .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`
        + (v.nodes[0].failureSummary ? ` — ${v.nodes[0].failureSummary.replace(/\\s+/g, " ").slice(0, 200)}` : ""));
  } finally {
    root.classList.toggle("elder", had);
  }
}"""

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
        reason="needs Debian's chromium (CI installs it)",
    ),
]


@pytest.fixture
def browser(demo, monkeypatch):
    """Started after the database is ready and stopped before the next test's database is: Django's
    connections are context-local, and the sync API runs the test inside Playwright's own context."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are ordinary
    # synchronous calls made between browser steps. Only for this module: never in deployment.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server):
    generate.build(generate.ZONE)
    return live_server.url


class Session:
    """A browser context for one person; collects CSP violations and page errors."""

    def __init__(self, browser, base, **options):
        self.base = base
        self.context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
        self.page = self.context.new_page()
        self.problems = []
        self.audited = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused" in message.text):
            self.problems.append(f"{self.page.url}: {message.text}")

    def go(self, path):
        response = self.page.goto(self.base + path)
        assert response.status < 400, f"{path}: {response.status}"
        self.audit()
        return self.page

    def audit(self):
        """axe-core on the page as it stands, in both modes; each URL once per mode."""
        url = self.page.url.split("#")[0]
        if url in self.audited:
            return
        self.audited.add(url)
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(AXE)
        for large in (False, True):
            mode = "large text" if large else "normal"
            for violation in self.page.evaluate(AUDIT, large):
                self.problems.append(f"{url} [{mode}] {violation}")

    def login(self, username):
        page = self.go("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", generate.DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(self.base + "/")
        return page

    def shot(self, name, full_page=True, large=False):
        """A screenshot, and with ``large`` another in the large-text mode (``name-large.png``)."""
        self.audit()
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
        if large:
            self.page.evaluate("document.documentElement.classList.add('elder')")
            self.page.screenshot(path=str(SHOTS / f"{name}-large.png"), full_page=full_page)
            self.page.evaluate("document.documentElement.classList.remove('elder')")

    def close(self):
        self.context.close()
        assert not self.problems, "\n".join(self.problems)


def submit(page, button_text):
    with page.expect_navigation():
        page.get_by_role("button", name=button_text).first.click()


def test_a_deputy_on_a_phone(browser, demo):
    deputy = Deputy.objects.get(user__username="deputy")
    station = deputy.station_membership.station
    # Today is a shift day at the deputy's station, with the deputy on duty.
    today = timezone.localdate()
    shift, _ = ReceptionShift.objects.get_or_create(station=station, date=today)
    shift.assignments.get_or_create(deputy=deputy)

    s = Session(browser, demo, **PHONE)
    page = s.login("deputy")
    assert "今天" in page.content() or station.name in page.content()
    s.shot("deputy-home-phone", full_page=False, large=True)

    page = s.go("/liaison/shifts/")
    assert station.name in page.content()
    s.shot("deputy-shifts-phone")
    # The four tasks stay at the foot of the screen; the one in use is marked.
    tabs = page.locator("nav.deputy-tabs")
    assert tabs.is_visible() and tabs.get_by_role("link", name="排班").get_attribute("aria-current") == "page"
    tabs.get_by_role("link", name="接待").click()
    page.wait_for_url(s.base + "/liaison/receptions/")
    assert page.locator("nav.deputy-tabs").get_by_role("link", name="接待").get_attribute("aria-current") == "page"

    # Log a reception with an opinion; the form defaults to today's shift and station.
    page = s.go("/liaison/receptions/create/")
    page.fill("[name=content]", "居民反映小区东门路灯不亮。")
    page.locator("details summary").first.click()  # colleagues and visitor: folded, optional
    page.fill("[name=visitor_name]", "王女士")
    page.fill("[name=opinions-0-content]", "建议尽快修复东门路灯。")
    s.shot("reception-form-phone")
    submit(page, "保存")
    reception = Reception.objects.get(content="居民反映小区东门路灯不亮。")
    assert reception.station == station and reception.shift == shift
    assert Opinion.objects.filter(reception=reception, content="建议尽快修复东门路灯。").exists()
    assert "接待记录已保存。" in page.content()

    # The monthly report of the claimed project.
    project = Project.objects.filter(year=today.year, claims__person=deputy).first()
    page = s.go(f"/livelihood/projects/{project.pk}/report/")
    # A project with sub-items takes each one's progress (the overall figure is weighted from them).
    # It starts from last month's figures; this month everything is finished.
    for field in page.locator("input[name^=sub]:visible, input[name=progress]:visible").all():
        field.fill("100")
    page.select_option("[name=against_plan]", "on")
    page.fill("[name=performance]", "电梯加装完成八成。")
    s.shot("report-form-phone")
    submit(page, "提交报告")
    assert MonthlyReport.objects.filter(project=project, month=today.replace(day=1)).exists()

    # Cast a ballot in the open vote.
    vote = Vote.objects.get(year=today.year + 1)
    page = s.go(f"/livelihood/votes/{vote.pk}/")
    for radio in page.locator("input[type=radio][value=for]").all():
        radio.check()
    s.shot("ballot-phone")
    before = SealedBallot.objects.filter(vote=vote).count()
    submit(page, "核对我的选票")
    assert "一经投出不能更改" in page.content() and SealedBallot.objects.filter(vote=vote).count() == before
    s.shot("ballot-review-phone")
    submit(page, "投票")
    assert SealedBallot.objects.filter(vote=vote).count() == before + 1
    assert "回执" in page.content()

    # Read a notification: the bell's count goes down.
    page = s.go("/notifications/")
    unread = page.locator(".list-group-item-warning").count()
    assert unread >= 1
    with page.expect_navigation():
        page.locator(".list-group-item-warning button").first.click()
    s.shot("notifications-phone", full_page=False)
    page = s.go("/notifications/")
    assert page.locator(".list-group-item-warning").count() == unread - 1
    s.close()


def roster_xlsx() -> bytes:
    headers = ["ID", "姓名", "性别", "类别", "层级", "选区", "工作单位及职务", "电话", "届次", "在职", "所在站点"]
    station = Station.objects.filter(kind=Station.Kind.STATION).order_by("pk").first().name
    data = tablib.Dataset(headers=headers)
    data.append(["", "新任代表甲", "女", "人大代表", "区级", "第九选区", "社区医院", "13600001111", "", "是", station])
    data.append(["", "新任代表乙", "男", "人大代表", "区级", "第九选区", "中学教师", "13600002222", "", "是", station])
    return data.export("xlsx")


def test_committee_staff_at_work(browser, demo, tmp_path):
    s = Session(browser, demo, **DESKTOP)
    page = s.login("staff")
    s.shot("staff-home", full_page=False, large=True)

    page = s.go("/dashboard/")
    page.wait_for_selector(".dashboard-chart canvas")
    s.shot("dashboard", large=True)

    # Import a roster from Excel in the admin: preview, then confirm.
    roster = tmp_path / "代表名册.xlsx"
    roster.write_bytes(roster_xlsx())
    page = s.go("/admin/deputies/deputy/import/")
    page.set_input_files("[name=import_file]", str(roster))
    if page.locator("select[name=format]").count():
        page.select_option(
            "select[name=format]", index=1 if page.locator("select[name=format] option").count() > 1 else 0
        )
    submit(page, "提交")
    s.shot("roster-import-preview")
    submit(page, "确认导入")
    assert Deputy.objects.filter(name__in=["新任代表甲", "新任代表乙"]).count() == 2

    # Plan a rota for a station from next week.
    station = Station.objects.filter(kind=Station.Kind.STATION).order_by("pk").first()
    today = timezone.localdate()
    page = s.go(f"/liaison/stations/{station.pk}/rota/")
    page.fill("[name=start]", f"{today + timedelta(days=1):%Y-%m-%d}")
    page.fill("[name=end]", f"{today.replace(month=12, day=31):%Y-%m-%d}")
    submit(page, "生成周三排班")
    assert ReceptionShift.objects.filter(station=station, date__gt=today).exists()

    # Close and count the open vote.
    vote = Vote.objects.get(year=today.year + 1)
    page = s.go(f"/livelihood/votes/{vote.pk}/manage/")
    page.check("#close-early")  # it runs for a month more: closing now is said on purpose
    submit(page, "结束并计票")
    vote.refresh_from_db()
    assert vote.state == Vote.State.CLOSED
    s.shot("vote-closed")

    # Give a card, overriding the suggestion with reasons.
    project = Project.objects.filter(year=today.year).order_by("order").first()
    page = s.go(f"/livelihood/projects/{project.pk}/manage/")
    page.check("input[name=colour][value=yellow]")
    page.fill("[name=reasons]", "本季度进度滞后于计划。")
    submit(page, "亮牌")
    assert CardRating.objects.filter(project=project, colour="yellow", reasons="本季度进度滞后于计划。").exists()

    # Fill the deputy's seat with the picker: type part of a name, the server answers, pick.
    person = Deputy.objects.filter(is_active=True, kind="deputy").exclude(claims__project=project).last()
    page.select_option("[name=role]", "deputy")
    page.click("#id_person-ts-control")
    page.fill("#id_person-ts-control", person.name[:2])
    page.locator(".ts-dropdown .option", has_text=person.name).first.click()
    page.keyboard.press("Escape")
    s.shot("claim-picker")
    with page.expect_navigation():
        page.get_by_role("button", name="指定", exact=True).click()
    assert project.claims.get(role="deputy").person == person
    s.shot("project-manage")

    # Forward an opinion to a department.
    opinion = Opinion.objects.filter(state=Opinion.State.ACCEPTED).first()
    page = s.go(f"/liaison/opinions/{opinion.pk}/")
    page.select_option("[name=department]", index=1)
    page.fill("[name=deadline]", f"{today + timedelta(days=20):%Y-%m-%d}")
    submit(page, "转交")
    opinion.refresh_from_db()
    assert opinion.state == Opinion.State.FORWARDED
    assert SupervisionItem.objects.filter(opinion=opinion).exists()

    # Print a register: the print view lays out the contacts register for A4.
    home = Deputy.objects.get(user__username="deputy").station_membership.station
    page = s.go(f"/liaison/stations/{home.pk}/registers/contacts/")
    page.emulate_media(media="print")
    s.shot("register-contacts-print")
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
    (SHOTS / "register-contacts.pdf").write_bytes(pdf)
    s.close()


def test_a_deputy_names_two_co_signers_by_typing_their_names(browser, demo):
    """The co-signer picker on a phone: type a name, pick it, type the next one (the box is empty
    again for it), save the draft: both are asked."""
    deputy = Deputy.objects.get(user__username="deputy")
    first, second = Deputy.objects.filter(kind="deputy", is_active=True).exclude(pk=deputy.pk).order_by("-pk")[:2]
    s = Session(browser, demo, **PHONE)
    s.login("deputy")
    page = s.go("/supervision/items/create/")
    page.fill("[name=title]", "关于增设社区食堂的建议")
    page.fill("[name=content]", "建议在老年人集中的小区增设社区食堂。")
    box = page.locator("#id_co_signers-ts-control")
    for person in (first, second):
        box.click()
        box.press_sequentially(person.name, delay=30)  # typed, as on a phone's keyboard
        page.locator(".ts-dropdown .option", has_text=person.name).first.click()
    page.keyboard.press("Escape")
    s.shot("co-signers-picked-phone", full_page=False)
    submit(page, "保存草稿")
    item = SupervisionItem.objects.get(title="关于增设社区食堂的建议")
    assert set(item.cosign_requests.values_list("deputy", flat=True)) == {first.pk, second.pk}
    s.close()


def test_a_suggestion_from_review_to_a_classified_reply(browser, demo):
    """Staff accept a submitted suggestion (立案) and record the 交办会 that hands it over; the
    department's contact receives it and replies on a phone, classifying the answer; the deputy
    reads the classified reply."""
    item = SupervisionItem.objects.get(title="关于社区养老服务中心建设的建议", state="submitted")
    department = Department.objects.get(contacts__username="dept")

    staff = Session(browser, demo, **DESKTOP)
    staff.login("staff")
    page = staff.go(f"/supervision/items/{item.pk}/")
    accept = page.locator("form[action$='/accept/']")
    accept.locator("[name=lead_department]").select_option(str(department.pk))
    accept.locator("[name=handling_months]").select_option("4")
    with page.expect_navigation():
        accept.get_by_role("button", name="立案").click()
    # Four months need a reason: the page says so at the field, and nothing is saved.
    assert "须说明理由" in page.content()
    item.refresh_from_db()
    assert item.state == "submitted"
    accept = page.locator("form[action$='/accept/']")
    accept.locator("[name=lead_department]").select_option(str(department.pk))
    accept.locator("[name=handling_months]").select_option("4")
    accept.locator("[name=deadline_reason]").fill("涉及选址和年度预算，需要统筹。")
    with page.expect_navigation():
        accept.get_by_role("button", name="立案").click()
    assert "已立案，等待交办会交办。" in page.content()

    page = staff.go("/supervision/handovers/new/")
    page.fill("[name=name]", "第6次主任会议")
    page.check(f"input[name=items][value='{item.pk}']")
    staff.shot("handover-form")
    submit(page, "交办")
    assert "交办单：第6次主任会议" in page.content()
    staff.shot("handover-sheet")
    item.refresh_from_db()
    assert item.state == "assigned" and item.handover.name == "第6次主任会议"
    staff.go("/supervision/items/")
    staff.shot("supervision-work-list", full_page=False)
    staff.close()

    contact = Session(browser, demo, **PHONE)
    contact.login("dept")
    page = contact.go(f"/supervision/items/{item.pk}/")
    submit(page, "签收")
    page.fill("[name=content]", "已将养老服务中心建设纳入明年民生项目计划。")
    page.check("input[name=category][value=B]")
    contact.shot("reply-classified-phone")
    submit(page, "提交答复")
    contact.shot("supervision-item-replied-phone")
    contact.close()

    deputy = Session(browser, demo, **PHONE)
    deputy.login("deputy")
    page = deputy.go(f"/supervision/items/{item.pk}/")
    assert "B类：正在解决或列入计划解决" in page.content()
    deputy.close()


def test_voters_rate_a_duty_report_on_their_phones(browser, demo):
    """述·晒·评: the deputy reports today and shows the QR code; a voter present scans it and rates on
    a phone; the deputy's page counts the 评."""
    from deputies import services as deputies

    deputy = Deputy.objects.get(user__username="deputy")
    report = deputies.duty_report_record(
        deputy=deputy,
        by=deputy.user,
        day=timezone.localdate(),
        venue="社区议事厅",
        audience="选区选民",
        attendance=25,
        summary="向选民报告履职情况",
    )
    voter = Session(browser, demo, **PHONE)
    page = voter.go(reverse("deputies:voter_rate", args=[report.rating_token]))
    page.fill("[name=phone]", "13712345678")
    page.check("input[name=rating][value=satisfied]")
    page.fill("[name=comment]", "讲得实在")
    voter.shot("voter-rating-phone")
    submit(page, "提交评议")
    assert "评议将记入代表履职档案" in page.content()
    voter.close()

    s = Session(browser, demo, **PHONE)
    s.login("deputy")
    page = s.go(report.get_absolute_url())
    assert "满意 1、基本满意 0、不满意 0（共 1 人评议）" in page.content() and "讲得实在" in page.content()
    s.shot("duty-report-rated-phone")
    s.close()


def test_a_new_deputy_imported_from_excel_logs_in_sets_a_password_and_resets_it(browser, demo):
    """Issue 15's journey: the roster import opens the login, staff text a one-time password, the
    deputy logs in on a phone and must choose a password, chooses the channels, and later resets a
    forgotten password with a texted code; staff see what was sent."""
    import re

    from accounts import services as accounts
    from liaison.resources import RosterResource
    from notifications.backends import locmem

    headers = ["ID", "姓名", "性别", "类别", "层级", "选区", "工作单位及职务", "电话", "届次", "在职", "所在站点"]
    row = ["", "新代表", "女", "人大代表", "区级", "", "", "13912345678", "", "是", ""]
    result = RosterResource().import_data(tablib.Dataset(row, headers=headers), dry_run=False, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    user = Deputy.objects.get(name="新代表").user
    locmem.outbox.clear()
    accounts.one_time_passwords_text(users=[user], by=get_user_model().objects.get(username="staff"))
    password = re.search(r"一次性密码([A-Za-z0-9]{10})", locmem.outbox[-1].text).group(1)

    s = Session(browser, demo, **PHONE)
    page = s.go("/accounts/login/")
    page.fill("#id_username", "13912345678")
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(s.base + reverse("password_change"))
    assert "一次性密码登录" in page.content()
    s.shot("first-password-phone")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Hongqi-2026")
    page.fill("#id_new_password2", "Hongqi-2026")
    submit(page, "修改密码")
    page = s.go(reverse("notifications:settings"))
    assert "139****5678" in page.content()
    page.uncheck("input[name='shift:email']")
    submit(page, "保存")
    assert "通知方式已保存" in page.content()
    s.shot("notification-settings-phone")
    s.close()

    s = Session(browser, demo, **PHONE)
    page = s.go("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("link", name="忘记密码？").click()
    page.fill("#id_mobile", "13912345678")
    submit(page, "获取验证码")
    code = re.search(r"验证码(\d{6})", locmem.outbox[-1].text).group(1)
    page.fill("#id_code", code)
    page.fill("#id_new_password1", "Xinmima-2027")
    page.fill("#id_new_password2", "Xinmima-2027")
    submit(page, "设置密码")
    page.fill("#id_username", "13912345678")
    page.fill("#id_password", "Xinmima-2027")
    page.click("main button[type=submit]")
    page.wait_for_url(s.base + "/")
    s.close()

    s = Session(browser, demo, **DESKTOP)
    s.login("staff")
    page = s.go(reverse("notifications:deliveries"))
    assert "139****5678" in page.content() and "13912345678" not in page.content() and code not in page.content()
    assert "→ 新代表（139****5678）" in page.content()  # a login's one-time password, not a citizen's text
    s.shot("messages-sent")
    s.close()


def test_the_public(browser, demo):
    s = Session(browser, demo, **PHONE)
    page = s.go("/projects/")
    project = Project.objects.filter(year=timezone.localdate().year).order_by("order").first()
    assert project.title in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name=project.title).first.click()
    s.shot("project-public-phone", large=True)

    station = Deputy.objects.get(user__username="deputy").station_membership.station
    page = s.go(f"/stations/{station.pk}/")
    qr = page.locator("img[src$='qr.svg']")
    assert qr.count() == 1 and qr.evaluate("img => img.naturalWidth") > 0
    s.shot("station-public-phone")

    page = s.go(f"/opinions/new/?station={station.pk}")
    page.select_option("[name=category]", "urban")  # nothing is preset: the citizen says what it is about
    page.fill("[name=content]", "建议在公园增设健身器材。")
    s.shot("opinion-form-phone", large=True)
    submit(page, "提交")
    code = page.locator(".tracking-code").inner_text().strip()
    opinion = opinion_by_tracking_code(code)
    assert opinion.content == "建议在公园增设健身器材。" and opinion.source == Opinion.Source.ONLINE

    page = s.go("/opinions/track/")
    page.fill("[name=code]", code)
    submit(page, "查询")
    assert "建议在公园增设健身器材。" in page.content()
    s.shot("opinion-track-phone")
    s.close()


def test_large_text_mode_is_switched_on_any_page_and_remembered(browser, demo):
    """适老化: the button makes the text larger and the lines looser, and the choice stays."""
    s = Session(browser, demo, **PHONE)
    page = s.go("/stations/")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator("[data-elder-toggle]").first.click()
    assert page.evaluate("() => document.documentElement.classList.contains('elder')")
    page = s.go("/projects/")  # another page, later
    assert page.evaluate("() => document.documentElement.classList.contains('elder')")
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    spacing = page.evaluate(
        "() => parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)"
    )
    assert larger >= size * 1.2 and spacing >= 1.3
    s.shot("large-text-phone")
    s.close()


def test_a_wide_register_scrolls_on_a_phone_with_its_first_column_in_sight(browser, demo):
    station = Deputy.objects.get(user__username="deputy").station_membership.station
    s = Session(browser, demo, **PHONE)
    s.login("staff")
    page = s.go(f"/liaison/stations/{station.pk}/registers/contacts/")
    table = page.locator(".table-responsive > .table").first
    widths = table.evaluate("t => [...t.querySelectorAll('th')].map(th => th.getBoundingClientRect().width)")
    assert min(widths) >= 80  # 5.5rem: no header squeezed to a character a line
    first = table.evaluate("t => getComputedStyle(t.querySelector('th')).position")
    assert first == "sticky"
    s.shot("register-phone", full_page=False)
    s.close()


def test_the_audit_reports_what_it_should(browser, demo):
    """The accessibility check the journeys rely on does find a serious violation when one is there."""
    s = Session(browser, demo, **PHONE)
    page = s.go("/projects/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    found = page.evaluate(AUDIT, False)
    assert any(v.startswith("image-alt (critical)") for v in found), found
    page.evaluate("document.querySelector('main img[src=\"/x.png\"]').remove()")
    assert page.evaluate(AUDIT, True) == []
    s.close()

"""Supervision pages: each role's view, the whole journey through the client, exports, public pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from common.choices import SatisfactionRating
from supervision import services
from supervision.models import SupervisionItem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.supervision.factories import pdf
from tests.supervision.pages import detail, step
from tests.xlsx import first_table

pytestmark = pytest.mark.django_db
State = SupervisionItem.State


def test_the_whole_journey_through_the_pages(client, world):
    """Deputy files; staff assign; department replies; unsatisfied; second handling; satisfied; closed."""
    co = DeputyFactory(name="附议代表", user=UserFactory(username="cosigner"))
    client.force_login(world.deputy_user)
    response = client.post(
        reverse("supervision:item_create"),
        {
            "title": "关于学校周边交通的建议",
            "content": "上下学高峰拥堵。",
            "period": "recess",
            "co_signers": [co.pk],
            "files": [pdf("现场照片说明.pdf")],
            "submit": "1",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(item)
    assert "附议代表尚未答复附议邀请" in client.get(detail(item)).content.decode()
    assert item.state == State.DRAFT  # saved, but not submitted while the co-signer has not answered
    client.force_login(co.user)
    page = client.get(detail(item)).content.decode()
    assert "邀请您附议这件建议" in page
    request = item.cosign_requests.get()
    assert client.post(reverse("supervision:cosign_answer", args=[request.pk, "agree"])).status_code == 302
    client.force_login(world.deputy_user)
    assert client.post(step(item, "submit")).status_code == 302
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.lead_deputy == world.deputy and list(item.co_signers.all()) == [co]

    client.force_login(world.staff)
    client.post(
        step(item, "assign"),
        {"lead_department": world.department.pk, "deadline": world.in_days(20), "supervising_leader": "李主任"},
    )
    client.force_login(world.contact)
    client.post(step(item, "receive"))
    client.post(step(item, "reply"), {"content": "第一次答复。", "category": "B", "files": [pdf("答复函.pdf")]})
    client.force_login(world.deputy_user)
    client.post(step(item, "rate"), {"rating": "unsatisfied", "comment": "没有解决问题。"})
    item.refresh_from_db()
    assert item.state == State.HANDLING and item.round == 2

    client.force_login(world.contact)
    client.post(step(item, "reply"), {"content": "第二次答复：已增设信号灯。", "category": "A"})
    client.force_login(world.deputy_user)
    client.post(step(item, "rate"), {"rating": "satisfied", "comment": "满意。"})
    client.force_login(world.staff)
    client.post(step(item, "evaluate"), {"rating": "satisfied", "comment": "办理到位。"})
    item.refresh_from_db()
    assert item.state == State.CLOSED

    html = client.get(detail(item)).content.decode()
    for entry in (
        "起草",
        "已提交",
        "已受理并交办",
        "部门已签收",
        "已答复",
        "领衔代表已评价",
        "退回二次办理",
        "工委已评价",
        "已办结",
    ):
        assert entry in html, entry
    assert "第二次答复：已增设信号灯。" in html and "现场照片说明.pdf" in html and "答复函.pdf" in html


def test_a_bad_step_shows_a_chinese_message_at_the_field(client, world):
    item = world.submitted()
    client.force_login(world.staff)
    response = client.post(
        step(item, "assign"), {"lead_department": world.department.pk, "deadline": world.in_days(-1)}, follow=True
    )
    assert response.redirect_chain[-1][1] == 302
    assert "截止日期必须晚于今天" in response.content.decode()
    assert SupervisionItem.objects.get(pk=item.pk).state == State.SUBMITTED


def test_a_suggestion_form_without_a_title_keeps_the_input_and_says_why(client, world):
    client.force_login(world.deputy_user)
    response = client.post(reverse("supervision:item_create"), {"title": "", "content": "内容还在", "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 400 and "这个字段是必填项" in html and "内容还在" in html
    assert not SupervisionItem.objects.exists()


def test_an_upload_that_is_not_an_office_file_is_refused_at_the_field(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.deputy_user)
    response = client.post(
        reverse("supervision:item_create"),
        {"title": "t", "content": "c", "files": [SimpleUploadedFile("run.exe", b"MZ")], "submit": "1"},
    )
    assert "不是图片、PDF 或办公文档" in response.content.decode()
    assert not SupervisionItem.objects.exists()


def test_a_deputy_sees_only_what_they_lead_co_sign_or_wrote(client, world):
    mine = world.submitted(title="我的建议")
    co_signed = world.submitted(title="附议的建议")
    other_user = UserFactory()
    other = DeputyFactory(user=other_user)
    others = services.item_create(created_by=other_user, lead_deputy=other, title="别人的建议", content="x")
    viewer_user = UserFactory()
    viewer = DeputyFactory(user=viewer_user)
    co_signed.co_signers.add(viewer)
    client.force_login(world.deputy_user)
    titles = [i.title for i in client.get(reverse("supervision:item_list")).context["page_obj"]]
    assert "我的建议" in titles and "别人的建议" not in titles
    assert client.get(detail(others)).status_code == 404
    client.force_login(viewer_user)
    titles = [i.title for i in client.get(reverse("supervision:item_list")).context["page_obj"]]
    assert titles == ["附议的建议"]
    assert client.get(detail(mine)).status_code == 404


def test_a_department_sees_what_is_handed_to_it_never_drafts_or_other_departments(client, world):
    assigned = world.assigned(title="交办给交通局")
    world.submitted(title="尚未交办")
    other = services.item_assign(
        item=world.submitted(title="交办给教育局"),
        by=world.staff,
        lead_department=world.other_department,
        deadline=world.in_days(5),
    )
    client.force_login(world.contact)
    titles = [i.title for i in client.get(reverse("supervision:item_list")).context["page_obj"]]
    assert titles == ["交办给交通局"]
    assert client.get(detail(other)).status_code == 404
    assert client.get(detail(assigned)).status_code == 200


def test_forms_appear_only_for_whoever_may_take_the_step(client, world):
    item = world.replied()
    client.force_login(world.contact)
    assert "rating_form" not in client.get(detail(item)).context
    client.force_login(world.deputy_user)
    context = client.get(detail(item)).context
    assert "rating_form" in context and "committee_form" not in context and "reply_form" not in context


def test_someone_elses_step_url_is_a_404_or_a_refusal(client, world):
    item = world.replied()
    client.force_login(world.other_contact)
    assert client.post(step(item, "reply"), {"content": "越权"}).status_code == 404
    client.force_login(world.contact)
    response = client.post(step(item, "rate"), {"rating": "satisfied"}, follow=True)
    assert "只有该事项的领衔代表" in response.content.decode()
    assert SupervisionItem.objects.get(pk=item.pk).state == State.REPLIED


def test_attachments_download_only_for_those_who_may_see_the_item(client, world):
    item = world.draft(files=[pdf("内部材料.pdf")])
    attachment = item.attachments.get()
    url = reverse("supervision:attachment", args=[attachment.pk])
    client.force_login(world.deputy_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.other_contact)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_staff_work_list_filters_by_department_state_overdue_kind_and_waiting(client, world, time_machine):
    late = world.assigned(title="逾期事项")
    world.replied(title="已答复事项")
    services.item_assign(
        item=world.submitted(title="教育局事项"),
        by=world.staff,
        lead_department=world.other_department,
        deadline=world.in_days(90),
    )
    time_machine.move_to(late.deadline + __import__("datetime").timedelta(days=2))
    client.force_login(world.staff)
    url = reverse("supervision:item_list")

    def titles(**params):
        return sorted(i.title for i in client.get(url, params).context["page_obj"])

    assert titles(overdue="true") == ["逾期事项"]
    assert titles(lead_department=world.other_department.pk) == ["教育局事项"]
    assert titles(state="replied") == ["已答复事项"]
    assert titles(waiting="deputy_rating") == ["已答复事项"]
    assert titles(kind="citizen_opinion") == []
    assert "逾期" in client.get(url, {"overdue": "true"}).content.decode()


def test_exports_give_the_problem_list_and_work_list(client, world):
    world.closed(title="已办结建议")
    world.submitted(title="新建议")
    client.force_login(world.staff)
    problems = client.get(reverse("supervision:item_export", args=["problems"]))
    work = client.get(reverse("supervision:item_export", args=["work"]), {"state": "closed"})
    assert problems.status_code == work.status_code == 200
    rows = first_table(problems.content)
    assert rows[0][:4] == ("编号", "类别", "标题", "内容") and len(rows) == 3
    assert "领衔代表" in [r[4] for r in rows]
    rows = first_table(work.content)
    assert len(rows) == 2 and rows[1][1] == "已办结建议" and rows[1][2] == "交通运输局"
    assert "满意" in rows[1][-1] and rows[1][-2] == "A类：已解决或基本解决"


def test_a_long_work_list_is_made_in_the_background_with_progress_and_a_download(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    """Past AT_ONCE rows the export link offers a background job; its page shows progress, the
    file is the asker's alone, and the bell says when it is ready."""
    from notifications import exports as background
    from notifications.models import ExportJob, Notification

    monkeypatch.setattr(background, "AT_ONCE", 2)
    monkeypatch.setattr(background, "PROGRESS_EVERY", 1)
    for n in range(3):
        world.closed(title=f"已办结建议{n}")
    world.submitted(title="新建议")
    client.force_login(world.staff)
    offer = client.get(reverse("supervision:item_export", args=["work"]), {"state": "closed"})
    page = offer.content.decode()
    assert offer.status_code == 200 and "共 3 行" in page and 'name="state" value="closed"' in page
    assert not ExportJob.objects.exists()  # a GET never starts one
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("notifications:export_start", args=["supervision-work"]), {"state": "closed"})
    job = ExportJob.objects.get()
    assert started["Location"] == reverse("notifications:export", args=[job.pk])
    assert (job.state, job.total, job.done_rows, job.params) == ("done", 3, 3, "state=closed")
    status = client.get(started["Location"], {"format": "json"}).json()
    assert status["percent"] == 100 and status["download"].endswith(f"/exports/{job.pk}/download/")
    assert "下载 Excel 文件" in client.get(started["Location"]).content.decode()
    download = client.get(status["download"])
    rows = first_table(b"".join(download.streaming_content))
    assert len(rows) == 4 and {r[1] for r in rows[1:]} == {"已办结建议0", "已办结建议1", "已办结建议2"}
    assert "filename*=utf-8''" in download["Content-Disposition"].lower()
    assert Notification.objects.get(user=world.staff, key=f"export:{job.pk}").url == started["Location"]
    other = UserFactory(roles=[roles.STAFF])
    client.force_login(other)
    for url in (started["Location"], status["download"]):
        assert client.get(url).status_code == 404  # another person's file
    client.force_login(world.deputy_user)
    refused = client.post(reverse("notifications:export_start", args=["supervision-work"]), {})
    assert refused.status_code == 403
    assert client.post(reverse("notifications:export_start", args=["no-such"]), {}).status_code == 400


def test_a_background_export_that_fails_says_so_and_old_ones_are_cleared(
    client, world, monkeypatch, django_capture_on_commit_callbacks, time_machine
):
    from django.core.files.storage import default_storage

    from notifications import exports as background
    from notifications.models import ExportJob

    client.force_login(world.staff)
    url = reverse("notifications:export_start", args=["supervision-work"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    old = ExportJob.objects.get()
    assert old.state == "done" and default_storage.exists(old.file.name)

    def broken(params, progress):
        raise RuntimeError("disk full")

    export = background.EXPORTS["supervision-work"]
    monkeypatch.setitem(
        background.EXPORTS, "supervision-work", export.__class__(**{**export.__dict__, "write": broken})
    )
    time_machine.move_to(timezone.now() + timezone.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {}).status_code == 302  # the failure is the job's, not the page's
    job = ExportJob.objects.get()  # the week-old one went, with its file
    assert job.state == "failed" and not default_storage.exists(old.file.name)
    page = client.get(reverse("notifications:export", args=[job.pk])).content.decode()
    assert "生成失败" in page and "d-none" in page  # no download offered

    from notifications import tasks

    def broker_down(job_id):
        raise OSError("broker unreachable")

    monkeypatch.setattr(tasks.export_make, "delay", broker_down)
    monkeypatch.setitem(background.EXPORTS, "supervision-work", export)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.post(url, {"state": "closed"})
    assert waiting.status_code == 302  # the broker is down: the job waits, the page does not fail
    stuck = ExportJob.objects.get(state="waiting")
    monkeypatch.undo()
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=2))
    client.get(waiting["Location"])  # its page, a minute later, queues it again
    assert ExportJob.objects.get(pk=stuck.pk).state == "done"
    assert client.get(reverse("notifications:export_download", args=[job.pk])).status_code == 404


def test_exports_and_summary_are_for_staff_only(client, world):
    client.force_login(world.deputy_user)
    assert client.get(reverse("supervision:item_export", args=["work"])).status_code == 403
    assert client.get(reverse("supervision:department_summary")).status_code == 403


def test_department_summary_counts_assigned_on_time_satisfaction_and_second_handlings(client, world):
    world.closed()
    world.rated(rating=SatisfactionRating.UNSATISFIED)
    world.assigned()
    client.force_login(world.staff)
    rows = client.get(reverse("supervision:department_summary")).context["rows"]
    row = next(r for r in rows if r["department"] == world.department)
    assert row["assigned"] == 3 and row["replied"] == 2 and row["on_time"] == 2
    assert row["second"] == 1 and row["rated"] == 3 and row["satisfaction_rate"] == pytest.approx(2 / 3)
    # Each figure opens the items behind it, as many as it says, and the sheet has the same figures.
    year = timezone.localdate().year
    base = {"lead_department": world.department.pk, "assigned_in": year}
    work_list = reverse("supervision:item_list")
    assert client.get(work_list, base).context["paginator"].count == row["assigned"]
    assert client.get(work_list, {**base, "second": "true"}).context["paginator"].count == row["second"]
    assert client.get(work_list, {**base, "overdue": "true"}).context["paginator"].count == row["overdue"]
    assert client.get(work_list, {**base, "assigned_in": year - 1}).context["paginator"].count == 0
    sheet = first_table(client.get(reverse("supervision:department_summary_export"), {"year": year}).content)
    assert (world.department.name, 3, 2, 2) == sheet[1][:4]


def test_public_pages_show_published_items_without_names(client, world):
    item = world.replied(title="公开的建议")
    world.replied(title="未公开的建议")
    services.item_set_public(item=item, by=world.staff, public=True)
    html = client.get(reverse("supervision:public_list")).content.decode()
    assert "公开的建议" in html and "未公开的建议" not in html
    page = client.get(reverse("supervision:public_detail", args=[item.pk])).content.decode()
    assert "已纳入明年公交线路调整计划" in page
    for personal in (world.deputy.name, world.deputy.phone, world.contact.name, world.staff.name):
        assert personal not in page
    hidden = SupervisionItem.objects.get(title="未公开的建议")
    assert client.get(reverse("supervision:public_detail", args=[hidden.pk])).status_code == 404


def test_pages_need_a_login(client, world):
    item = world.submitted()
    for url in (reverse("supervision:item_list"), detail(item), reverse("supervision:item_create")):
        assert client.get(url).status_code == 302


def test_department_contact_home_lists_items_waiting_with_overdue(client, world, time_machine):
    item = world.assigned(title="等待答复的事项")
    time_machine.move_to(item.deadline + __import__("datetime").timedelta(days=1))
    client.force_login(world.contact)
    html = client.get(reverse("home")).content.decode()
    assert "等待答复的事项" in html and "逾期" in html


def test_deputy_home_lists_replies_waiting_for_their_rating(client, world):
    world.replied(title="待评价的建议")
    client.force_login(world.deputy_user)
    html = client.get(reverse("home")).content.decode()
    assert "待评价的建议" in html and "等待您评价" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_work_list_query_count_is_constant(client, world, django_assert_num_queries, rows):
    for _ in range(rows):
        world.replied()
    client.force_login(world.staff)
    with django_assert_num_queries(8):
        response = client.get(reverse("supervision:item_list"))
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rounds", [1, 3])
def test_detail_query_count_does_not_grow_with_the_timeline(client, world, django_assert_num_queries, rounds):
    item = world.replied(co_signers=DeputyFactory.create_batch(3))
    for _ in range(rounds - 1):
        services.item_rate_by_deputy(
            item=item, by=world.deputy_user, rating=SatisfactionRating.UNSATISFIED, comment="没有时间表"
        )
        services.item_reply(item=item, by=world.contact, category="A", content="再答复", files=[pdf()])
    client.force_login(world.staff)
    with django_assert_num_queries(18):
        assert client.get(detail(item)).status_code == 200


def test_every_state_has_a_visible_badge():
    """A state without a colour rule shows white text on nothing (退回修改 did)."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
    missing = [value for value in SupervisionItem.State.values if f".state-{value} " not in css]
    assert not missing


@pytest.mark.postgres
def test_the_public_list_reads_an_index_of_published_items_only(world):
    """With the table's statistics saying most items are unpublished, PostgreSQL reads the partial
    index rather than scanning every item."""
    from django.db import connection

    from supervision.selectors import public_items

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the plan the index allows, at any table size
        cursor.execute("EXPLAIN " + str(public_items()[:20].query).replace("True", "true"))
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "item_public_newest" in plan

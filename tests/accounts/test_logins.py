"""Logins that open themselves: the roster import opens them, a one-time password by text or
letter, the person's own password at the first login, a forgotten one by a texted code or an
e-mailed link, and the end of a term."""

import re
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import roles, services
from deputies.models import Deputy
from notifications.backends import locmem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.deputies.test_resources import run_import, sheet
from tests.pdfs import assert_printable, fonts_of

pytestmark = pytest.mark.django_db
STRONG = "Hongqi-2026"


@pytest.fixture
def outbox():
    locmem.outbox.clear()
    return locmem.outbox


def imported():
    result = run_import(
        sheet(
            ["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""],
            ["", "李四", "女", "议政会成员", "", "", "", "0579-87123456", "", "是", ""],
            ["", "王五", "男", "人大代表", "区级", "", "", "13900000003", "", "否", ""],
        )
    )
    assert not result.has_errors() and not result.has_validation_errors()
    return {d.name: d for d in Deputy.objects.select_related("user")}


def test_the_roster_import_opens_logins_for_people_in_office_without_one():
    people = imported()
    zhang, li, wang = people["张三"].user, people["李四"].user, people["王五"].user
    assert zhang.username == "13900000001" and zhang.mobile == "13900000001" and zhang.has_role(roles.DEPUTY)
    assert li.username == f"rd{people['李四'].pk:05d}" and li.mobile == "" and li.has_role(roles.COUNCIL_MEMBER)
    assert wang is None  # out of office
    assert not zhang.has_usable_password() and zhang.must_change_password
    run_import(sheet(["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""]))
    assert get_user_model().objects.filter(username="13900000001").count() == 1  # a second import adds none


def test_a_new_deputy_logs_in_with_the_texted_password_and_must_choose_their_own(
    client, staff_user, outbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://rd.example.gov.cn"
    zhang = imported()["张三"]
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:deputies_deputy_changelist"),
            {"action": "open_and_text", "_selected_action": [zhang.pk, Deputy.objects.get(name="李四").pk]},
        )
    assert response.status_code == 302
    [text] = outbox
    password = re.search(r"一次性密码([A-Za-z0-9]{10})", text.text).group(1)
    assert text.address == "13900000001" and "13900000001" in text.text
    assert len(f"{text.text} {text.link}") <= 70 and text.link == "https://rd.example.gov.cn/l"  # one message
    client.logout()
    response = client.post(reverse("login"), {"username": "13900000001", "password": password})
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "一次性密码" in page
    for weak, message in (("abcdefgh", "三类"), ("Ab1", "至少"), ("X13900000001y", "用户名")):
        response = client.post(
            reverse("password_change"),
            {"old_password": password, "new_password1": weak, "new_password2": weak},
        )
        assert message in response.content.decode(), weak
    client.post(
        reverse("password_change"), {"old_password": password, "new_password1": STRONG, "new_password2": STRONG}
    )
    assert client.get(reverse("home")).status_code == 200
    user = get_user_model().objects.get(username="13900000001")
    assert not user.must_change_password and user.check_password(STRONG)


def test_letters_print_a_one_time_password_for_those_without_a_mobile(client, staff_user, tmp_path):
    li = imported()["李四"]
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:deputies_deputy_changelist"), {"action": "open_and_print", "_selected_action": [li.pk]}
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letters.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    username = li.user.username
    assert username in text and "李四" in text
    password = re.search(r"一次性密码\s+([A-Za-z0-9]{10})", text).group(1)
    assert "请向工委工作人员索取新的登录通知书" in text and "短信" not in text  # 李四 has no mobile
    assert_printable(response.content, numbered=False)  # its fonts travel with it
    fonts = [font["name"] for font in fonts_of(response.content)]
    assert any("Mono" in name and "Bold" in name for name in fonts)  # the password in a typewriter face: 0/O, 1/l apart
    client.logout()
    assert client.post(reverse("login"), {"username": username, "password": password}).status_code == 302


def test_staff_cannot_give_a_superuser_a_one_time_password(staff_user):
    root = get_user_model().objects.create_superuser("root", password="x")
    with pytest.raises(Exception, match="超级用户"):
        services.one_time_password_set(user=root, by=staff_user)
    texted, without = services.one_time_passwords_text(users=[root], by=staff_user)
    assert texted == [] and without == []  # not theirs to manage: skipped (the admin names them)


def test_staff_cannot_hand_another_staff_member_a_one_time_password(client, staff_user, tmp_path):
    """A printed letter would let one staff member sign in as another: only a superuser may."""
    peer = UserFactory(username="peer", mobile="13900000011", roles=[roles.STAFF], is_staff=True)
    peer.set_password("Peer-Secret-123")
    peer.save()
    with pytest.raises(Exception, match="超级用户"):
        services.one_time_password_set(user=peer, by=staff_user)
    client.force_login(staff_user)
    for action in ("print_letters", "text_one_time_passwords", "end_logins"):
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": action, "_selected_action": [peer.pk], "confirmed": "yes"},
            follow=True,
        )
        assert response.status_code == 200 and "application/pdf" not in response.get("Content-Type", "")
    peer.refresh_from_db()
    assert peer.check_password("Peer-Secret-123") and peer.is_active and not peer.must_change_password
    # nor change the peer's mobile to their own and ask for a code
    assert client.get(reverse("admin:accounts_user_change", args=[peer.pk])).status_code == 200  # view only
    client.post(reverse("admin:accounts_user_change", args=[peer.pk]), {"username": "peer", "mobile": "13700000000"})
    peer.refresh_from_db()
    assert peer.mobile == "13900000011"


def test_a_forgotten_password_by_a_texted_code(client, outbox, django_capture_on_commit_callbacks):
    user = UserFactory(username="zhangsan", mobile="13900000001", roles=[roles.DEPUTY])
    with django_capture_on_commit_callbacks(execute=True):
        same = client.post(reverse("password_reset_sms"), {"mobile": "139 0000 0002"})  # nobody's number
        assert same.status_code == 302 and outbox == []
        client.post(reverse("password_reset_sms"), {"mobile": "13900000001"})
    [text] = outbox
    code = re.search(r"(\d{6})", text.text).group(1)
    form = {"mobile": "13900000001", "new_password1": STRONG, "new_password2": STRONG}
    wrong = client.post(reverse("password_reset_code"), {**form, "code": f"{(int(code) + 1) % 10**6:06d}"})
    assert wrong.status_code == 400 and "验证码错误或已过期" in wrong.content.decode()
    ok = client.post(reverse("password_reset_code"), {**form, "code": code})
    assert ok["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(STRONG)
    again = client.post(reverse("password_reset_code"), {**form, "code": code})
    assert again.status_code == 400  # a code works once


def test_five_wrong_codes_end_the_code_and_requests_are_rate_limited(
    client, outbox, django_capture_on_commit_callbacks
):
    UserFactory(username="zhangsan", mobile="13900000001")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset_sms"), {"mobile": "13900000001"})
    code = re.search(r"(\d{6})", outbox[0].text).group(1)
    form = {"mobile": "13900000001", "new_password1": STRONG, "new_password2": STRONG}
    for guess in range(5):
        client.post(reverse("password_reset_code"), {**form, "code": f"{(int(code) + 1 + guess) % 10**6:06d}"})
    assert client.post(reverse("password_reset_code"), {**form, "code": code}).status_code == 400
    statuses = [client.post(reverse("password_reset_sms"), {"mobile": "13900000001"}).status_code for _ in range(3)]
    assert statuses[-1] == 429


def test_a_forgotten_password_by_an_emailed_link(client):
    user = UserFactory(username="contact", email="contact@example.gov.cn", must_change_password=True)
    assert client.post(reverse("password_reset"), {"email": "nobody@example.gov.cn"}).status_code == 302
    assert mail.outbox == []
    client.post(reverse("password_reset"), {"email": "contact@example.gov.cn"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page = client.get(link, follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(STRONG) and not user.must_change_password


def test_a_term_ends_the_login_and_keeps_the_records(client, staff_user):
    deputy = DeputyFactory(user=UserFactory(username="zhang", roles=[roles.DEPUTY]))
    client.force_login(staff_user)
    ask = client.post(
        reverse("admin:deputies_deputy_changelist"), {"action": "end_term", "_selected_action": [deputy.pk]}
    )
    assert "结束这些人的任期？" in ask.content.decode() and str(deputy) in ask.content.decode()
    deputy.refresh_from_db()
    assert deputy.is_active  # asked, not yet done
    client.post(
        reverse("admin:deputies_deputy_changelist"),
        {"action": "end_term", "_selected_action": [deputy.pk], "confirmed": "yes"},
    )
    deputy.refresh_from_db()
    deputy.user.refresh_from_db()
    assert not deputy.is_active and not deputy.user.is_active
    client.logout()
    assert client.post(reverse("login"), {"username": "zhang", "password": "pw-for-tests"}).status_code == 200


def test_a_one_time_password_opens_nothing_but_choosing_ones_own(client):
    user = UserFactory(username="newbie", roles=[roles.STAFF], is_staff=True, must_change_password=True)
    client.force_login(user)
    for path in ("/", "/admin/", reverse("notifications:list"), reverse("dashboard"), "/supervision/items/"):
        assert client.get(path)["Location"] == reverse("password_change"), path
    assert client.post(reverse("notifications:read_all"))["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200


def test_a_code_sent_to_one_login_never_resets_another(client, outbox, django_capture_on_commit_callbacks):
    UserFactory(username="a", mobile="13900000001")
    other = UserFactory(username="b", mobile="13900000002")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset_sms"), {"mobile": "13900000001"})
    code = re.search(r"(\d{6})", outbox[-1].text).group(1)
    form = {"mobile": "13900000002", "code": code, "new_password1": STRONG, "new_password2": STRONG}
    assert client.post(reverse("password_reset_code"), form).status_code == 400
    other.refresh_from_db()
    assert not other.check_password(STRONG)


def test_a_one_time_password_does_not_open_the_admins_own_password_page(client):
    """The admin's password change (admin:password_change) is not the portal's: it would skip the
    first-login rules and leave must_change_password set."""
    user = UserFactory(username="newbie2", roles=[roles.STAFF], is_staff=True, must_change_password=True)
    client.force_login(user)
    assert client.get("/admin/password_change/")["Location"] == reverse("password_change")


def test_a_code_typed_in_full_width_digits_works_and_a_second_ask_within_a_minute_is_told_to_wait(
    client, outbox, django_capture_on_commit_callbacks
):
    user = UserFactory(username="zhangsan", mobile="13900000001")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset_sms"), {"mobile": "13900000001"})
    again = client.post(reverse("password_reset_sms"), {"mobile": "139 0000 0001"})
    assert again.status_code == 429 and "1 分钟后再试" in again.content.decode() and len(outbox) == 1
    # a number nobody has reads the same (the pause tells nothing about accounts)
    client.post(reverse("password_reset_sms"), {"mobile": "13900000002"})
    assert "1 分钟后再试" in client.post(reverse("password_reset_sms"), {"mobile": "13900000002"}).content.decode()
    code = re.search(r"(\d{6})", outbox[0].text).group(1)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)  # １２３４５６ from a Chinese keyboard
    form = {"mobile": "13900000001", "code": f"{wide[:3]} {wide[3:]}", "new_password1": STRONG, "new_password2": STRONG}
    assert client.post(reverse("password_reset_code"), form)["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_the_roster_refuses_a_phone_that_is_another_logins_mobile(staff_user):
    """Else two logins would share a number, and codes texted to it would reset neither (or both)."""
    staff_user.mobile = "13900000001"
    staff_user.save()
    result = run_import(sheet(["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""]))
    [row] = result.invalid_rows
    assert row.error_dict["电话"] == ["另一个登录账号已使用这个手机号。"]
    assert not Deputy.objects.filter(name="张三").exists()
    # the deputy's own login keeps its number on a later import
    staff_user.mobile = ""
    staff_user.save()
    imported_once = run_import(sheet(["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""]))
    assert not imported_once.has_validation_errors()
    zhang = Deputy.objects.get(name="张三")
    again = run_import(sheet([str(zhang.pk), "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""]))
    assert not again.has_validation_errors()


def test_a_rule_the_new_password_breaks_is_said_at_the_new_password(client):
    user = UserFactory(username="firsttime", must_change_password=True)
    user.set_password("Temp-Pass-1")
    user.save()
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert page.context["form"].fields["old_password"].label == "一次性密码"
    weak = client.post(
        reverse("password_change"),
        {"old_password": "Temp-Pass-1", "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    form = weak.context["form"]
    assert form.errors.get("new_password1") and "new_password2" not in form.errors
    done = client.post(
        reverse("password_change"), {"old_password": "Temp-Pass-1", "new_password1": STRONG, "new_password2": STRONG}
    )
    page = client.get(done["Location"]).content.decode()
    assert reverse("home") in page and reverse("notifications:settings") in page


def test_staff_cannot_make_a_login_a_staff_login(client, staff_user, deputy_user):
    """After printing a deputy's one-time password, a staff member must not be able to turn that
    login into a second staff login of their own: roles of staff and is_staff are a superuser's."""
    from django.contrib.auth.models import Group

    client.force_login(staff_user)
    url = reverse("admin:accounts_user_change", args=[deputy_user.pk])
    form = client.get(url).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "groups": [Group.objects.get(name=roles.STAFF).pk],
            "is_staff": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    response = client.post(url, data)
    deputy_user.refresh_from_db()
    assert response.status_code == 200 and "只有超级管理员" in response.content.decode()
    assert not deputy_user.is_staff and not deputy_user.has_role(roles.STAFF)

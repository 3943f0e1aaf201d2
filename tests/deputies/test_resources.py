"""The roster's Excel import and export (through the resource and through the admin)."""

import io
from urllib.parse import unquote

import pytest
import tablib
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from deputies.models import Deputy
from liaison.models import StationMember
from liaison.resources import RosterResource
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory

pytestmark = pytest.mark.django_db

HEADERS = ["ID", "姓名", "性别", "类别", "层级", "选区", "工作单位及职务", "电话", "届次", "在职", "所在站点"]


def sheet(*rows, headers=HEADERS) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)


def xlsx(*rows, headers=HEADERS) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(dataset, dry_run=False):
    with translation.override("zh-hans"):
        return RosterResource().import_data(dataset, dry_run=dry_run, raise_errors=False)


def row_errors(result) -> dict[int, str]:
    """{row number: all its messages} of the invalid rows."""
    return {
        invalid.number: " ".join(str(m) for messages in invalid.error_dict.values() for m in messages)
        for invalid in result.invalid_rows
    }


def test_import_creates_deputies_with_levels_and_station():
    station = StationFactory(name="和平社区代表联络站")
    result = run_import(
        sheet(
            [
                "",
                "张三",
                "男",
                "人大代表",
                "市级、区级",
                "第1选区",
                "某公司经理",
                "13900000001",
                "第十八届",
                "是",
                "和平社区代表联络站",
            ],
            ["", "李四", "女", "议政会成员", "", "", "社区书记", 13900000002, "", "", ""],
        )
    )
    assert not result.has_errors() and not result.has_validation_errors()
    zhang = Deputy.objects.get(name="张三")
    assert zhang.gender == "male" and zhang.kind == "deputy" and zhang.is_active
    assert sorted(zhang.levels.values_list("code", flat=True)) == ["district", "municipal"]
    assert zhang.station_membership.station == station
    li = Deputy.objects.get(name="李四")
    assert li.kind == "council_member" and li.phone == "13900000002" and not li.levels.exists()
    assert not StationMember.objects.filter(deputy=li).exists()


def test_import_accepts_english_labels():
    result = run_import(sheet(["", "Wang", "female", "deputy", "district", "", "", "13900000009", "", "no", ""]))
    assert not result.has_validation_errors()
    wang = Deputy.objects.get(name="Wang")
    assert wang.gender == "female" and not wang.is_active


def test_import_with_an_id_updates_the_existing_deputy():
    deputy = DeputyFactory(name="旧名", phone="13900000003")
    result = run_import(sheet([deputy.pk, "新名", "女", "人大代表", "区级", "", "", "13900000003", "", "是", ""]))
    assert not result.has_validation_errors()
    deputy.refresh_from_db()
    assert deputy.name == "新名"
    assert Deputy.objects.count() == 1


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            ["", "王五", "男", "人大代表", "镇级代表大会", "", "", "13900000005", "", "是", ""],
            "未知的层级“镇级代表大会”",
        ),
        (["", "", "男", "人大代表", "区级", "", "", "13900000005", "", "是", ""], "此字段不能为空"),
        (
            ["", "王五", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""],
            "已有代表或议政会成员使用这个电话号码",
        ),
        (["", "王五", "未知", "人大代表", "区级", "", "", "13900000005", "", "是", ""], "“未知”不可用"),
        (["", "王五", "男", "人大代表", "", "", "", "13900000005", "", "是", ""], "代表至少要有一个层级"),
        (
            ["", "王五", "男", "人大代表", "区级", "", "", "13900000005", "", "是", "不存在的站"],
            "没有名为“不存在的站”的代表之家或联络站",
        ),
    ],
)
def test_a_bad_row_is_reported_with_its_number_and_nothing_is_imported(bad_row, message):
    good = ["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""]
    result = run_import(sheet(good, bad_row))
    assert row_errors(result).keys() == {3}  # as Excel numbers it: the header is row 1
    assert message in row_errors(result)[3]
    assert Deputy.objects.count() == 0


def test_a_phone_already_in_the_registry_is_a_duplicate():
    DeputyFactory(phone="13900000001")
    result = run_import(sheet(["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""]))
    assert "已有代表或议政会成员使用这个电话号码" in row_errors(result)[2]
    assert Deputy.objects.count() == 1


def test_export_has_chinese_headers_and_labels():
    StationFactory(name="和平社区代表联络站")
    run_import(
        sheet(["", "张三", "男", "人大代表", "市级、区级", "", "", "13900000001", "", "是", "和平社区代表联络站"])
    )
    with translation.override("zh-hans"):
        data = RosterResource().export()
    assert data.headers[:10] == HEADERS[:10]
    row = dict(zip(data.headers, data[0], strict=True))
    assert row["姓名"] == "张三" and row["性别"] == "男" and row["层级"] == "市级、区（县）级"
    assert row["所在站点"] == "和平社区代表联络站" and row["在职"] == "是" and row["街道"]


def admin_import(client, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "roster.xlsx"
    return client.post(reverse("admin:deputies_deputy_import"), {"format": "0", "import_file": upload})


def test_admin_import_of_a_bad_file_shows_row_errors_in_chinese_and_saves_nothing(client, staff_user):
    client.force_login(staff_user)
    response = admin_import(
        client,
        xlsx(
            ["", "张三", "男", "人大代表", "区级", "", "", "13900000001", "", "是", ""],
            ["", "", "男", "人大代表", "国家级", "", "", "13900000001", "", "是", ""],
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "此字段不能为空" in html and "已有代表或议政会成员使用这个电话号码" in html
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Deputy.objects.count() == 0


def test_admin_import_of_a_good_file_previews_then_imports_on_confirm(client, staff_user):
    client.force_login(staff_user)
    preview = admin_import(
        client, xlsx(["", "张三", "男", "人大代表", "区级", "第2选区", "", 13900000001, "", "是", ""])
    )
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    assert Deputy.objects.count() == 0  # the preview is a dry run
    response = client.post(reverse("admin:deputies_deputy_process_import"), confirm.initial, follow=True)
    assert response.status_code == 200
    deputy = Deputy.objects.get()
    assert deputy.name == "张三" and deputy.phone == "13900000001" and deputy.constituency == "第2选区"


def test_admin_export_gives_an_excel_roster(client, staff_user):
    DeputyFactory(name="赵六")
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:deputies_deputy_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"rosterresource_{f}": "on" for f in ("name", "phone", "levels", "station")},
        },
    )
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    # named in Chinese with Beijing's date, the sheet too
    disposition = unquote(response["Content-Disposition"])
    assert (
        disposition.startswith("attachment; filename*=UTF-8''代表和议政会成员")
        and f"{timezone.localdate():%Y%m%d}.xlsx" in disposition
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == "代表和议政会成员"
    values = [cell.value for cell in ws[2]]
    assert "赵六" in values


@pytest.mark.parametrize("n_rows", [10, 200])
def test_the_import_reads_and_checks_a_file_in_a_fixed_number_of_queries(
    client, staff_user, django_assert_num_queries, django_assert_max_num_queries, n_rows
):
    """A city's roster has 6,000 rows: the preview must not cost queries per row (it cost ten)."""
    StationFactory(name="和平社区代表联络站")
    DeputyFactory(phone="13900099999")
    rows = [
        ["", f"人{i}", "男", "人大代表", "区级", "", "", 13900000000 + i, "", "是", "和平社区代表联络站"]
        for i in range(n_rows)
    ]
    client.force_login(staff_user)
    ContentType.objects.get_for_model(Deputy)  # the admin log's content type, cached per process
    with django_assert_num_queries(19):
        preview = admin_import(client, xlsx(*rows))
    assert preview.context["confirm_form"] is not None
    # Saving goes in bulk inserts of some hundred rows each (the people, their history, and the
    # logins it opens them): a few more queries per batch, none per row.
    with django_assert_max_num_queries(30 + n_rows // 25):
        client.post(reverse("admin:deputies_deputy_process_import"), preview.context["confirm_form"].initial)
    assert Deputy.objects.filter(station_membership__station__name="和平社区代表联络站").count() == n_rows
    assert Deputy.history.filter(name="人0").exists()  # the audit history keeps bulk imports too


def test_the_preview_shows_the_levels_and_station_a_new_row_will_get():
    """Before anything is saved, the preview's 层级 and 所在站点 columns show what the file says."""
    StationFactory(name="和平社区代表联络站")
    row = ["", "张三", "男", "人大代表", "市级、区级", "", "", "13900000001", "", "是", "和平社区代表联络站"]
    result = run_import(sheet(row), dry_run=True)
    [preview] = result.rows
    cells = " ".join(str(cell) for cell in preview.diff)
    assert "区（县）级、市级" in cells and "和平社区代表联络站" in cells
    assert not Deputy.objects.filter(name="张三").exists()

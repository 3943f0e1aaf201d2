"""Every PDF of the portal numbers its pages ("第 x 页 共 y 页") and says when it was made."""

import io
import subprocess

import pytest

from common.pdf import build, paragraph

pytestmark = pytest.mark.django_db


def test_pages_are_numbered_with_the_total(tmp_path, time_machine):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # 00:30 in Beijing is still yesterday in UTC: the footer gives Beijing's date.
    time_machine.move_to(datetime(2026, 11, 24, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    from common.pdf import made_today

    buffer = io.BytesIO()
    build(buffer, [paragraph("测试 " * 3000)], title="测试", footer=f"生成于 {made_today()}")
    path = tmp_path / "t.pdf"
    path.write_bytes(buffer.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f")
    compact = text.replace(" ", "")  # pdftotext drops the spaces around the numbers
    assert pages >= 2
    assert f"第1页共{pages}页" in compact and f"第{pages}页共{pages}页" in compact
    assert "生成于2026-11-24" in compact


def test_emoji_in_users_words_print_as_a_box_not_as_nothing():
    from common.pdf import text

    assert text("电梯坏了😡👍🏻！") == "电梯坏了□□□！"  # the face, the thumb, its skin tone
    assert text("❤️满意") == "□满意" and text("👨\u200d👩\u200d👧") == "□□□"
    assert text("<b>x</b>\x07") == "&lt;b&gt;x&lt;/b&gt;"


def test_a_heading_never_ends_a_page_apart_from_its_table(tmp_path):
    from common.pdf import HEADING, table

    for filler in range(40, 56):  # push the heading to every position near the page's foot
        buffer = io.BytesIO()
        story = [paragraph(f"第{i}行") for i in range(filler)]
        story += [paragraph("分站点统计", HEADING), table([["站点", "接待"], ["甲站", "3"]], [200, 100])]
        build(buffer, story, title="测试")
        path = tmp_path / "t.pdf"
        path.write_bytes(buffer.getvalue())
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        page = next(p for p in text.split("\f") if "分站点统计" in p)
        assert "甲站" in page, filler

"""Every PDF of the portal is its page's HTML laid out by WeasyPrint: numbered pages ("第 x 页 共 y
页"), the date it was made in Beijing, headings kept with their tables, and nothing fetched."""

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import override_settings

from common.pdf import made_on, printable, render_html, render_pdf
from tests.pdfs import assert_printable, words_outside_the_page

pytestmark = pytest.mark.django_db


def with_templates(**sources):
    """Settings whose template loaders also know ``sources`` (name → text), for a body of one's own."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", sources),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return override_settings(TEMPLATES=templates)


def test_pages_are_numbered_with_the_total_and_dated_in_beijing(time_machine):
    # 00:30 in Beijing is still yesterday in UTC: the footer gives Beijing's date.
    time_machine.move_to(datetime(2026, 11, 24, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    with with_templates(
        **{"t/long.html": '<div class="document">{% for p in lines %}<p>{{ p }}</p>{% endfor %}</div>'}
    ):
        content = render_pdf("t/long.html", [{"lines": ["测试" * 40] * 150}], title="测试", footer=made_on())
    text = assert_printable(content)  # 第 1 页 共 n 页 … 第 n 页 共 n 页
    pages = text.count("\f")
    assert pages >= 2
    assert text.replace(" ", "").count("生成于2026-11-24") == pages  # on every page


def test_emoji_print_as_a_box_not_as_nothing():
    assert printable("电梯坏了😡👍🏻！") == "电梯坏了□□□！"  # the face, the thumb, its skin tone
    assert printable("❤️满意") == "□满意" and printable("👨\u200d👩\u200d👧") == "□□□"
    assert printable("a\x07b\nc") == "ab\nc"


def test_a_heading_never_ends_a_page_apart_from_its_table():
    body = (
        '<div class="document">{% for i in filler %}<p>第{{ i }}行</p>{% endfor %}'
        "<h2>分站点统计</h2><table><thead><tr><th>站点</th><th>接待</th></tr></thead>"
        "<tbody><tr><td>甲站</td><td>3</td></tr></tbody></table></div>"
    )
    with with_templates(**{"t/heading.html": body}):
        for filler in range(16, 34, 2):  # push the heading to every position near the page's foot
            text = assert_printable(render_pdf("t/heading.html", [{"filler": range(filler)}], title="测试"))
            page = next(p for p in text.split("\f") if "分站点统计" in p)
            assert "甲站" in page, filler
    assert text.count("\f") >= 2  # the last ones did reach a second page


def test_a_pdf_fetches_nothing(listener):
    """Not an image, not a stylesheet, not a server file, even if markup did reach the layout."""
    address, hits = listener
    body = (
        f'<div class="document"><img src="{address}/x.png"><img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{address}/x.css"><p style="background: url({address}/y.png)">正文</p></div>'
    )
    with with_templates(**{"t/hostile.html": body}):
        text = assert_printable(render_pdf("t/hostile.html", [{}], title="测试"))
    assert "正文" in text and hits == []


def test_the_document_is_the_pages_own_html():
    """The PDF is laid out from the page's stylesheet (the print one) and the page's template."""
    with with_templates(**{"t/one.html": '<div class="document"><h1>{{ name }}</h1></div>'}):
        html = render_html("t/one.html", [{"name": "<b>张三</b>"}], title="测试")
    assert "&lt;b&gt;张三&lt;/b&gt;" in html and "<style" not in html  # styled by document.css, as printed


def test_a_configured_font_file_is_the_one_embedded(settings):
    """PDF_FONT_FILE: a deployment's own face (here DejaVu Sans, from fonts-dejavu-core) sets the text."""
    from tests.pdfs import fonts_of

    settings.PDF_FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    with with_templates(**{"t/one.html": '<div class="document"><p>Deputy report 代表</p></div>'}):
        content = render_pdf("t/one.html", [{}], title="测试")
    assert_printable(content)
    assert any(font["name"].endswith("+PortalSong") for font in fonts_of(content))  # the @font-face of the file


def test_a_long_word_without_spaces_wraps_inside_the_page():
    """A pasted URL or a run of letters in a deputy's analysis or a title is broken, not cut off."""
    body = (
        '<div class="document"><h1>{{ title }}</h1><p>{{ word }}</p>'
        "<table><thead><tr><th>项目</th><th>说明</th></tr></thead>"
        "<tbody><tr><td>{{ title }}</td><td>{{ word }}</td></tr></tbody></table></div>"
    )
    with with_templates(**{"t/wide.html": body}):
        content = render_pdf("t/wide.html", [{"title": "A" * 200, "word": "C" * 3000}], title="测试")
    assert_printable(content)
    assert words_outside_the_page(content) == []


def test_a_long_run_gets_break_opportunities_in_text_never_in_markup():
    html = f'<p title="{"x" * 50}">{"A" * 45}&amp;{"B" * 10}</p><p>{"长" * 50}</p>'
    out = printable(html)
    assert out.startswith(f'<p title="{"x" * 50}">')  # attributes untouched
    zw = "\u200b"
    assert f">{'A' * 20}{zw}{'A' * 20}{zw}{'A' * 5}&amp;{'B' * 10}<" in out  # never inside "&amp;"
    assert "长" * 50 in out  # Chinese breaks between any two characters already

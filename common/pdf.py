"""PDF building blocks (reportlab) with the portal's Chinese font and styles.

reportlab's ``Paragraph`` reads its text as markup: ``<b>``, ``<font>``, ``<img src=…>`` (which
fetches a URL or reads a file on the server). Users' words must never be read that way, so every
paragraph and table cell here goes through ``text()``, which escapes it; nothing outside this
module builds a Paragraph.
"""

import logging
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

logger = logging.getLogger(__name__)

# Fonts are embedded (only the characters used: a subset), so a PDF prints the same on any machine
# or at a print shop. reportlab embeds TrueType outlines only (Noto CJK is CFF-based OpenType), so
# the Chinese face is a TrueType Song/Ming (Debian's fonts-arphic-uming; WenQuanYi Zen Hei as a
# second choice) and the monospace one DejaVu Sans Mono (fonts-dejavu-core). Without them (a quick
# start on a bare machine) the PDF falls back to the viewer's built-in STSong, not embedded.
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
MONO_FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",)


def _register(name: str, configured: str, candidates, fallback: str) -> str:
    for path in ([configured] if configured else []) + list(candidates):
        if path and Path(path).is_file():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
            return name
    logger.warning("No font file for %s PDFs (tried %s): using %s, not embedded.", name, candidates, fallback)
    return fallback


FONT = _register("PortalSong", settings.PDF_FONT_FILE, CJK_FONT_FILES, "STSong-Light")
if FONT == "STSong-Light":
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
MONO_FONT = _register("PortalMono", "", MONO_FONT_FILES, "Courier-Bold")
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=6)
# A heading never ends a page: it moves to the next one with the table or text it introduces.
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4, keepWithNext=1)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14)
# A password or code to copy by hand: one width per character, so 0/O and 1/l read apart.
CODE = ParagraphStyle("code", fontName=MONO_FONT, fontSize=14, leading=18)

# The built-in Chinese font has no emoji: they would print as nothing, or as boxes of garbage.
# Shown as "□" (a joiner or variation selector, which only glue emoji together, as nothing).
_GLUE = {"\u200d", "\ufe0e", "\ufe0f"}


def _printable(ch: str) -> str:
    if ch in _GLUE:
        return ""
    code = ord(ch)
    if code > 0xFFFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        return "□"
    return ch


def text(value) -> str:
    """``value`` as paragraph text that reportlab shows as written: markup characters escaped, line
    breaks kept, characters reportlab cannot parse (control characters) dropped."""
    cleaned = "".join(_printable(ch) for ch in str("" if value is None else value) if ch >= " " or ch == "\n")
    return escape(cleaned).replace("\n", "<br/>")


def paragraph(value, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text(value), style)


def table(rows, widths) -> Table:
    """A grid with a grey header row repeated on every page; every cell is plain text (or a
    paragraph made here, such as ``paragraph(password, CODE)``)."""
    grid = Table(
        [[cell if isinstance(cell, Paragraph) else paragraph(cell) for cell in row] for row in rows],
        colWidths=widths,
        repeatRows=1,
    )
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # the cells' default (Helvetica) is not embedded
            ]
        )
    )
    return grid


def signature_lines(*labels) -> KeepTogether:
    """The foot of a document signed by hand: a line for each of ``labels`` (制表人, 审核人 …) and
    one for the date, kept together on one page."""
    from django.utils.translation import gettext

    blank = "_" * 16
    cells = [paragraph(f"{label}：{blank}") for label in labels]
    cells.append(paragraph(gettext("Date: ____ (year) __ (month) __ (day)")))
    grid = Table([cells], colWidths=None, hAlign="LEFT")
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 24), grid])


def numbered_canvas(footer: str):
    """A canvas class that writes "第 x 页 共 y 页" and ``footer`` (e.g. the date it was made) at the
    foot of every page: it holds each page until the last one tells how many there are."""
    from reportlab.pdfgen import canvas as pdf_canvas

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.setFont(FONT, 8)
                self.setFillColor(colors.grey)
                self.drawRightString(width - 36, 20, f"第 {self._pageNumber} 页 共 {total} 页")
                if footer:
                    self.drawString(36, 20, footer)
                super().showPage()
            super().save()

    return NumberedCanvas


def build(
    buffer, story, *, title: str, footer: str = "", pagesize=None, margins_mm: float = 18, numbered: bool = True
) -> None:
    """Lay ``story`` out on A4 (portrait unless ``pagesize`` says otherwise) with page numbers and
    ``footer`` on every page (unless not ``numbered``: a pile of one-page letters): every PDF of
    the portal is built here."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize or A4,
        leftMargin=margins_mm * mm,
        rightMargin=margins_mm * mm,
        bottomMargin=20 * mm,
        title=title,
        initialFontName=FONT,  # else every page names Helvetica, which is not embedded
    )
    if numbered:
        document.build(story, canvasmaker=numbered_canvas(footer))
    else:
        document.build(story)


def made_today() -> str:
    """The footer's date, in Beijing time."""
    from django.utils import timezone

    return f"{timezone.localdate():%Y-%m-%d}"

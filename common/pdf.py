"""PDF building blocks (reportlab) with the portal's Chinese font and styles.

reportlab's ``Paragraph`` reads its text as markup: ``<b>``, ``<font>``, ``<img src=…>`` (which
fetches a URL or reads a file on the server). Users' words must never be read that way, so every
paragraph and table cell here goes through ``text()``, which escapes it; nothing outside this
module builds a Paragraph.
"""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=6)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14)


def text(value) -> str:
    """``value`` as paragraph text that reportlab shows as written: markup characters escaped, line
    breaks kept, characters reportlab cannot parse (control characters) dropped."""
    cleaned = "".join(ch for ch in str("" if value is None else value) if ch >= " " or ch == "\n")
    return escape(cleaned).replace("\n", "<br/>")


def paragraph(value, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text(value), style)


def table(rows, widths) -> Table:
    """A grid with a grey header row repeated on every page; every cell is plain text."""
    grid = Table([[paragraph(cell) for cell in row] for row in rows], colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)])
    )
    return grid


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


def build(buffer, story, *, title: str, footer: str = "", pagesize=None, margins_mm: float = 18) -> None:
    """Lay ``story`` out on A4 (portrait unless ``pagesize`` says otherwise) with page numbers and
    ``footer`` on every page: every PDF of the portal is built here."""
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
    )
    document.build(story, canvasmaker=numbered_canvas(footer))


def made_today() -> str:
    """The footer's date, in Beijing time."""
    from django.utils import timezone

    return f"{timezone.localdate():%Y-%m-%d}"

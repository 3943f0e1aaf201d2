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

"""The annual duty report (一档一册一报告) as a PDF, with reportlab's built-in Chinese font (no font
file to ship: STSong-Light is one of the CID fonts every PDF reader carries)."""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=6)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14)


def pdf_table(rows, widths):
    """A grid with a grey header row repeated on every page."""
    table = Table([[Paragraph(str(c), BODY) for c in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)])
    )
    return table


def report_story(report: dict) -> list:
    """One deputy's annual report as flowables (see ``deputies.selectors.annual_report``)."""
    deputy, year = report["deputy"], report["year"]
    story = [
        Paragraph(_("Annual duty report of %(name)s, %(year)s") % {"name": deputy.name, "year": year}, TITLE),
        Paragraph(
            # "、" rather than a middle dot: the built-in CID font has no glyph for it.
            "、".join(
                filter(None, [str(deputy.get_kind_display()), report["levels"], deputy.constituency, deputy.term])
            ),
            BODY,
        ),
        Paragraph(_("The year in figures"), HEADING),
        pdf_table(
            [[_("record"), _("count")], *[[s["label"], s["count"]] for s in report["sections"]]], [110 * mm, 30 * mm]
        ),
        Paragraph(_("The 七个一"), HEADING),
        pdf_table(
            [[_("item"), _("measured"), _("required"), _("status")]]
            + [
                [i["label"], i["value"], i["threshold"], _("done") if i["done"] else _("not yet")]
                for i in report["seven"]
            ],
            [90 * mm, 25 * mm, 25 * mm, 25 * mm],
        ),
        Paragraph(_("Activities and records"), HEADING),
    ]
    records = [[r.date.strftime("%Y-%m-%d"), s["label"], r.title] for s in report["sections"] for r in s["records"]][
        :200
    ]
    story.append(
        pdf_table([[_("date"), _("kind"), _("title")], *records], [25 * mm, 45 * mm, 100 * mm])
        if records
        else Spacer(1, 4)
    )
    return story


def reports_pdf(reports: list[dict]) -> bytes:
    """A PDF with one report per deputy, each starting on a new page."""
    buffer = io.BytesIO()
    story = []
    for n, report in enumerate(reports):
        if n:
            story.append(PageBreak())
        story += report_story(report)
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=str(_("Annual duty report"))
    ).build(story)
    return buffer.getvalue()

"""The annual duty report (一档一册一报告) as a PDF (building blocks in ``common.pdf``)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from common.pdf import BODY, HEADING, TITLE, build, made_today, paragraph, signature_lines
from common.pdf import table as pdf_table


def report_story(report: dict) -> list:
    """One deputy's annual report as flowables (see ``deputies.selectors.annual_report``)."""
    deputy, year = report["deputy"], report["year"]
    story = [
        paragraph(_("Annual duty report of %(name)s, %(year)s") % {"name": deputy.name, "year": year}, TITLE),
        paragraph(
            # "、" rather than a middle dot: the built-in CID font has no glyph for it.
            "、".join(
                filter(None, [str(deputy.get_kind_display()), report["levels"], deputy.constituency, deputy.term])
            ),
            BODY,
        ),
        paragraph(_("The year in figures"), HEADING),
        pdf_table(
            [[_("record"), _("count")], *[[s["label"], s["count"]] for s in report["sections"]]], [110 * mm, 30 * mm]
        ),
        paragraph(_("The 七个一"), HEADING),
        pdf_table(
            [[_("item"), _("measured"), _("required"), _("status")]]
            + [
                [i["label"], i["value"], i["threshold"], _("done") if i["done"] else _("not yet")]
                for i in report["seven"]
            ],
            [90 * mm, 25 * mm, 25 * mm, 25 * mm],
        ),
        paragraph(_("Activities and records"), HEADING),
    ]
    records = [[r.date.strftime("%Y-%m-%d"), s["label"], r.title] for s in report["sections"] for r in s["records"]][
        :200
    ]
    story.append(
        pdf_table([[_("date"), _("kind"), _("title")], *records], [25 * mm, 45 * mm, 100 * mm])
        if records
        else Spacer(1, 4)
    )
    story.append(signature_lines(pgettext("signature", "Deputy"), pgettext("signature", "Checked by")))
    return story


def reports_pdf(reports: list[dict]) -> bytes:
    """A PDF with one report per deputy, each starting on a new page."""
    buffer = io.BytesIO()
    story = []
    for n, report in enumerate(reports):
        if n:
            story.append(PageBreak())
        story += report_story(report)
    build(buffer, story, title=str(_("Annual duty report")), footer=_("Made on %(date)s.") % {"date": made_today()})
    return buffer.getvalue()

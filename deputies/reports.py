"""The annual duty report (一档一册一报告) as a PDF, from the template its page prints."""

from django.utils.translation import gettext as _

from common.pdf import made_on, render_pdf

TEMPLATE = "deputies/documents/annual_report.html"


def reports_pdf(reports: list[dict]) -> bytes:
    """A PDF with one report per deputy (see ``deputies.selectors.annual_report``), each from a
    new page."""
    return render_pdf(TEMPLATE, reports, title=_("Annual duty report"), footer=made_on())

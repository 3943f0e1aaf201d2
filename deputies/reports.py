"""The annual duty report (一档一册一报告) as a PDF, from the template its page prints."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.pdf import made_on, render_pdf

TEMPLATE = "deputies/documents/annual_report.html"


def reports_pdf(reports: list[dict]) -> bytes:
    """A PDF with one report per deputy (see ``deputies.selectors.annual_report``), each from a
    new page."""
    return render_pdf(TEMPLATE, reports, title=_("Annual duty report"), footer=made_on())


# A group's PDF is made at once up to this many members; a bigger group's in the background (each
# report is a few pages: WeasyPrint takes about a fifth of a second a member).
GROUP_AT_ONCE = 5
GROUP_EXPORT = "deputies-group-reports"


def group_members(params):
    """The group and year a query string names (``group``, ``year``), and its members; None when
    it names none."""
    from common.params import MAX_YEAR, MIN_YEAR

    from .models import DeputyGroup

    group_id, year = params.get("group", ""), params.get("year", "")
    if not (group_id.isascii() and group_id.isdigit() and len(group_id) < 19):
        return None, None, []
    if not (year.isascii() and year.isdigit() and len(year) == 4 and MIN_YEAR <= int(year) <= MAX_YEAR):
        return None, None, []
    group = DeputyGroup.objects.filter(pk=group_id).first()
    if group is None:
        return None, None, []
    return group, int(year), group.members.prefetch_related("levels").order_by("name", "pk")


def group_reports_file(params, progress=lambda done: None) -> tuple[str, bytes]:
    """Every member's annual report of a group in one PDF: its name and content; ``progress``
    hears how many members' reports are gathered."""
    from common.responses import download_name

    from .selectors import annual_report

    group, year, members = group_members(params)
    if group is None:
        raise ValueError("no such group or year")
    reports = []
    for n, deputy in enumerate(members, 1):
        reports.append(annual_report(deputy, year))
        progress(n)
    name = download_name(group.name, str(year), _("annual duty reports"), extension="pdf")
    return name, reports_pdf(reports)


def _group_size(params) -> int | None:
    group, _year, members = group_members(params)
    return None if group is None else members.count()


def _group_title(params) -> str:
    group, year, _members = group_members(params)
    if group is None:
        return _("Annual duty reports")
    return _("%(group)s: annual duty reports, %(year)s") % {"group": group.name, "year": year}


def register_exports() -> None:
    """A group's annual reports, made in the background when the group is big."""
    from common.responses import PDF
    from notifications.exports import Export, register

    register(
        Export(
            key=GROUP_EXPORT,
            allowed=lambda user: getattr(user, "is_committee_staff", False),
            count=_group_size,
            title=_group_title,
            write=group_reports_file,
            content_type=PDF,
            extension="pdf",
            size=lambda n: (
                ngettext(
                    "The group has %(n)d member: their reports take a while to lay out.",
                    "The group has %(n)d members: their reports take a while to lay out.",
                    n,
                )
                % {"n": n}
            ),
        )
    )

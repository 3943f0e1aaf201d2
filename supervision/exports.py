"""The problem list (问题清单) and the work list (工作清单) as Excel sheets.

The problem list is what was raised; the work list is who handles it, by when, and how it went.
Each is a list of columns over items read with their joins, a fixed number of queries per file.
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.responses import download_name
from common.xlsx import Sheet, workbook

from .models import ItemEvaluation, ItemReply, SupervisionItem


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _names(objects) -> str:
    return "、".join(o.name for o in objects)


def _latest_reply(item):
    replies = list(item.replies.all())
    return _local_date(replies[-1].created_at) if replies else None


def _latest_category(item) -> str:
    replies = list(item.replies.all())
    return replies[-1].get_category_display() if replies and replies[-1].category else ""


def _ratings(item) -> str:
    return "；".join(f"{e.round}·{e.get_rater_display()}：{e.get_rating_display()}" for e in item.evaluations.all())


SHEETS = {
    "problems": (
        gettext_lazy("problem list"),
        (
            (gettext_lazy("number"), lambda i: i.reference),
            (gettext_lazy("kind"), lambda i: i.get_kind_display()),
            (gettext_lazy("title"), lambda i: i.title),
            (gettext_lazy("content"), lambda i: i.content),
            (gettext_lazy("raised by"), lambda i: i.lead_deputy.name if i.lead_deputy else ""),
            (gettext_lazy("co-signing deputies"), lambda i: _names(i.co_signers.all())),
            (gettext_lazy("source"), lambda i: str(i.source) if i.source_object_id else ""),
            (gettext_lazy("created"), lambda i: _local_date(i.created_at)),
            (gettext_lazy("state"), lambda i: i.get_state_display()),
        ),
    ),
    "work": (
        gettext_lazy("work list"),
        (
            (gettext_lazy("number"), lambda i: i.reference),
            (gettext_lazy("title"), lambda i: i.title),
            (gettext_lazy("lead department"), lambda i: i.lead_department.name if i.lead_department else ""),
            (gettext_lazy("assisting departments"), lambda i: _names(i.assisting_departments.all())),
            (gettext_lazy("jointly handling departments"), lambda i: _names(i.joint_departments.all())),
            (gettext_lazy("supervising leader"), lambda i: i.supervising_leader),
            (gettext_lazy("handed over at"), lambda i: str(i.handover) if i.handover_id else ""),
            (gettext_lazy("deadline"), lambda i: i.deadline),
            (gettext_lazy("state"), lambda i: i.get_state_display()),
            (gettext_lazy("handling round"), lambda i: i.round),
            (gettext_lazy("overdue"), lambda i: _("yes") if i.is_overdue else ""),
            (gettext_lazy("replied at"), _latest_reply),
            (gettext_lazy("classification"), _latest_category),
            (gettext_lazy("ratings"), _ratings),
        ),
    ),
}


def export_rows(items: QuerySet[SupervisionItem]) -> QuerySet[SupervisionItem]:
    """Items with everything a sheet's columns read."""
    return items.select_related("lead_department", "lead_deputy", "handover").prefetch_related(
        "co_signers",
        "assisting_departments",
        "joint_departments",
        "source",
        Prefetch(
            "replies", queryset=ItemReply.objects.only("item_id", "round", "category", "created_at").order_by("round")
        ),
        Prefetch("evaluations", queryset=ItemEvaluation.objects.order_by("round", "rated_at", "pk")),
    )


def work_items(params) -> QuerySet[SupervisionItem]:
    """The work list's items under its filters (a query string), as staff see them."""
    from .filters import ItemFilter
    from .selectors import item_list

    filters = ItemFilter(params, queryset=item_list(SupervisionItem.objects.all()))
    return filters.qs if filters.is_valid() else SupervisionItem.objects.none()  # as the list shows it


def workbook_of(sheet: str, params, progress=lambda rows: None) -> tuple[str, bytes]:
    """The sheet's Excel file for the work list under ``params``: its name and content. Items are
    read 2,000 at a time with their joins (a fixed number of queries per 2,000) and written as they
    come; ``progress`` hears how many rows are written."""
    title, columns = SHEETS[sheet]
    items = export_rows(work_items(params))

    def rows():
        for n, item in enumerate(items.iterator(chunk_size=2000), 1):
            yield [cell(item) for _header, cell in columns]
            progress(n)

    content = workbook(
        [
            Sheet(
                title=str(title),
                headers=[str(header) for header, _cell in columns],
                rows=rows(),
                heading=str(title),
                period=_("Made on %(date)s.") % {"date": f"{timezone.localdate():%Y-%m-%d}"},
            )
        ]
    )
    return download_name(str(title), extension="xlsx"), content


def register_exports() -> None:
    """The problem list and the work list, made in the background when they are long."""
    from notifications.exports import Export, register

    for sheet, (title, _columns) in SHEETS.items():
        register(
            Export(
                key=f"supervision-{sheet}",
                allowed=lambda user: getattr(user, "is_committee_staff", False),
                count=lambda params: work_items(params).count(),
                title=lambda params, title=title: str(title),
                write=lambda params, progress, sheet=sheet: workbook_of(sheet, params, progress),
            )
        )

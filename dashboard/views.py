"""The pages that read every app: each role's home (what waits for them) and the staff dashboard."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View
from django.views.generic import TemplateView

from accounts import roles
from common.paging import CappedPaginator
from common.params import year_param
from common.responses import download_name
from common.views import StaffRequiredMixin
from common.xlsx import Sheet, xlsx_response
from deputies.duty import seven_tasks
from deputies.models import Deputy
from deputies.selectors import deputy_for_user
from liaison.rhythm import rhythm_of, six_tasks
from liaison.selectors import assignments_of, station_of, stations_kept_by, todays_shift
from livelihood.rules import report_due
from livelihood.selectors import claims_of, open_votes_for
from supervision.selectors import (
    cosign_requests_waiting,
    departments_of_contact,
    items_waiting_for_departments,
    items_waiting_for_deputy,
    parts_owed_by,
)

from .selectors import (
    COUNCIL,
    PATHS,
    TOTAL,
    dashboard,
    opinions_behind,
    people_behind,
    receptions_behind,
    registry_totals,
    row_name,
    stations_missing_six,
    suggestions_behind,
)


class HomeView(TemplateView):
    """What is waiting for each role; the public sees what the portal offers them."""

    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.is_authenticated:
            return context
        deputy = deputy_for_user(user, Deputy.objects.prefetch_related("levels"))
        context.update(
            deputy=deputy,
            station=station_of(deputy) if deputy else None,
            departments=departments_of_contact(user) if user.has_role(roles.DEPARTMENT_CONTACT) else [],
            is_department_contact=user.has_role(roles.DEPARTMENT_CONTACT),
            is_committee_staff=user.is_committee_staff,
            role_labels=[roles.LABELS[name] for name in roles.ALL if user.has_role(name)],
        )
        if deputy:
            context["deputy_items"] = list(items_waiting_for_deputy(deputy)[:10])
            context["cosign_requests"] = list(cosign_requests_waiting(deputy)[:10])
            context["shifts"] = list(assignments_of(deputy)[:4])
            context["todays_shift"] = todays_shift(deputy)
            context["reports_due"] = [
                c for c in claims_of(deputy) if not c.reported and c.project.year == timezone.localdate().year
            ]
            context["report_due_date"] = report_due(timezone.localdate().replace(day=1))
            context["open_votes"] = [v for v in open_votes_for(deputy) if not v.voted]
            today = timezone.localdate()
            rhythm = rhythm_of(today.year)
            if rhythm.seven:
                context["seven"] = seven_tasks([deputy.pk], today.year)[deputy.pk]
                context["seven_done"] = sum(1 for i in context["seven"] if i["done"])
            if rhythm.six and context["station"]:
                station = context["station"]
                context["six"] = six_tasks([station.pk], today.year, today, rhythm)[station.pk]
        if context["is_department_contact"]:
            waiting = list(items_waiting_for_departments(user)[:50])
            context["department_items"] = waiting[:10]
            context["department_overdue"] = sum(1 for item in waiting if item.is_overdue)
            context["department_waiting"] = len(waiting)
            context["parts_owed"] = list(parts_owed_by(user)[:10])
        if user.has_role(roles.STATION_MANAGER):
            context["managed_stations"] = list(stations_kept_by(user))
        if user.is_committee_staff:
            context["totals"] = registry_totals()
        return context


class DashboardView(StaffRequiredMixin, TemplateView):
    """Staff dashboard: duty work per level, group and sub-district, with charts and headline totals."""

    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = year_param(self.request, default=today.year)
        data = dashboard(year)
        rhythm = rhythm_of(year)
        charts = {}
        for name, rows in data["tables"].items():
            rows = [r for r in rows if not r["is_total"]]
            charts[name] = {
                "names": [r["name"] for r in rows],
                "receptions": [r["receptions"] for r in rows],
                "opinions": [r["opinions_collected"] for r in rows],
                "rate": [r["rate"] for r in rows],
            }
        return {
            **super().get_context_data(**kwargs),
            **data,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "charts": charts,
            "rhythm": rhythm,
            **self.six(rhythm, year, today),
        }

    @staticmethod
    def six(rhythm, year: int, today) -> dict:
        if not rhythm.six:
            return {"six_missing": [], "six_missing_count": 0}
        # A past year is judged at its end; this year, up to today.
        rows, count = stations_missing_six(rhythm, min(today, date(year, 12, 31)))
        return {"six_missing": rows, "six_missing_count": count}


TABLE_TITLES = {
    "level": gettext_lazy("By level"),
    "group": gettext_lazy("By group"),
    "sub_district": gettext_lazy("By sub-district"),
}


class DashboardExportView(StaffRequiredMixin, View):
    """The dashboard's tables as one Excel workbook, a sheet per table, the same figures as the page."""

    def get(self, request):
        year = year_param(request, default=timezone.localdate().year)
        data = dashboard(year)
        headers = [
            _("row"),
            _("people"),
            _("receptions"),
            _("opinions collected"),
            _("suggestions"),
            _("七个一 complete"),
        ]
        sheets = [
            Sheet(
                title=str(TABLE_TITLES.get(name, name)),
                headers=[str(h) for h in headers],
                rows=[
                    [
                        r["name"],
                        r["deputies"],
                        r["receptions"],
                        r["opinions_collected"],
                        r["suggestions"],
                        r["complete"],
                    ]
                    for r in rows
                ],
                heading=str(_("Duty work, %(year)s") % {"year": year}),
                period=f"{year}-01-01 — {year}-12-31",
            )
            for name, rows in data["tables"].items()
        ]
        return xlsx_response(sheets, download_name(str(_("Dashboard")), str(year), extension="xlsx"))


# The figures of a dashboard row that open onto their rows: records (receptions, opinions at them,
# suggestions) or people (everyone the row counts, or those who did all of the 七个一).
MEASURES = {
    "receptions": gettext_lazy("receptions"),
    "opinions": gettext_lazy("opinions collected"),
    "suggestions": gettext_lazy("suggestions"),
    "people": gettext_lazy("people"),
    "complete": gettext_lazy("七个一 complete"),
}


def _suggestion_cells(item) -> list:
    lead = item.lead_deputy.name if item.lead_deputy else ""
    return [timezone.localdate(item.submitted_at), item.title, lead, item.get_state_display()]


def _record_cells(record) -> list:
    return [record.date, record.station.name, record.get_category_display(), record.content]


class DashboardRowsView(StaffRequiredMixin, View):
    """The rows behind one figure of the dashboard (a row's receptions, opinions, suggestions, people
    or those who did the 七个一 in a year), on screen or as Excel: as many as the figure says."""

    def get(self, request, table, key, measure):
        if table not in PATHS or measure not in MEASURES:
            raise Http404
        key = key if key in (TOTAL, COUNCIL) else (int(key) if key.isdigit() and len(key) < 10 else None)
        try:
            name = row_name(table, key)
        except LookupError:
            raise Http404 from None
        year = year_param(request, default=timezone.localdate().year)
        title = f"{year} · {TABLE_TITLES[table]} · {name} · {MEASURES[measure]}"
        filename = download_name(str(_("Dashboard")), name, str(MEASURES[measure]), extension="xlsx")
        if measure in ("people", "complete"):
            return self.people(request, table, key, year, measure, title, filename)
        if measure == "suggestions":
            records = suggestions_behind(table, key, year)
            headers = [_("submitted"), _("title"), _("lead deputy"), _("state")]
            cells = _suggestion_cells
            template = "dashboard/rows_suggestions.html"
        else:
            behind = receptions_behind if measure == "receptions" else opinions_behind
            records = behind(table, key, year)
            headers = [_("date"), _("station"), _("category"), _("content")]
            cells = _record_cells
            template = "dashboard/rows.html"
        if request.GET.get("format") == "xlsx":
            sheet = Sheet(
                title=str(MEASURES[measure]),
                headers=[str(h) for h in headers],
                rows=[cells(r) for r in records.iterator()],
                heading=title,
            )
            return xlsx_response([sheet], filename)
        return render(request, template, self.paged(request, records, title, year))

    def people(self, request, table, key, year, measure, title, filename):
        ids, seven = people_behind(table, key, year, complete_only=measure == "complete")
        tasks = [item["label"] for item in next(iter(seven.values()), [])]
        if request.GET.get("format") == "xlsx":
            names = dict(Deputy.objects.filter(pk__in=ids).values_list("pk", "name"))
            sheet = Sheet(
                title=str(MEASURES[measure]),
                headers=[pgettext("person", "name"), *[str(t) for t in tasks], str(_("七个一 complete"))],
                rows=[
                    [
                        names[pk],
                        *[f"{i['value']}/{i['threshold']}" + (" ✓" if i["done"] else "") for i in seven[pk]],
                        _("yes") if all(i["done"] for i in seven[pk]) else _("no"),
                    ]
                    for pk in ids
                ],
                heading=title,
            )
            return xlsx_response([sheet], filename)
        context = self.paged(request, ids, title, year)
        on_page = Deputy.objects.in_bulk(list(context["page_obj"]))
        context["people"] = [
            {"deputy": on_page[pk], "seven": seven[pk], "complete": all(i["done"] for i in seven[pk])}
            for pk in context["page_obj"]
        ]
        context["tasks"] = tasks
        return render(request, "dashboard/rows_people.html", context)

    @staticmethod
    def paged(request, records, title, year) -> dict:
        page = CappedPaginator(records, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {"title": title, "page_obj": page, "paginator": page.paginator, "query": query.urlencode(), "year": year}

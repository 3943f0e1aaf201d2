"""Staff pages of the monthly statistics report: the months, a month's zone figures with the table of
stations, one station's figures, and each as Excel or PDF."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic import ListView

from common.responses import pdf_response
from common.views import StaffRequiredMixin
from common.xlsx import xlsx_response

from . import exports
from .models import MonthlyStatistics
from .services import summary


class MonthListView(StaffRequiredMixin, ListView):
    template_name = "monthly_statistics/list.html"
    context_object_name = "reports"
    paginate_by = 24

    def get_queryset(self):
        return MonthlyStatistics.objects.filter(station=None).order_by("-month")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(r, summary(r.data)) for r in context["reports"]]
        return context


def _report(month: date, station: int | None = None) -> MonthlyStatistics:
    return get_object_or_404(MonthlyStatistics.objects.select_related("station"), month=month, station=station)


def _stations(month: date):
    return (
        MonthlyStatistics.objects.filter(month=month, station__isnull=False)
        .select_related("station__sub_district")
        .order_by("station__sub_district__order", "station__name")
    )


class MonthView(StaffRequiredMixin, ListView):
    """The zone's figures, and a line per station (paginated: a city has hundreds)."""

    template_name = "monthly_statistics/month.html"
    context_object_name = "stations"
    paginate_by = 50

    def get_queryset(self):
        self.report = _report(self.kwargs["month"])
        return _stations(self.kwargs["month"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A page of stations on the page; the 街道 subtotals and the zone over every station of the month.
        context.update(exports.document(self.report, list(_stations(self.kwargs["month"]))))
        context["rows"] = [exports.station_row(s) for s in context["stations"]]
        return context


class StationView(StaffRequiredMixin, View):
    def get(self, request, month, station):
        report = _report(month, station)
        return render(request, "monthly_statistics/station.html", exports.document(report, []))


class ExportView(StaffRequiredMixin, View):
    def get(self, request, month, fmt, station=None):
        if fmt not in ("xlsx", "pdf"):
            raise Http404
        report = _report(month, station)
        stations = [] if station else list(_stations(month))
        filename = f"{exports.title(month, report)}.{fmt}"
        if fmt == "xlsx":
            return xlsx_response(exports.workbook(report, stations), filename)
        return pdf_response(exports.pdf(report, stations), filename)

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from common.forms import apply_service_error
from common.params import year_param
from common.responses import download_name, pdf_response
from common.views import StaffRequiredMixin

from . import services
from .forms import DutyReportForm
from .models import DeputyGroup
from .permissions import DeputyRequiredMixin, access_deputy
from .reports import reports_pdf
from .selectors import annual_report


class ArchiveView(LoginRequiredMixin, TemplateView):
    """A deputy's duty archive (履职档案) and 七个一 for a year, computed from the records."""

    template_name = "deputies/archive.html"

    def get_context_data(self, **kwargs):
        deputy = access_deputy(self.request.user, kwargs["pk"])
        this_year = timezone.localdate().year
        year = year_param(self.request, default=this_year)
        return {
            **super().get_context_data(**kwargs),
            **annual_report(deputy, year),
            "years": range(this_year, this_year - 5, -1),
        }


class AnnualReportView(LoginRequiredMixin, View):
    """The annual duty report (一档一册一报告): a printable page, or the PDF with ?format=pdf."""

    def get(self, request, pk, year):
        report = annual_report(access_deputy(request.user, pk), year)
        if request.GET.get("format") == "pdf":
            name = download_name(report["deputy"].name, str(year), str(_("annual duty report")), extension="pdf")
            return pdf_response(reports_pdf([report]), name)
        return render(request, "deputies/annual_report.html", report)


class GroupReportsView(StaffRequiredMixin, View):
    """Staff print every member's annual report of a group in one PDF."""

    def get(self, request, pk, year):
        group = get_object_or_404(DeputyGroup, pk=pk)
        members = group.members.prefetch_related("levels").order_by("name")
        name = download_name(group.name, str(year), str(_("annual duty reports")), extension="pdf")
        return pdf_response(reports_pdf([annual_report(d, year) for d in members]), name)


class DutyReportCreateView(DeputyRequiredMixin, View):
    """A deputy records their report to voters (述职) with its 述·晒·评."""

    template_name = "deputies/duty_report_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": DutyReportForm(initial={"date": timezone.localdate()})})

    def post(self, request):
        form = DutyReportForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.duty_report_record(deputy=self.deputy, by=request.user, day=data.pop("date"), **data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Duty report recorded."))
                return redirect("deputies:archive", pk=self.deputy.pk)
        return render(request, self.template_name, {"form": form}, status=400)

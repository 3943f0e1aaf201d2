from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from common.forms import apply_service_error
from common.params import year_param
from common.qr import qr_svg
from common.responses import download_name, pdf_response
from common.views import ActionView, StaffRequiredMixin
from notifications import exports as background

from . import services
from .forms import DutyReportForm, PaperRatingForm, VoterRatingForm
from .models import DeputyGroup, DutyReport
from .permissions import DeputyRequiredMixin, access_deputy, access_duty_report
from .reports import GROUP_AT_ONCE, GROUP_EXPORT, group_reports_file, reports_pdf
from .selectors import annual_report, voters_verdict, with_voter_ratings


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
    """Staff print every member's annual report of a group in one PDF; a big group's is made in
    the background, with its progress and a download when it is ready."""

    def get(self, request, pk, year):
        group = get_object_or_404(DeputyGroup, pk=pk)
        params = QueryDict(mutable=True)
        params.update({"group": str(group.pk), "year": str(year)})
        members = group.members.count()
        if members > GROUP_AT_ONCE:
            back = reverse("admin:deputies_deputygroup_change", args=[group.pk])
            return background.offer(request, GROUP_EXPORT, members, back=back, params=params)
        name, content = group_reports_file(params)
        return pdf_response(content, name)


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
                report = services.duty_report_record(deputy=self.deputy, by=request.user, day=data.pop("date"), **data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Duty report recorded. Show the QR code at the meeting: voters rate it."))
                return redirect(report)
        return render(request, self.template_name, {"form": form}, status=400)


def duty_report_page(request, report, status=200, paper_form=None):
    report = with_voter_ratings(DutyReport.objects.filter(pk=report.pk)).select_related("deputy").get()
    context = {
        "report": report,
        "verdict": voters_verdict(report),
        "comments": [r.comment for r in report.voter_ratings.exclude(comment="")],
        "rating_open": services.rating_open(report),
        "rating_url": request.build_absolute_uri(reverse("deputies:voter_rate", args=[report.rating_token])),
        "paper_form": paper_form or (PaperRatingForm() if request.user.is_committee_staff else None),
    }
    return render(request, "deputies/duty_report_detail.html", context, status=status)


class DutyReportDetailView(LoginRequiredMixin, View):
    """A 述职: the QR code voters scan at the meeting, and their 评 as it comes in."""

    def get(self, request, pk):
        return duty_report_page(request, access_duty_report(request.user, pk))


class DutyReportQRView(LoginRequiredMixin, View):
    """The QR code of a 述职's rating form, to show on the screen or print on the slips."""

    def get(self, request, pk):
        report = access_duty_report(request.user, pk)
        url = request.build_absolute_uri(reverse("deputies:voter_rate", args=[report.rating_token]))
        return HttpResponse(qr_svg(url), content_type="image/svg+xml")


class DutyReportPaperView(StaffRequiredMixin, ActionView):
    """Staff enter a paper slip handed in at the 述职."""

    form_class = PaperRatingForm
    success_message = _("Slip entered.")

    def get_object(self):
        return access_duty_report(self.request.user, self.kwargs["pk"])

    def act(self, report, data):
        services.voter_rating_paper(report=report, by=self.request.user, **data)

    def render_invalid(self, report, form):
        return duty_report_page(self.request, report, status=400, paper_form=form)


# Voters at a 述职 share the venue's network: a limit wide enough for a full hall (what caps the
# ratings of a report is its attendance, checked by the service).
@method_decorator(ratelimit(key="ip", rate="300/h", method="POST", block=False), name="post")
class VoterRateView(View):
    """The form behind a 述职's QR code: each voter present rates it once, by phone."""

    template_name = "deputies/voter_rate.html"

    def report(self, token):
        return get_object_or_404(DutyReport.objects.select_related("deputy"), rating_token=token)

    def get(self, request, token):
        report = self.report(token)
        return render(
            request,
            self.template_name,
            {"report": report, "form": VoterRatingForm(), "open": services.rating_open(report)},
        )

    def post(self, request, token):
        report = self.report(token)
        form = VoterRatingForm(request.POST)
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many ratings from your network in the last hour. Please try again later."))
        elif form.is_valid():
            try:
                services.voter_rate(report=report, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                return render(request, "deputies/voter_rate_thanks.html", {"report": report})
        context = {"report": report, "form": form, "open": services.rating_open(report)}
        return render(request, self.template_name, context, status=429 if getattr(request, "limited", False) else 400)

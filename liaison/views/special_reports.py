"""议事专报: staff compile chosen opinions of a period and place for the 主任会议, print it, record
the meeting's decision and hand the items it decided to departments."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from common.forms import apply_service_error
from common.pdf import made_on, render_pdf
from common.responses import download_name, pdf_response
from common.views import ActionView, StaffRequiredMixin

from .. import selectors, services
from ..forms import SpecialReportDecisionForm, SpecialReportForm, SpecialReportItemForm, SpecialReportScopeForm
from ..models import Opinion, SpecialReport

PICKER_LIMIT = 300  # opinions offered at once; narrow the scope for more


class SpecialReportListView(StaffRequiredMixin, ListView):
    template_name = "liaison/special_report_list.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        return SpecialReport.objects.select_related("sub_district", "station").order_by("-created_at", "-pk")


class SpecialReportCreateView(StaffRequiredMixin, View):
    """Choose the scope, tick the opinions, write the analysis."""

    template_name = "liaison/special_report_form.html"

    def opinions(self, scope):
        if not scope.is_valid():
            return Opinion.objects.none()
        chosen = selectors.special_report_scope(**scope.cleaned_data).select_related("station")
        return chosen.order_by("date", "pk")

    def page(self, request, scope, form, status=200):
        return render(request, self.template_name, {"scope": scope, "form": form, "limit": PICKER_LIMIT}, status=status)

    def get(self, request):
        today = timezone.localdate()
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        scope = SpecialReportScopeForm(request.GET or None, initial={"start": quarter_start, "end": today})
        form = None
        if scope.is_bound and scope.is_valid():
            opinions = self.opinions(scope)
            ids = list(opinions.values_list("pk", flat=True)[:PICKER_LIMIT])
            form = SpecialReportForm(opinions=opinions.filter(pk__in=ids))
        return self.page(request, scope, form)

    def post(self, request):
        scope = SpecialReportScopeForm(request.POST)
        form = SpecialReportForm(request.POST, opinions=self.opinions(scope))
        if scope.is_valid() and form.is_valid():
            try:
                report = services.special_report_compile(by=request.user, **scope.cleaned_data, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The special report is compiled."))
                return redirect(report)
        return self.page(request, scope, form, status=400)


def report_page(request, report, status=200, **forms):
    report = selectors.special_report_detail(report.pk)
    context = {
        "report": report,
        "figures": selectors.special_report_figures(report),
        "decision_form": forms.get("decision_form") or SpecialReportDecisionForm(),
        "item_form": forms.get("item_form") or SpecialReportItemForm(),
    }
    return render(request, "liaison/special_report.html", context, status=status)


class SpecialReportView(StaffRequiredMixin, View):
    def get(self, request, pk):
        return report_page(request, get_report(pk))


def get_report(pk):
    return get_object_or_404(SpecialReport, pk=pk)


class SpecialReportStepView(StaffRequiredMixin, ActionView):
    def get_object(self):
        return get_report(self.kwargs["pk"])


class SpecialReportDecideView(SpecialReportStepView):
    form_class = SpecialReportDecisionForm
    success_message = gettext_lazy("The meeting's decision is recorded.")

    def act(self, report, data):
        services.special_report_decide(report=report, by=self.request.user, **data)

    def render_invalid(self, report, form):
        return report_page(self.request, report, status=400, decision_form=form)


class SpecialReportHandOverView(SpecialReportStepView):
    form_class = SpecialReportItemForm
    success_message = gettext_lazy("Handed to the department.")

    def act(self, report, data):
        services.special_report_hand_over(report=report, by=self.request.user, **data)

    def render_invalid(self, report, form):
        return report_page(self.request, report, status=400, item_form=form)


class SpecialReportPDFView(StaffRequiredMixin, View):
    """The report as a PDF for the meeting's papers: its page's document, every word as text."""

    def get(self, request, pk):
        report = selectors.special_report_detail(get_report(pk).pk)
        context = {"report": report, "figures": selectors.special_report_figures(report)}
        content = render_pdf("liaison/documents/special_report.html", [context], title=report.title, footer=made_on())
        return pdf_response(content, download_name(report.title, extension="pdf"))

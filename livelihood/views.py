from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from common.forms import apply_service_error
from common.params import year_param
from common.views import StaffRequiredMixin
from deputies.selectors import deputy_or_404

from . import selectors, services
from .forms import (
    BallotForm,
    CardForm,
    ClaimAssignForm,
    InspectionForm,
    PaperTallyForm,
    ReceiptForm,
    ReportForm,
    SatisfactionForm,
    TieForm,
)
from .models import Claim, Project, Turnout, Vote


def current_quarter():
    today = timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


# --- public ------------------------------------------------------------------------------------


class ProjectPublicListView(TemplateView):
    """The year's livelihood projects: card colour, progress, responsible department."""

    template_name = "livelihood/project_public_list.html"

    def get_context_data(self, **kwargs):
        years = selectors.project_years()
        year = year_param(self.request, default=years[0] if years else timezone.localdate().year)
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": years,
            "projects": selectors.public_projects(year),
        }


class ProjectPublicView(TemplateView):
    template_name = "livelihood/project_public.html"

    def get_context_data(self, **kwargs):
        project = selectors.public_project(kwargs["pk"])
        if project is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "project": project}


class VoteResultsPublicView(TemplateView):
    """Results the staff have published: turnout and each candidate's count, no voter."""

    template_name = "livelihood/vote_results_public.html"

    def get_context_data(self, **kwargs):
        vote = get_object_or_404(Vote, pk=kwargs["pk"], state=Vote.State.PUBLISHED)
        return {**super().get_context_data(**kwargs), "vote": vote, "candidates": selectors.vote_results(vote)}


class ReceiptCheckView(View):
    """A voter checks their receipt: it says the ballot was counted, never what it said."""

    template_name = "livelihood/receipt.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ReceiptForm()})

    def post(self, request):
        form = ReceiptForm(request.POST)
        vote = None
        if form.is_valid():
            try:
                vote = services.receipt_check(form.cleaned_data["receipt"])
            except ValidationError as error:
                apply_service_error(form, error)
        return render(request, self.template_name, {"form": form, "vote": vote})


# --- deputies ----------------------------------------------------------------------------------


class LivelihoodHomeView(LoginRequiredMixin, TemplateView):
    """A deputy's projects: their 1+1+1 seats, reports due, open votes and satisfaction to give."""

    template_name = "livelihood/home.html"

    def get_context_data(self, **kwargs):
        deputy = deputy_or_404(self.request.user)
        today = timezone.localdate()
        # This year's projects and next year's, which are claimed as soon as the vote chooses them.
        open_projects = Project.objects.filter(year__gte=today.year).annotate(seats=Count("claims")).filter(seats__lt=3)
        return {
            **super().get_context_data(**kwargs),
            "deputy": deputy,
            "claims": selectors.claims_of(deputy),
            "votes": selectors.open_votes_for(deputy),
            "open_projects": open_projects.exclude(claims__person=deputy).select_related("department"),
            "due": services.report_due(today.replace(day=1)),
            "year": today.year,
        }


class ClaimTakeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        project = get_object_or_404(Project, pk=pk)
        try:
            services.claim_take(project=project, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You have claimed %(project)s.") % {"project": project.title})
        return redirect("livelihood:home")


class BallotView(LoginRequiredMixin, View):
    template_name = "livelihood/ballot.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.vote = get_object_or_404(Vote.objects.exclude(state=Vote.State.DRAFT), pk=kwargs["pk"])
            self.deputy = deputy_or_404(request.user)
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        voted = Turnout.objects.filter(vote=self.vote, deputy=self.deputy).exists()
        return {
            "vote": self.vote,
            "form": form,
            "voted": voted,
            "candidates": self.vote.candidates.select_related("department").prefetch_related("sub_items"),
        }

    def get(self, request, pk):
        return render(request, self.template_name, self.context(BallotForm(vote=self.vote)))

    def post(self, request, pk):
        form = BallotForm(request.POST, vote=self.vote)
        if form.is_valid():
            try:
                receipt = services.ballot_cast(vote=self.vote, voter=self.deputy, choices=form.choices())
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                # The receipt is shown once and never stored with the voter.
                return render(request, "livelihood/ballot_receipt.html", {"vote": self.vote, "receipt": receipt})
        return render(request, self.template_name, self.context(form), status=400)


class ReportCreateView(LoginRequiredMixin, View):
    """A claimer files the month's supervision report, due by the 30th (the last day in February)."""

    template_name = "livelihood/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.project = get_object_or_404(Project.objects.select_related("department"), pk=kwargs["pk"])
            if not Claim.objects.filter(project=self.project, person__user=request.user).exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(request, self.template_name, {"project": self.project, "form": ReportForm(project=self.project)})

    def post(self, request, pk):
        form = ReportForm(request.POST, request.FILES, project=self.project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_submit(
                    project=self.project, by=request.user, month=data["month"], progress=data.get("progress"),
                    against_plan=data["against_plan"], management=data["management"], performance=data["performance"],
                    problems=data["problems"], sub_progress=form.sub_progress(), photos=data["photos"],
                )  # fmt: skip
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Report filed."))
                return redirect("livelihood:home")
        return render(request, self.template_name, {"project": self.project, "form": form}, status=400)


class SatisfactionView(LoginRequiredMixin, View):
    template_name = "livelihood/satisfaction.html"

    def form(self, request, year, data=None):
        deputy = deputy_or_404(request.user)
        projects = Project.objects.filter(year=year).order_by("order")
        return SatisfactionForm(data, projects=projects, current=selectors.satisfaction_of(deputy, year))

    def get(self, request, year):
        return render(request, self.template_name, {"form": self.form(request, year), "year": year})

    def post(self, request, year):
        form = self.form(request, year, request.POST)
        if form.is_valid():
            ratings = {f.project: form.cleaned_data[n] for n, f in form.fields.items() if form.cleaned_data.get(n)}
            try:
                services.satisfaction_give(by=request.user, ratings=ratings)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Thank you: your ratings are recorded."))
                return redirect("livelihood:home")
        return render(request, self.template_name, {"form": form, "year": year}, status=400)


# --- staff ---------------------------------------------------------------------------------------


class VoteManageView(StaffRequiredMixin, View):
    """Open, enter paper ballots, close and count, resolve a tie, publish."""

    template_name = "livelihood/vote_manage.html"

    def context(self, vote, **forms):
        turnout = dict(Turnout.objects.filter(vote=vote).values_list("channel").annotate(n=Count("pk")))
        return {
            "vote": vote, "candidates": selectors.vote_results(vote), "turnout": turnout,
            "paper_form": forms.get("paper_form") or (PaperTallyForm(vote=vote) if vote.state == Vote.State.OPEN and not hasattr(vote, "paper_tally") else None),
            "tie_form": forms.get("tie_form") or (TieForm(vote=vote) if vote.candidates.filter(tied=True).exists() else None),
        }  # fmt: skip

    def get(self, request, pk):
        vote = get_object_or_404(Vote, pk=pk)
        return render(request, self.template_name, self.context(vote))

    def post(self, request, pk):
        vote = get_object_or_404(Vote, pk=pk)
        action = request.POST.get("action")
        forms = {}
        try:
            if action == "open":
                services.vote_open(vote=vote, by=request.user)
            elif action == "close":
                services.vote_close(vote=vote, by=request.user)
            elif action == "publish":
                services.vote_publish(vote=vote, by=request.user)
            elif action == "paper":
                form = forms["paper_form"] = PaperTallyForm(request.POST, request.FILES, vote=vote)
                if not form.is_valid():
                    return render(request, self.template_name, self.context(vote, **forms), status=400)
                services.paper_tally_enter(
                    vote=vote,
                    by=request.user,
                    voters=form.cleaned_data["voters"],
                    lines=form.lines(),
                    sheet=form.cleaned_data["sheet"],
                )
            elif action == "tie":
                form = forms["tie_form"] = TieForm(request.POST, vote=vote)
                if not form.is_valid():
                    return render(request, self.template_name, self.context(vote, **forms), status=400)
                services.vote_resolve_tie(vote=vote, by=request.user, chosen=form.cleaned_data["chosen"])
            else:
                raise Http404
        except ValidationError as error:
            if forms:
                apply_service_error(next(iter(forms.values())), error)
                return render(request, self.template_name, self.context(vote, **forms), status=400)
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
        return redirect("livelihood:vote_manage", pk=pk)


class ProjectStaffListView(StaffRequiredMixin, TemplateView):
    template_name = "livelihood/project_staff_list.html"

    def get_context_data(self, **kwargs):
        years = selectors.project_years()
        year = year_param(self.request, default=years[0] if years else timezone.localdate().year)
        projects = list(selectors.projects_for_staff(year))
        for p in projects:
            p.seats = {c.role: c.person for c in p.claims.all()}
            p.gaps = [label for role, label in Claim.Role.choices if role not in p.seats]
        return {**super().get_context_data(**kwargs), "year": year, "years": years, "projects": projects,
                "votes": Vote.objects.order_by("-year")[:5]}  # fmt: skip


class ProjectManageView(StaffRequiredMixin, View):
    """A project for staff: 1+1+1 seats, reports, the quarter's card with its suggestion, inspections."""

    template_name = "livelihood/project_manage.html"

    def context(self, project, **forms):
        year, quarter = current_quarter()
        suggested, reasons = services.card_suggest(project, year, quarter)
        return {
            "project": project, "year": year, "quarter": quarter, "suggested": suggested, "suggested_label": Project.Card(suggested).label,
            "suggestion_reasons": reasons,
            "claim_form": forms.get("claim_form") or ClaimAssignForm(),
            "card_form": forms.get("card_form") or CardForm(initial={"year": year, "quarter": quarter, "colour": suggested}),
            "inspection_form": forms.get("inspection_form") or InspectionForm(initial={"day": timezone.localdate(), "department": project.department_id}),
        }  # fmt: skip

    def get(self, request, pk):
        return render(request, self.template_name, self.context(self.get_project(pk)))

    def get_project(self, pk):
        try:
            return selectors.project_manage(pk)
        except Project.DoesNotExist:
            raise Http404 from None

    def post(self, request, pk):
        project = self.get_project(pk)
        action = request.POST.get("action")
        form_class, key = {"claim": (ClaimAssignForm, "claim_form"), "card": (CardForm, "card_form"),
                           "inspection": (InspectionForm, "inspection_form")}.get(action, (None, None))  # fmt: skip
        if form_class is None:
            raise Http404
        form = form_class(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "claim":
                    services.claim_assign(project=project, by=request.user, role=d["role"], person=d["person"])
                elif action == "card":
                    services.card_give(
                        project=project,
                        by=request.user,
                        year=d["year"],
                        quarter=d["quarter"],
                        colour=d["colour"],
                        reasons=d["reasons"],
                    )
                else:
                    rectifications = (
                        [{"title": d["rectification"], "department": d["department"], "deadline": d["deadline"]}]
                        if d["rectification"]
                        else []
                    )
                    services.inspection_record(
                        project=project,
                        by=request.user,
                        kind=d["kind"],
                        day=d["day"],
                        findings=d["findings"],
                        rectifications=rectifications,
                    )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Done."))
                return redirect("livelihood:project_manage", pk=pk)
        return render(request, self.template_name, self.context(project, **{key: form}), status=400)

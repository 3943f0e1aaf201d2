"""Deputies' livelihood pages: their 1+1+1 seats, the monthly report, the ballot, satisfaction."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from common.forms import apply_service_error
from common.views import ActionView
from deputies.permissions import DeputyRequiredMixin

from .. import selectors, services
from ..forms import BallotForm, ReportForm, SatisfactionForm
from ..models import Project, Vote
from ..permissions import access_claimed_project
from ..rules import report_due


class LivelihoodHomeView(DeputyRequiredMixin, TemplateView):
    """A deputy's projects: their 1+1+1 seats, reports due, open votes and projects with free seats."""

    template_name = "livelihood/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "deputy": self.deputy,
            "claims": selectors.claims_of(self.deputy),
            "votes": selectors.open_votes_for(self.deputy),
            "open_projects": selectors.projects_with_free_seats(self.deputy, today.year),
            "due": report_due(today.replace(day=1)),
            "year": today.year,
        }


class ClaimTakeView(DeputyRequiredMixin, ActionView):
    """A deputy or council member claims the seat of their kind on a project's 1+1+1 team."""

    def get_object(self):
        return get_object_or_404(Project, pk=self.kwargs["pk"])

    def success_url(self, project):
        return reverse("livelihood:home")

    def act(self, project, data):
        services.claim_take(project=project, by=self.request.user)
        self.success_message = _("You have claimed %(project)s.") % {"project": project.title}


class BallotView(DeputyRequiredMixin, View):
    """An elector's secret ballot; the receipt is shown once and never stored with them."""

    template_name = "livelihood/ballot.html"

    @property
    def vote(self) -> Vote:
        if not hasattr(self, "_vote"):
            self._vote = get_object_or_404(Vote.objects.exclude(state=Vote.State.DRAFT), pk=self.kwargs["pk"])
        return self._vote

    def page(self, form, status=200):
        context = {
            "vote": self.vote,
            "form": form,
            "voted": selectors.has_voted(self.vote, self.deputy),
            "candidates": selectors.ballot_candidates(self.vote),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.page(BallotForm(vote=self.vote))

    def post(self, request, pk):
        form = BallotForm(request.POST, vote=self.vote)
        if form.is_valid() and request.POST.get("step") != "confirm":
            # A secret ballot cannot be changed once cast: the elector reviews it first.
            if request.POST.get("step") == "edit":
                return self.page(form)
            review = [(field.field.candidate, field) for field in form]
            return render(request, "livelihood/ballot_review.html", {"vote": self.vote, "form": form, "review": review})
        if form.is_valid():
            try:
                receipt = services.ballot_cast(vote=self.vote, voter=self.deputy, choices=form.choices())
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                return render(request, "livelihood/ballot_receipt.html", {"vote": self.vote, "receipt": receipt})
        return self.page(form, status=400)


class ReportCreateView(LoginRequiredMixin, View):
    """A claimer files the month's supervision report, due by the 30th (the last day in February)."""

    template_name = "livelihood/report_form.html"

    @property
    def project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = access_claimed_project(self.request.user, self.kwargs["pk"])
        return self._project

    def page(self, form, status=200):
        return render(self.request, self.template_name, {"project": self.project, "form": form}, status=status)

    def get(self, request, pk):
        return self.page(ReportForm(project=self.project))

    def post(self, request, pk):
        form = ReportForm(request.POST, request.FILES, project=self.project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_submit(
                    project=self.project,
                    by=request.user,
                    month=data["month"],
                    progress=data.get("progress"),
                    against_plan=data["against_plan"],
                    management=data["management"],
                    performance=data["performance"],
                    problems=data["problems"],
                    sub_progress=form.sub_progress(),
                    photos=data["photos"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Report filed."))
                return redirect("livelihood:home")
        # On a phone the marked field may be screens below: say so at the top. Photos are not kept.
        messages.error(request, _("Not done: see the marked fields below."))
        if request.FILES and "photos" in form.fields:
            form.add_error("photos", _("Choose the files again: they are not kept when a form is refused."))
        return self.page(form, status=400)


class SatisfactionView(DeputyRequiredMixin, View):
    """A deputy or council member rates the year's projects, all at once."""

    template_name = "livelihood/satisfaction.html"

    def form(self, year, data=None):
        return SatisfactionForm(
            data,
            projects=selectors.projects_of_year(year),
            current=selectors.satisfaction_of(self.deputy, year),
        )

    def get(self, request, year):
        return render(request, self.template_name, {"form": self.form(year), "year": year})

    def post(self, request, year):
        form = self.form(year, request.POST)
        if form.is_valid():
            try:
                services.satisfaction_give(by=request.user, ratings=form.ratings())
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Thank you: your ratings are recorded."))
                return redirect("livelihood:home")
        return render(request, self.template_name, {"form": form, "year": year}, status=400)

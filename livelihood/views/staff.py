"""Staff's livelihood pages: the year's projects, running a vote, managing a project — one view per step."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from common.params import year_param
from common.views import ActionView, StaffRequiredMixin
from deputies.pickers import PeopleSearchView

from .. import selectors, services
from ..forms import CardForm, ClaimAssignForm, InspectionForm, PaperTallyForm, TieForm, electors, people_in_office
from ..models import Claim, Project, Vote


def current_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


class ProjectStaffListView(StaffRequiredMixin, TemplateView):
    """The year's projects with their 1+1+1 seats and gaps, and the latest votes."""

    template_name = "livelihood/project_staff_list.html"

    def get_context_data(self, **kwargs):
        years = selectors.project_years()
        year = year_param(self.request, default=years[0] if years else timezone.localdate().year)
        projects = list(selectors.projects_for_staff(year))
        for p in projects:
            p.seats = {c.role: c.person for c in p.claims.all()}
            p.gaps = [label for role, label in Claim.Role.choices if role not in p.seats]
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": years,
            "projects": projects,
            "votes": selectors.latest_votes(),
        }


# --- the vote ------------------------------------------------------------------------------------


def vote_page(request, vote, status=200, **forms):
    state = vote.state
    has_tie = vote.candidates.filter(tied=True).exists()
    context = {
        "vote": vote,
        "candidates": selectors.vote_results(vote),
        "turnout": selectors.vote_turnout(vote),
        "paper_form": forms.get("paper_form")
        or (PaperTallyForm(vote=vote) if state == Vote.State.OPEN and not hasattr(vote, "paper_tally") else None),
        "tie_form": forms.get("tie_form") or (TieForm(vote=vote) if has_tie else None),
        "before_deadline": state == Vote.State.OPEN and timezone.now() < vote.closes_at,
    }
    return render(request, "livelihood/vote_manage.html", context, status=status)


class PeopleSearchForStaffView(StaffRequiredMixin, PeopleSearchView):
    """The 1+1+1 seat picker: everyone in office."""

    raise_exception = True

    def get_queryset(self):
        return people_in_office()


class ElectorSearchView(StaffRequiredMixin, PeopleSearchView):
    """The paper-voters picker: the vote's electorate."""

    raise_exception = True

    def get_queryset(self):
        return electors(get_object_or_404(Vote, pk=self.kwargs["pk"]))


class VoteManageView(StaffRequiredMixin, View):
    """A vote's page for staff: open it, enter the paper tally, close and count, resolve a tie, publish."""

    def get(self, request, pk):
        return vote_page(request, get_object_or_404(Vote, pk=pk))


class VoteStepView(StaffRequiredMixin, ActionView):
    def get_object(self):
        return get_object_or_404(Vote, pk=self.kwargs["pk"])

    def success_url(self, vote):
        return reverse("livelihood:vote_manage", args=[vote.pk])


class VoteOpenView(VoteStepView):
    success_message = _("The vote is open; the voters are told.")

    def act(self, vote, data):
        services.vote_open(vote=vote, by=self.request.user)


class VoteCloseView(VoteStepView):
    """Closing ends the secret vote for good: before its time only when staff tick that they mean it."""

    success_message = _("The vote is closed and counted.")

    def act(self, vote, data):
        if timezone.now() < vote.closes_at and self.request.POST.get("early") != "yes":
            raise ValidationError(
                _("The vote runs until %(end)s. Tick the box to close it before its time.")
                % {"end": f"{timezone.localtime(vote.closes_at):%Y-%m-%d %H:%M}"}
            )
        services.vote_close(vote=vote, by=self.request.user)


class VotePublishView(VoteStepView):
    success_message = _("The result is published.")

    def act(self, vote, data):
        services.vote_publish(vote=vote, by=self.request.user)


class PaperTallyView(VoteStepView):
    """Staff enter the paper ballots counted at the session: who voted on paper and the totals."""

    form_class = PaperTallyForm
    success_message = _("The paper ballots are entered.")

    def get_form_kwargs(self):
        return {"vote": self.get_object()}

    def act(self, vote, data):
        lines = PaperTallyForm.lines_of(vote, data)
        services.paper_tally_enter(
            vote=vote, by=self.request.user, voters=data["voters"], lines=lines, sheet=data["sheet"]
        )

    def render_invalid(self, vote, form):
        return vote_page(self.request, vote, status=400, paper_form=form)


class TieResolveView(VoteStepView):
    """Staff decide among candidates tied at the cut-off."""

    form_class = TieForm
    success_message = _("The tie is resolved.")

    def get_form_kwargs(self):
        return {"vote": self.get_object()}

    def act(self, vote, data):
        services.vote_resolve_tie(vote=vote, by=self.request.user, chosen=data["chosen"])

    def render_invalid(self, vote, form):
        return vote_page(self.request, vote, status=400, tie_form=form)


# --- a project -----------------------------------------------------------------------------------


def project_page(request, project, status=200, **forms):
    year, quarter = current_quarter()
    suggested, reasons = selectors.card_suggestion(project, year, quarter)
    context = {
        "project": project,
        "year": year,
        "quarter": quarter,
        "suggested": suggested,
        "suggested_label": Project.Card(suggested).label,
        "suggestion_reasons": reasons,
        "claim_form": forms.get("claim_form") or ClaimAssignForm(),
        "card_form": forms.get("card_form")
        # nothing preselected: a card (a red one is public) is given by choosing it, the suggestion beside it
        or CardForm(initial={"year": year, "quarter": quarter}),
        "inspection_form": forms.get("inspection_form")
        or InspectionForm(initial={"day": timezone.localdate(), "department": project.department_id}),
    }
    return render(request, "livelihood/project_manage.html", context, status=status)


def managed_project(pk: int) -> Project:
    try:
        return selectors.project_manage(pk)
    except Project.DoesNotExist:
        raise Http404 from None


class ProjectManageView(StaffRequiredMixin, View):
    """A project for staff: 1+1+1 seats, reports, the quarter's card with its suggestion, inspections."""

    def get(self, request, pk):
        return project_page(request, managed_project(pk))


class ProjectStepView(StaffRequiredMixin, ActionView):
    def get_object(self):
        return managed_project(self.kwargs["pk"])

    def success_url(self, project):
        return reverse("livelihood:project_manage", args=[project.pk])


class ClaimAssignView(ProjectStepView):
    """Staff fill a seat of the 1+1+1 team (the committee member's always)."""

    form_class = ClaimAssignForm
    success_message = _("The seat is filled.")

    def act(self, project, data):
        services.claim_assign(project=project, by=self.request.user, role=data["role"], person=data["person"])

    def render_invalid(self, project, form):
        return project_page(self.request, project, status=400, claim_form=form)


class CardGiveView(ProjectStepView):
    """Staff give the quarter's yellow / green / red card."""

    form_class = CardForm
    success_message = _("The card is given.")

    def act(self, project, data):
        services.card_give(project=project, by=self.request.user, **data)

    def render_invalid(self, project, form):
        return project_page(self.request, project, status=400, card_form=form)


class InspectionRecordView(ProjectStepView):
    """Staff record a special inspection; a rectification item goes to its department."""

    form_class = InspectionForm
    success_message = _("The inspection is recorded.")

    def act(self, project, data):
        rectifications = []
        if data["rectification"]:
            rectifications = [
                {"title": data["rectification"], "department": data["department"], "deadline": data["deadline"]}
            ]
        services.inspection_record(
            project=project,
            by=self.request.user,
            kind=data["kind"],
            day=data["day"],
            findings=data["findings"],
            rectifications=rectifications,
        )

    def render_invalid(self, project, form):
        return project_page(self.request, project, status=400, inspection_form=form)

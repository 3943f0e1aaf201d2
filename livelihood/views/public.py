"""Livelihood projects' public pages: the year's projects, a project, published vote results, receipts."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from common.params import year_param

from .. import selectors
from ..forms import ReceiptForm
from ..models import Vote


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
    """A voter checks their receipt: it says the ballot was cast (and counted), never what it said."""

    template_name = "livelihood/receipt.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ReceiptForm()})

    def post(self, request):
        form = ReceiptForm(request.POST)
        vote = None
        if form.is_valid():
            code = form.cleaned_data["receipt"]
            vote = selectors.vote_of_receipt(code)
            if vote is None:
                form.add_error("receipt", _("No ballot has the receipt “%(code)s”.") % {"code": code})
        return render(request, self.template_name, {"form": form, "vote": vote})

"""Opinions for staff (the inbox; accept, forward, answer) and for the deputies who received them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from common.files import stored_file_response
from common.paging import CappedPaginationMixin
from common.search import capped, snippet
from common.views import ActionView, StaffRequiredMixin

from .. import selectors, services
from ..forms import ForwardForm, OpinionInboxFilter, ReopenForm, ResolveForm
from ..models import Opinion
from ..permissions import access_opinion, received_opinion


class OpinionInboxView(StaffRequiredMixin, CappedPaginationMixin, ListView):
    """Staff's list of opinions, newest first, by state and station."""

    template_name = "liaison/opinion_list.html"
    context_object_name = "opinions"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = OpinionInboxFilter(self.request.GET or None)
        return selectors.opinion_inbox(self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        words = self.filter_form.filters().get("q", "")
        for opinion in context["opinions"]:
            opinion.snippet = snippet(opinion.content, words)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["search_capped"] = capped(words, context["paginator"].count)
        return {**context, "filter_form": self.filter_form, "query": query.urlencode()}


def opinion_page(request, opinion, status=200, **forms):
    is_open = opinion.state in (Opinion.State.NEW, Opinion.State.ACCEPTED)
    staff = request.user.is_committee_staff
    # The station's earlier answers, from the audit history (an answer given again replaces it).
    earlier = []
    for answer in opinion.history.exclude(resolution="").order_by("history_date").values_list("resolution", flat=True):
        if answer != opinion.resolution and answer not in earlier:
            earlier.append(answer)
    context = {
        "opinion": opinion,
        "earlier_answers": earlier,
        "can_accept": staff and opinion.state == Opinion.State.NEW,
        "forward_form": forms.get("forward_form") or (ForwardForm() if is_open and staff else None),
        "reopen_form": forms.get("reopen_form") or (ReopenForm() if staff and opinion.waits_for_reopening else None),
        "resolve_form": forms.get("resolve_form")
        or (ResolveForm() if is_open and received_opinion(request.user, opinion) else None),
    }
    return render(request, "liaison/opinion_detail.html", context, status=status)


class OpinionMixin:
    def get_object(self):
        return access_opinion(self.request.user, selectors.opinion_detail_queryset(), self.kwargs["pk"])


class OpinionDetailView(OpinionMixin, LoginRequiredMixin, TemplateView):
    def get(self, request, pk):
        return opinion_page(request, self.get_object())


class OpinionPhotoView(OpinionMixin, LoginRequiredMixin, View):
    """The citizen's photo, for whoever may read the opinion; never on a public page."""

    def get(self, request, pk):
        opinion = self.get_object()
        if not opinion.photo:
            raise Http404
        return stored_file_response(opinion.photo, label=str(opinion), content_type=opinion.photo_type)


class OpinionAcceptView(OpinionMixin, StaffRequiredMixin, ActionView):
    success_message = _("The opinion is accepted; forward it to a department or answer it at the station.")

    def act(self, opinion, data):
        services.opinion_accept(opinion=opinion, by=self.request.user)


class OpinionForwardView(OpinionMixin, StaffRequiredMixin, ActionView):
    """Staff hand the opinion to a department as a supervision item."""

    form_class = ForwardForm
    success_message = _("Forwarded to the department.")

    def act(self, opinion, data):
        services.opinion_forward(opinion=opinion, by=self.request.user, **data)

    def render_invalid(self, opinion, form):
        return opinion_page(self.request, opinion, status=400, forward_form=form)


class OpinionReopenView(OpinionMixin, StaffRequiredMixin, ActionView):
    """Staff reopen an opinion whose citizen was not satisfied with the answer."""

    form_class = ReopenForm
    success_message = _("Reopened: it is handled again.")

    def act(self, opinion, data):
        services.opinion_reopen(opinion=opinion, by=self.request.user, reason=data["reason"], deadline=data["deadline"])

    def render_invalid(self, opinion, form):
        return opinion_page(self.request, opinion, status=400, reopen_form=form)


class OpinionResolveView(OpinionMixin, LoginRequiredMixin, ActionView):
    """Staff or the deputies who received it answer the opinion at the station."""

    form_class = ResolveForm
    success_message = _("The answer is saved.")

    def act(self, opinion, data):
        services.opinion_resolve(opinion=opinion, by=self.request.user, **data)

    def render_invalid(self, opinion, form):
        return opinion_page(self.request, opinion, status=400, resolve_form=form)

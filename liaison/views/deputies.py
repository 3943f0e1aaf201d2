"""Deputies' pages at the stations: their shifts and swaps, the calendar feed, their receptions."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView
from icalendar import Alarm, Calendar, Event

from common.forms import apply_service_error
from common.paging import CappedPaginationMixin
from common.search import capped, search, snippet
from common.views import ActionView
from deputies.models import Deputy
from deputies.permissions import DeputyRequiredMixin

from .. import selectors, services
from ..forms import OpinionLineFormSet, ReceptionForm, ReceptionSearchForm, SwapRequestForm
from ..models import Reception, ShiftAssignment, ShiftFeed
from ..permissions import access_own_assignment, access_reception_for_edit, access_swap, may_edit_reception

WITH_STATION = Deputy.objects.select_related("station_membership__station")


class MyShiftsView(DeputyRequiredMixin, TemplateView):
    """A deputy's coming shifts, swap requests, and the address of their calendar feed."""

    template_name = "liaison/my_shifts.html"

    def get_context_data(self, **kwargs):
        feed = services.shift_feed_for(self.deputy)
        return {
            **super().get_context_data(**kwargs),
            "deputy": self.deputy,
            "assignments": selectors.assignments_of(self.deputy),
            "swaps": selectors.swaps_of(self.deputy),
            "feed_url": self.request.build_absolute_uri(reverse("liaison:shift_feed", args=[feed.token])),
            "webcal_url": "webcal://" + self.request.get_host() + reverse("liaison:shift_feed", args=[feed.token]),
        }


class SwapRequestView(LoginRequiredMixin, View):
    """A deputy asks a colleague of the station to take one of their shifts."""

    template_name = "liaison/swap_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.assignment = access_own_assignment(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status=200):
        context = {"form": form, "assignment": self.assignment}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_form(SwapRequestForm(assignment=self.assignment))

    def post(self, request, pk):
        form = SwapRequestForm(request.POST, assignment=self.assignment)
        if form.is_valid():
            try:
                services.shift_swap_request(assignment=self.assignment, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request, _("Request sent to %(name)s.") % {"name": form.cleaned_data["colleague"].name}
                )
                return redirect("liaison:my_shifts")
        return self.render_form(form, status=400)


class SwapStepView(LoginRequiredMixin, ActionView):
    """A step on a swap request by one of the two deputies; back to their shifts."""

    def get_object(self):
        return access_swap(self.request.user, self.kwargs["pk"])

    def success_url(self, obj):
        return reverse("liaison:my_shifts")


class SwapAcceptView(SwapStepView):
    success_message = _("You took the shift; your colleague is told.")

    def act(self, swap, data):
        services.shift_swap_respond(swap=swap, by=self.request.user, accept=True)


class SwapDeclineView(SwapStepView):
    success_message = _("You declined; your colleague is told.")

    def act(self, swap, data):
        services.shift_swap_respond(swap=swap, by=self.request.user, accept=False)


class SwapCancelView(SwapStepView):
    def act(self, swap, data):
        services.shift_swap_cancel(swap=swap, by=self.request.user)


class ShiftFeedView(View):
    """The deputy's shifts as an iCalendar feed; the secret token in the address is the key."""

    def get(self, request, token):
        feed = get_object_or_404(ShiftFeed.objects.select_related("deputy"), token=token)
        calendar = Calendar()
        calendar.add("prodid", "-//congress-portal//shifts//ZH")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", str(_("My reception shifts")))
        since = timezone.localdate() - timedelta(days=90)
        assignments = ShiftAssignment.objects.filter(deputy=feed.deputy, shift__date__gte=since).select_related(
            "shift__station"
        )
        stamp = timezone.now()
        for assignment in assignments:
            shift = assignment.shift
            event = Event()
            event.add("uid", f"shift-{shift.pk}-{feed.deputy.pk}@congress-portal")
            event.add("dtstamp", stamp)  # RFC 5545 requires it
            event.add("summary", str(_("Reception at %(station)s") % {"station": shift.station.name}))
            start, end = shift_hours(shift.date, shift.station.opening_hours)
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("location", shift.station.address or shift.station.name)
            event.add("description", shift.station.opening_hours)
            # A reminder at 18:00 the evening before, as the portal's own reminder.
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add(
                "description",
                str(_("Tomorrow you receive constituents at %(station)s") % {"station": shift.station.name}),
            )
            evening = datetime.combine(shift.date - timedelta(days=1), time(18), tzinfo=SHANGHAI)
            alarm.add("trigger", evening - _as_moment(start))
            event.add_component(alarm)
            calendar.add_component(event)
        return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


SHANGHAI = ZoneInfo("Asia/Shanghai")
# The station's hours as staff write them: "每周三 9:00–11:30", "上午9:00-11:30".
HOURS = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-–—~～至到]\s*(\d{1,2})[:：](\d{2})")


def shift_hours(day, opening_hours: str):
    """A shift's start and end: the station's hours that day in Beijing time, or the whole day when
    its hours are not written as times."""
    match = HOURS.search(opening_hours or "")
    if match:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h2, m2) > (h1, m1):
            return (
                datetime.combine(day, time(h1, m1), tzinfo=SHANGHAI),
                datetime.combine(day, time(h2, m2), tzinfo=SHANGHAI),
            )
    return day, day + timedelta(days=1)


def _as_moment(start):
    return start if isinstance(start, datetime) else datetime.combine(start, time(0), tzinfo=SHANGHAI)


class ReceptionListView(LoginRequiredMixin, CappedPaginationMixin, ListView):
    """Receptions the login may see: staff all, a deputy those they took part in."""

    template_name = "liaison/reception_list.html"
    context_object_name = "receptions"
    paginate_by = 25

    def get_queryset(self):
        self.search_form = ReceptionSearchForm(self.request.GET or None)
        words = self.search_form.cleaned_data.get("q", "") if self.search_form.is_valid() else ""
        # Searched before the list's joins and counts: those are then made for one page, not every match.
        visible = selectors.receptions_visible_to(self.request.user).order_by("-date", "-pk")
        return selectors.reception_list(search(visible, words, Reception.SEARCHED))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        words = self.search_form.cleaned_data.get("q", "") if self.search_form.is_bound else ""
        for reception in context["receptions"]:
            reception.snippet = snippet(reception.content, words)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["search_capped"] = capped(words, context["paginator"].count)
        return {**context, "search_form": self.search_form, "query": query.urlencode()}


class ReceptionFormMixin:
    """Log a reception (and the opinions raised there) on a phone; the date defaults to today."""

    template_name = "liaison/reception_form.html"
    deputy_queryset = WITH_STATION
    reception = None

    def forms(self, data=None):
        if self.reception:
            deputy, station = self.reception.logged_by, self.reception.station
        else:
            today = selectors.todays_shift(self.deputy)
            deputy, station = self.deputy, today.station if today else None
        form = ReceptionForm(data, instance=self.reception, deputy=deputy, station=station)
        return form, OpinionLineFormSet(data, prefix="opinions")

    def render_forms(self, form, opinions):
        context = {"form": form, "opinions": opinions, "reception": self.reception}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_forms(*self.forms())

    def post(self, request, *args, **kwargs):
        form, opinions = self.forms(request.POST)
        if form.is_valid() and opinions.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k not in ("co_receivers", "date")}
            lines = [
                {"content": line["content"], "category": line["category"]}
                for line in opinions.cleaned_data
                if line.get("content")
            ]
            try:
                reception = self.save(form.cleaned_data["date"], form.cleaned_data["co_receivers"], lines, fields)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Reception saved."))
                return redirect(reception)
        # Field errors on the same page (200, as Django's form views answer), nothing saved.
        return self.render_forms(form, opinions)


class ReceptionCreateView(ReceptionFormMixin, DeputyRequiredMixin, View):
    def save(self, day, co_receivers, lines, fields):
        return services.reception_log(
            logged_by=self.deputy, day=day, co_receivers=co_receivers, opinions=lines, **fields
        )


class ReceptionUpdateView(ReceptionFormMixin, LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.reception = access_reception_for_edit(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, day, co_receivers, lines, fields):
        return services.reception_update(
            reception=self.reception,
            by=self.request.user,
            co_receivers=co_receivers,
            new_opinions=lines,
            date=day,
            **fields,
        )


class ReceptionDetailView(LoginRequiredMixin, TemplateView):
    template_name = "liaison/reception_detail.html"

    def get_context_data(self, **kwargs):
        try:
            reception = selectors.reception_detail(selectors.receptions_visible_to(self.request.user), kwargs["pk"])
        except Reception.DoesNotExist:
            raise Http404 from None
        return {
            **super().get_context_data(**kwargs),
            "reception": reception,
            "can_edit": may_edit_reception(reception, self.request.user),
        }

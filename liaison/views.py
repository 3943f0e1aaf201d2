import io
from datetime import date, timedelta

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_ratelimit.decorators import ratelimit
from icalendar import Calendar, Event

from common.dates import month_bounds
from common.files import stored_file_response
from common.forms import apply_service_error
from common.responses import download_name
from common.views import StaffRequiredMixin
from common.xlsx import Sheet, xlsx_response
from deputies.models import Deputy
from deputies.selectors import deputy_or_404 as shared_deputy_or_404
from supervision.models import SupervisionItem

from . import selectors, services
from .forms import (
    ActivityForm,
    ConsultationForm,
    ConsultationOpinionForm,
    FeedbackForm,
    ForwardForm,
    OpinionLineFormSet,
    PublicOpinionForm,
    ReceptionForm,
    RegisterFilterForm,
    ResolveForm,
    RotaForm,
    SwapRequestForm,
    TrackForm,
)
from .models import (
    ArchiveEntry,
    ArchiveFile,
    Consultation,
    Opinion,
    Reception,
    ShiftAssignment,
    ShiftFeed,
    ShiftSwap,
    Station,
)
from .registers import REGISTERS, receptions_by_category_html, rows_html


def deputy_or_404(user) -> Deputy:
    return shared_deputy_or_404(user, Deputy.objects.select_related("station_membership__station"))


def access_station(user, pk: int) -> Station:
    """A station's internal pages: staff, or the people who sit there; 404 for anyone else."""
    station = get_object_or_404(Station.objects.select_related("sub_district"), pk=pk)
    if user.is_committee_staff or Deputy.objects.filter(user=user, station_membership__station=station).exists():
        return station
    raise Http404


# --- public pages ----------------------------------------------------------------------------


class StationPublicListView(ListView):
    template_name = "liaison/station_public_list.html"
    context_object_name = "stations"

    def get_queryset(self):
        return selectors.stations_public()


class StationPublicView(DetailView):
    """Address, opening hours, who is on duty the next Wednesdays, and the QR code to the opinion form."""

    template_name = "liaison/station_public.html"
    context_object_name = "station"

    def get_queryset(self):
        return selectors.stations_public()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "shifts": selectors.shifts_ahead(self.object, weeks=5)}


class StationQRView(View):
    """An SVG QR code pointing at the station's online opinion form, for the poster at the door."""

    def get(self, request, pk):
        station = get_object_or_404(Station, pk=pk, is_active=True)
        url = request.build_absolute_uri(reverse("liaison:opinion_create") + f"?station={station.pk}")
        image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
        buffer = io.BytesIO()
        image.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        response["Cache-Control"] = "public, max-age=86400"
        return response


@method_decorator(ratelimit(key="ip", rate="5/h", method="POST", block=False), name="post")
class OpinionCreateView(View):
    """The public opinion form: rate-limited per address, a honeypot instead of a CAPTCHA."""

    template_name = "liaison/opinion_form.html"

    def get(self, request):
        station = request.GET.get("station")
        form = PublicOpinionForm(initial={"station": station} if station and station.isdigit() else None)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = PublicOpinionForm(request.POST)
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many opinions from your network in the last hour. Please try again later."))
            return render(request, self.template_name, {"form": form}, status=429)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the hidden field: pretend success, store nothing.
                return redirect("liaison:opinion_thanks")
            data = form.cleaned_data
            try:
                _opinion, code = services.opinion_submit_online(
                    station=data["station"], category=data["category"], content=data["content"],
                    name=data["citizen_name"], phone=data["citizen_phone"],
                )  # fmt: skip
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                # The code goes through the session, not the address, so it stays out of logs.
                request.session["opinion_code"] = code
                return redirect("liaison:opinion_thanks")
        return render(request, self.template_name, {"form": form})


class OpinionThanksView(TemplateView):
    template_name = "liaison/opinion_thanks.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "code": self.request.session.get("opinion_code")}


@method_decorator(ratelimit(key="ip", rate="30/h", method="POST", block=False), name="post")
class OpinionTrackView(View):
    """A citizen follows their opinion with its code: state and answers, no names at all."""

    template_name = "liaison/opinion_track.html"

    def get(self, request):
        return render(
            request, self.template_name, {"form": TrackForm(initial={"code": request.session.get("opinion_code", "")})}
        )

    def post(self, request):
        if getattr(request, "limited", False):
            form = TrackForm(request.POST)
            form.add_error(None, _("Too many look-ups from your network. Please try again later."))
            return render(request, self.template_name, {"form": form}, status=429)
        feedback = "rating" in request.POST
        form = FeedbackForm(request.POST) if feedback else TrackForm(request.POST)
        if not form.is_valid():
            return self._status_or_form(request, form, feedback)
        try:
            code = form.cleaned_data["code"]
            opinion = services.opinion_lookup(code)
            if feedback:
                services.opinion_feedback(
                    opinion=opinion, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Thank you for your feedback."))
        except ValidationError as error:
            if feedback:
                messages.error(request, " ".join(error.messages))
                return self._status_or_form(request, form, feedback)
            apply_service_error(form, error)
            return render(request, self.template_name, {"form": form})
        return self._render_status(request, opinion, code)

    def _status_or_form(self, request, form, feedback):
        if feedback:
            code = form.data.get("code", "")
            try:
                return self._render_status(request, services.opinion_lookup(code), code, feedback_form=form)
            except ValidationError:
                pass
        return render(request, self.template_name, {"form": TrackForm(request.POST) if feedback else form})

    def _render_status(self, request, opinion, code, feedback_form=None):
        status = selectors.opinion_public_status(opinion)
        answered = services.opinion_is_answered(opinion)
        context = {
            **status,
            "code": code,
            "form": TrackForm(initial={"code": code}),
            "feedback_form": feedback_form
            or (FeedbackForm(initial={"code": code}) if answered and not opinion.feedback_at else None),
        }
        return render(request, "liaison/opinion_status.html", context)


# --- deputies' pages -------------------------------------------------------------------------


class MyShiftsView(LoginRequiredMixin, TemplateView):
    """A deputy's coming shifts, swap requests, and the address of their calendar feed."""

    template_name = "liaison/my_shifts.html"

    def get_context_data(self, **kwargs):
        deputy = deputy_or_404(self.request.user)
        feed = services.shift_feed_for(deputy)
        return {
            **super().get_context_data(**kwargs),
            "deputy": deputy,
            "assignments": selectors.assignments_of(deputy),
            "swaps": selectors.swaps_of(deputy),
            "feed_url": self.request.build_absolute_uri(reverse("liaison:shift_feed", args=[feed.token])),
        }


class SwapRequestView(LoginRequiredMixin, View):
    template_name = "liaison/swap_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.assignment = get_object_or_404(
                ShiftAssignment.objects.select_related("shift__station", "deputy"),
                pk=kwargs["pk"],
                deputy__user=request.user,
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(
            request,
            self.template_name,
            {"form": SwapRequestForm(assignment=self.assignment), "assignment": self.assignment},
        )

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
        return render(request, self.template_name, {"form": form, "assignment": self.assignment}, status=400)


class SwapDecisionView(LoginRequiredMixin, View):
    """POST accept / decline (the colleague) or cancel (the requester)."""

    def post(self, request, pk, decision):
        swap = get_object_or_404(ShiftSwap, pk=pk)
        try:
            if decision == "cancel":
                services.shift_swap_cancel(swap=swap, by=request.user)
            elif decision in ("accept", "decline"):
                services.shift_swap_respond(swap=swap, by=request.user, accept=decision == "accept")
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
        return redirect("liaison:my_shifts")


class ShiftFeedView(View):
    """The deputy's shifts as an iCalendar feed; the secret token in the address is the key."""

    def get(self, request, token):
        feed = get_object_or_404(ShiftFeed.objects.select_related("deputy"), token=token)
        calendar = Calendar()
        calendar.add("prodid", "-//congress-portal//shifts//ZH")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", str(_("My reception shifts")))
        since = timezone.localdate() - timedelta(days=90)
        for assignment in ShiftAssignment.objects.filter(deputy=feed.deputy, shift__date__gte=since).select_related(
            "shift__station"
        ):
            shift = assignment.shift
            event = Event()
            event.add("uid", f"shift-{shift.pk}-{feed.deputy.pk}@congress-portal")
            event.add("summary", str(_("Reception at %(station)s") % {"station": shift.station.name}))
            event.add("dtstart", shift.date)
            event.add("dtend", shift.date + timedelta(days=1))
            event.add("location", shift.station.address or shift.station.name)
            event.add("description", shift.station.opening_hours)
            calendar.add_component(event)
        return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


class ReceptionListView(LoginRequiredMixin, ListView):
    template_name = "liaison/reception_list.html"
    context_object_name = "receptions"
    paginate_by = 25

    def get_queryset(self):
        return selectors.reception_list(selectors.receptions_visible_to(self.request.user)).order_by("-date", "-pk")


class ReceptionFormView(LoginRequiredMixin, View):
    """Log a reception (and the opinions raised there) on a phone; the date defaults to today."""

    template_name = "liaison/reception_form.html"
    reception = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.deputy = deputy_or_404(request.user)
            if "pk" in kwargs:
                self.reception = get_object_or_404(
                    Reception.objects.select_related("station", "logged_by"), pk=kwargs["pk"]
                )
                if not services.may_edit_reception(self.reception, request.user):
                    raise Http404
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        today = selectors.todays_shift(self.deputy)
        form = ReceptionForm(data, instance=self.reception, deputy=self.reception.logged_by if self.reception else self.deputy,
                             station=self.reception.station if self.reception else (today.station if today else None))  # fmt: skip
        return form, OpinionLineFormSet(data, prefix="opinions")

    def get(self, request, pk=None):
        form, opinions = self.forms()
        return render(request, self.template_name, {"form": form, "opinions": opinions, "reception": self.reception})

    def post(self, request, pk=None):
        form, opinions = self.forms(request.POST)
        if form.is_valid() and opinions.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("co_receivers", "date")}
            lines = [
                {"content": line["content"], "category": line["category"]}
                for line in opinions.cleaned_data
                if line.get("content")
            ]
            try:
                if self.reception:
                    reception = services.reception_update(
                        reception=self.reception, by=request.user, co_receivers=form.cleaned_data["co_receivers"],
                        new_opinions=lines, date=form.cleaned_data["date"], **data,
                    )  # fmt: skip
                else:
                    reception = services.reception_log(
                        logged_by=self.deputy, day=form.cleaned_data["date"], co_receivers=form.cleaned_data["co_receivers"],
                        opinions=lines, **data,
                    )  # fmt: skip
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Reception saved."))
                return redirect(reception)
        # Field errors on the same page (200, as Django's form views answer), nothing saved.
        return render(request, self.template_name, {"form": form, "opinions": opinions, "reception": self.reception})


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
            "can_edit": services.may_edit_reception(reception, self.request.user),
        }


# --- staff and station pages -----------------------------------------------------------------


class StationWorkView(LoginRequiredMixin, TemplateView):
    """A station's working page: rota, registers, archive, consultations."""

    template_name = "liaison/station_work.html"

    def get_context_data(self, **kwargs):
        station = access_station(self.request.user, kwargs["pk"])
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "station": station,
            "registers": REGISTERS.values(),
            "shifts": selectors.shifts_ahead(station, weeks=8),
            "months": [(today.replace(day=1) - timedelta(days=31 * n)).replace(day=1) for n in range(0, 6)],
            "members": Deputy.objects.filter(station_membership__station=station).order_by("kind", "name"),
        }


class RotaView(StaffRequiredMixin, View):
    template_name = "liaison/rota.html"

    def context(self, station, form):
        return {"station": station, "form": form, "shifts": selectors.shifts_ahead(station, weeks=60)}

    def get(self, request, pk):
        station = get_object_or_404(Station, pk=pk)
        today = timezone.localdate()
        form = RotaForm(initial={"start": today, "end": date(today.year, 12, 31), "per_shift": 1})
        return render(request, self.template_name, self.context(station, form))

    def post(self, request, pk):
        station = get_object_or_404(Station, pk=pk)
        form = RotaForm(request.POST)
        if form.is_valid():
            try:
                shifts = services.rota_generate(station=station, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("%(n)s shifts planned.") % {"n": len(shifts)})
                return redirect("liaison:rota", pk=station.pk)
        return render(request, self.template_name, self.context(station, form), status=400)


class RegisterView(LoginRequiredMixin, View):
    """One register of a station over a period: on screen, printable, or as Excel with the same columns."""

    def get(self, request, pk, slug):
        station = access_station(request.user, pk)
        register = REGISTERS.get(slug)
        if register is None:
            raise Http404
        today = timezone.localdate()
        form = RegisterFilterForm(
            request.GET or None, station=station, initial={"start": today.replace(day=1), "end": today}
        )
        start, end, deputy = today.replace(day=1), today, None
        if form.is_bound and form.is_valid():
            start, end, deputy = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["deputy"]
        table = register.table(register.rows(station, start, end, deputy))
        period = f"{start:%Y-%m-%d} — {end:%Y-%m-%d}" if start and end else ""
        if request.GET.get("format") == "xlsx":
            sheet = Sheet(
                title=str(register.title),
                headers=register.headers(),
                rows=table,
                heading=f"{register.title}（{station.name}）",
                period=period,
            )
            return xlsx_response([sheet], download_name(str(register.title), station.name, extension="xlsx"))
        query = request.GET.copy()
        query.pop("format", None)
        return render(
            request,
            "liaison/register.html",
            {"station": station, "register": register, "headers": register.headers(), "rows": table, "rows_html": rows_html(table), "form": form,
             "period": period, "deputy": deputy, "query": query.urlencode(), "registers": REGISTERS.values()},
        )  # fmt: skip


class ArchiveView(LoginRequiredMixin, TemplateView):
    """The station's archive (一档), kept by staff in the admin, read here."""

    template_name = "liaison/archive.html"

    def get_context_data(self, **kwargs):
        station = access_station(self.request.user, kwargs["pk"])
        entries = ArchiveEntry.objects.filter(station=station).prefetch_related("files")
        return {**super().get_context_data(**kwargs), "station": station, "entries": entries}


class ArchiveFileView(LoginRequiredMixin, View):
    def get(self, request, pk):
        archive_file = get_object_or_404(ArchiveFile.objects.select_related("entry"), pk=pk)
        access_station(request.user, archive_file.entry.station_id)
        return stored_file_response(archive_file.file, label=str(archive_file), content_type=archive_file.content_type)


class ActivityCreateView(LoginRequiredMixin, View):
    template_name = "liaison/activity_form.html"

    def get(self, request, pk):
        station = access_station(request.user, pk)
        form = ActivityForm(initial={"date": timezone.localdate()}, station=station)
        return render(request, self.template_name, {"station": station, "form": form})

    def post(self, request, pk):
        station = access_station(request.user, pk)
        form = ActivityForm(request.POST, station=station)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.activity_record(
                    station=station, day=data["date"], kind=data["kind"], title=data["title"], summary=data["summary"],
                    attendees=data["attendees"], by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Activity recorded."))
                return redirect("liaison:register", pk=station.pk, slug="activities")
        return render(request, self.template_name, {"station": station, "form": form}, status=400)


class ConsultationView(StaffRequiredMixin, View):
    """The month-end consultation: the pack, the meeting record, and supervision opinions it issues."""

    template_name = "liaison/consultation.html"

    def setup_month(self, pk, year, month):
        self.station = get_object_or_404(Station, pk=pk)
        try:
            self.first = date(int(year), int(month), 1)
        except ValueError:
            raise Http404 from None
        self.first, self.last = month_bounds(self.first)
        self.consultation = (
            Consultation.objects.filter(station=self.station, month=self.first)
            .prefetch_related(
                "attendees", Prefetch("items", queryset=SupervisionItem.objects.select_related("lead_department"))
            )
            .first()
        )

    def context(self, meeting_form=None, opinion_form=None):
        pack = selectors.consultation_pack(self.station, self.first, self.last)
        receivers = list(pack["receivers"])
        if meeting_form is None:
            initial = {"held_on": min(self.last, timezone.localdate())}
            if self.consultation:
                initial |= {"held_on": self.consultation.held_on, "minutes": self.consultation.minutes,
                            "attendees": [d.pk for d in self.consultation.attendees.all()]}  # fmt: skip
            else:
                initial["attendees"] = [d.pk for d in receivers]
            meeting_form = ConsultationForm(initial=initial, candidates=self.candidates())
        return {
            "station": self.station, "first": self.first, "last": self.last, "consultation": self.consultation,
            "meeting_form": meeting_form, "opinion_form": opinion_form or ConsultationOpinionForm(), **pack,
            "receptions_html": receptions_by_category_html(pack["receptions"]),
        }  # fmt: skip

    def candidates(self):
        """The station's active members and whoever received there this month."""
        receivers = Reception.receivers.through.objects.filter(
            reception__station=self.station, reception__date__gte=self.first, reception__date__lte=self.last
        ).values("deputy_id")
        return Deputy.objects.filter(
            Q(is_active=True, station_membership__station=self.station) | Q(pk__in=receivers)
        ).order_by("name")

    def get(self, request, pk, year, month):
        self.setup_month(pk, year, month)
        return render(request, self.template_name, self.context())

    def post(self, request, pk, year, month):
        self.setup_month(pk, year, month)
        if request.POST.get("action") == "opinion":
            form = ConsultationOpinionForm(request.POST)
            if form.is_valid():
                if not self.consultation:
                    form.add_error(None, _("Record the meeting first."))
                else:
                    try:
                        services.consultation_issue_opinion(
                            consultation=self.consultation, by=request.user, **form.cleaned_data
                        )
                    except ValidationError as error:
                        apply_service_error(form, error)
                    else:
                        messages.success(request, _("Supervision opinion issued to the department."))
                        return redirect(request.path)
            return render(request, self.template_name, self.context(opinion_form=form), status=400)
        form = ConsultationForm(request.POST, candidates=self.candidates())
        if form.is_valid():
            try:
                services.consultation_record(
                    station=self.station, month=self.first, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Consultation recorded."))
                return redirect(request.path)
        return render(request, self.template_name, self.context(meeting_form=form), status=400)


class OpinionInboxView(StaffRequiredMixin, ListView):
    """Staff's list of opinions, newest first, by state and station."""

    template_name = "liaison/opinion_list.html"
    context_object_name = "opinions"
    paginate_by = 25

    def get_queryset(self):
        qs = Opinion.objects.all()
        state = self.request.GET.get("state")
        if state in Opinion.State.values:
            qs = qs.filter(state=state)
        station = self.request.GET.get("station")
        if station and station.isdigit():
            qs = qs.filter(station_id=station)
        return selectors.opinion_list(qs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "states": Opinion.State.choices, "stations": Station.objects.all(),
                "query": query.urlencode()}  # fmt: skip


class OpinionDetailView(LoginRequiredMixin, View):
    """An opinion for staff (accept, forward, answer) or for the deputies who received it (answer)."""

    template_name = "liaison/opinion_detail.html"

    def get_opinion(self, request, pk):
        opinion = get_object_or_404(
            selectors.opinion_list(Opinion.objects.all()).select_related("reception__logged_by"), pk=pk
        )
        receivers = opinion.reception.receivers_names if opinion.reception_id else []
        if not (request.user.is_committee_staff or any(d.user_id == request.user.pk for d in receivers)):
            raise Http404
        return opinion

    def render_page(self, request, opinion, status=200, **forms):
        open_ = opinion.state in (Opinion.State.NEW, Opinion.State.ACCEPTED)
        context = {
            "opinion": opinion,
            "forward_form": forms.get("forward_form")
            or (ForwardForm() if open_ and request.user.is_committee_staff else None),
            "resolve_form": forms.get("resolve_form") or (ResolveForm() if open_ else None),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(request, self.get_opinion(request, pk))

    def post(self, request, pk):
        opinion = self.get_opinion(request, pk)
        action = request.POST.get("action")
        form = {"forward": ForwardForm, "resolve": ResolveForm}.get(action, ForwardForm)(request.POST)
        if action == "accept" or form.is_valid():
            try:
                if action == "accept":
                    services.opinion_accept(opinion=opinion, by=request.user)
                elif action == "forward":
                    services.opinion_forward(opinion=opinion, by=request.user, **form.cleaned_data)
                elif action == "resolve":
                    services.opinion_resolve(opinion=opinion, by=request.user, **form.cleaned_data)
                else:
                    raise Http404
            except ValidationError as error:
                if action == "accept":
                    messages.error(request, " ".join(error.messages))
                    return redirect("liaison:opinion_detail", pk=pk)
                apply_service_error(form, error)
            else:
                messages.success(request, _("Done."))
                return redirect("liaison:opinion_detail", pk=pk)
        return self.render_page(request, opinion, status=400, **{f"{action}_form": form})

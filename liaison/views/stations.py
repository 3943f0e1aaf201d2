"""A station's working pages, for staff and the people who sit there: rota, registers, archive,
activities, the month-end consultation."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from common.dates import month_bounds
from common.files import stored_file_response
from common.forms import apply_service_error
from common.responses import download_name
from common.views import ActionView, StaffRequiredMixin
from common.xlsx import Sheet, xlsx_response
from deputies.models import Deputy
from deputies.pickers import PeopleSearchView
from supervision.models import SupervisionItem

from .. import selectors, services
from ..forms import (
    ActivityForm,
    ArchiveEntryForm,
    ConsultationForm,
    ConsultationOpinionForm,
    RegisterFilterForm,
    RotaForm,
    station_members,
)
from ..models import ArchiveEntry, Category, Consultation, Reception, Station
from ..permissions import (
    access_archive_entry,
    access_archive_file,
    access_archive_keeping,
    access_consultation,
    access_station,
    keeps_archive,
)
from ..registers import REGISTERS, rows_html


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
            "members": selectors.station_members(station),
        }


class RotaView(StaffRequiredMixin, View):
    """Staff plan a station's Wednesday rota over a period."""

    template_name = "liaison/rota.html"

    def render_page(self, station, form, status=200):
        context = {"station": station, "form": form, "shifts": selectors.shifts_ahead(station, weeks=60)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        today = timezone.localdate()
        form = RotaForm(initial={"start": today, "end": date(today.year, 12, 31), "per_shift": 1})
        return self.render_page(get_object_or_404(Station, pk=pk), form)

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
        return self.render_page(station, form, status=400)


class RotaNoticeView(LoginRequiredMixin, View):
    """A station's rota for a month or a year, printed as the notice posted at the station: each
    Wednesday, the hours, who is on duty; the address, the phone and the QR code of the opinion form."""

    def get(self, request, pk, year, month=None):
        station = access_station(request.user, pk)
        if month is None:
            start, end = date(year, 1, 1), date(year, 12, 31)
        elif 1 <= month <= 12:
            start, end = month_bounds(date(year, month, 1))
        else:
            raise Http404
        shifts = selectors.shifts_between(station, start, end)
        if request.GET.get("format") == "xlsx":
            period = f"{year}-{month:02d}" if month else str(year)
            sheet = Sheet(
                title=str(_("Reception rota")),
                headers=[str(_("date")), str(_("weekday")), str(_("hours")), str(_("deputies on duty"))],
                rows=[
                    [
                        shift.date,
                        date_format(shift.date, "l"),
                        station.opening_hours,
                        "、".join(a.deputy.name for a in shift.assignments.all()),
                    ]
                    for shift in shifts
                ],
                heading=f"{station.name} · {_('Reception rota')}",
                period=f"{start} — {end}",
                note=f"{_('address')}：{station.address} · {_('phone')}：{station.contact_phone}",
            )
            return xlsx_response(
                [sheet], download_name(station.name, str(_("Reception rota")), period, extension="xlsx")
            )
        context = {"station": station, "year": year, "month": month, "shifts": shifts}
        return render(request, "liaison/rota_notice.html", context)


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
        context = {
            "station": station,
            "register": register,
            "headers": register.headers(),
            "rows": table,
            "rows_html": rows_html(table),
            "form": form,
            "period": period,
            "deputy": deputy,
            "query": query.urlencode(),
            "registers": REGISTERS.values(),
        }
        return render(request, "liaison/register.html", context)


class ArchiveView(LoginRequiredMixin, TemplateView):
    """The station's archive (一档): read by the people who sit there, kept by staff and its managers."""

    template_name = "liaison/archive.html"

    def get_context_data(self, **kwargs):
        station = access_station(self.request.user, kwargs["pk"])
        entries = ArchiveEntry.objects.filter(station=station).prefetch_related("files")
        return {
            **super().get_context_data(**kwargs),
            "station": station,
            "entries": entries,
            "can_keep": keeps_archive(self.request.user, station),
        }


class ArchiveEntryFormView(LoginRequiredMixin, View):
    """Staff or the station's managers write an archive entry (一档) and add its images and files."""

    template_name = "liaison/archive_entry_form.html"

    def target(self, request, kwargs):
        if "entry" in kwargs:
            entry = access_archive_entry(request.user, kwargs["entry"])
            return entry.station, entry
        return access_archive_keeping(request.user, kwargs["pk"]), None

    def page(self, request, station, entry, form, status=200):
        context = {"station": station, "entry": entry, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        station, entry = self.target(request, kwargs)
        initial = {"year": timezone.localdate().year} if entry is None else None
        return self.page(request, station, entry, ArchiveEntryForm(instance=entry, initial=initial))

    def post(self, request, **kwargs):
        station, entry = self.target(request, kwargs)
        form = ArchiveEntryForm(request.POST, request.FILES, instance=entry)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("section", "year", "title", "body", "files")}
            try:
                services.archive_entry_save(station=station, by=request.user, entry=entry, **data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The archive entry is saved."))
                return redirect("liaison:archive", pk=station.pk)
        return self.page(request, station, entry, form, status=400)


class ArchiveFileDeleteView(LoginRequiredMixin, ActionView):
    success_message = _("Removed from the archive.")

    def get_object(self):
        archive_file = access_archive_file(self.request.user, self.kwargs["pk"])
        access_archive_entry(self.request.user, archive_file.entry_id)
        return archive_file

    def success_url(self, archive_file):
        return reverse("liaison:archive_entry_update", args=[archive_file.entry_id])

    def act(self, archive_file, data):
        services.archive_file_delete(archive_file=archive_file, by=self.request.user)


class ArchiveFileView(LoginRequiredMixin, View):
    def get(self, request, pk):
        archive_file = access_archive_file(request.user, pk)
        return stored_file_response(archive_file.file, label=str(archive_file), content_type=archive_file.content_type)


class MemberSearchView(PeopleSearchView):
    """The attendees picker of a station's activity: its members, for those who may record one."""

    def get_queryset(self):
        return station_members(access_station(self.request.user, self.kwargs["pk"]))


class ActivityCreateView(LoginRequiredMixin, View):
    """Staff or a station's own people record an activity held there, with its attendees."""

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
                    station=station,
                    day=data["date"],
                    kind=data["kind"],
                    title=data["title"],
                    summary=data["summary"],
                    attendees=data["attendees"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Activity recorded."))
                return redirect("liaison:register", pk=station.pk, slug="activities")
        return render(request, self.template_name, {"station": station, "form": form}, status=400)


class ConsultationMonth:
    """A station's month, for the consultation pages: its pack, its meeting, the people who may attend."""

    def __init__(self, pk, year, month):
        self.station = get_object_or_404(Station, pk=pk)
        try:
            self.first, self.last = month_bounds(date(year, month, 1))
        except ValueError:
            raise Http404 from None
        self.consultation = (
            Consultation.objects.filter(station=self.station, month=self.first)
            .prefetch_related(
                "attendees", Prefetch("items", queryset=SupervisionItem.objects.select_related("lead_department"))
            )
            .first()
        )

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("liaison:consultation", args=[self.station.pk, self.first.year, self.first.month])

    def candidates(self):
        """The station's active members and whoever received there this month."""
        receivers = Reception.receivers.through.objects.filter(
            reception__station=self.station, reception__date__gte=self.first, reception__date__lte=self.last
        ).values("deputy_id")
        return Deputy.objects.filter(
            Q(is_active=True, station_membership__station=self.station) | Q(pk__in=receivers)
        ).order_by("name")

    def page(self, request, meeting_form=None, opinion_form=None, status=200):
        pack = selectors.consultation_pack(self.station, self.first, self.last)
        if meeting_form is None:
            initial = {"held_on": min(self.last, timezone.localdate())}
            if self.consultation:
                initial |= {
                    "held_on": self.consultation.held_on,
                    "minutes": self.consultation.minutes,
                    "attendees": [d.pk for d in self.consultation.attendees.all()],
                }
            else:
                initial["attendees"] = [d.pk for d in pack["receivers"]]
            meeting_form = ConsultationForm(initial=initial, candidates=self.candidates())
        context = {
            "station": self.station,
            "first": self.first,
            "last": self.last,
            "consultation": self.consultation,
            "can_record": request.user.is_committee_staff,
            "meeting_form": meeting_form,
            "opinion_form": opinion_form or ConsultationOpinionForm(),
            **pack,
            **selectors.consultation_lists_html(pack),
        }
        return render(request, "liaison/consultation.html", context, status=status)


class ConsultationView(LoginRequiredMixin, View):
    """The month-end consultation: the pack of the month, and for staff the forms to record it.
    The deputies who attended read the pack and what it issued."""

    def get(self, request, pk, year, month):
        consultation_month = ConsultationMonth(pk, year, month)
        access_consultation(request.user, consultation_month.station, consultation_month.first)
        return consultation_month.page(request)


class ConsultationExportView(LoginRequiredMixin, View):
    """The month's consultation pack as Excel: the same receptions, categories and open opinions."""

    def get(self, request, pk, year, month):
        consultation_month = ConsultationMonth(pk, year, month)
        station, first, last = consultation_month.station, consultation_month.first, consultation_month.last
        access_consultation(request.user, station, first)
        pack = selectors.consultation_pack(station, first, last)
        labels = dict(Category.choices)
        heading = str(
            _("Consultation pack of %(station)s, %(month)s") % {"station": station.name, "month": f"{first:%Y-%m}"}
        )
        period = f"{first:%Y-%m-%d} — {last:%Y-%m-%d}"
        sheets = [
            Sheet(
                title=str(_("By category")),
                headers=[str(_("category")), str(_("receptions")), str(_("people received"))],
                rows=[[row["label"], row["n"], row["people"] or 0] for row in pack["by_category"]],
                heading=heading,
                period=period,
            ),
            Sheet(
                title=str(_("Receptions")),
                headers=[str(_("category")), str(_("date")), str(_("received by")), str(_("content"))],
                rows=[
                    [labels.get(c, c), day, "、".join(names), content] for c, day, names, content in pack["receptions"]
                ],
                heading=heading,
                period=period,
            ),
            Sheet(
                title=str(_("Open opinions")),
                headers=[str(_("date")), str(_("state")), str(_("content"))],
                rows=[[o.date, o.get_state_display(), o.content] for o in pack["open_opinions"]],
                heading=heading,
                period=period,
            ),
        ]
        return xlsx_response(
            sheets, download_name(station.name, f"{first:%Y-%m}", str(_("consultation pack")), extension="xlsx")
        )


class ConsultationStepView(StaffRequiredMixin, ActionView):
    def get_object(self):
        return ConsultationMonth(self.kwargs["pk"], self.kwargs["year"], self.kwargs["month"])


class ConsultationRecordView(ConsultationStepView):
    """Staff record the meeting: when, who attended (the month's receivers by default), the minutes."""

    form_class = ConsultationForm
    success_message = _("Consultation recorded.")

    def get_form_kwargs(self):
        return {"candidates": self.get_object().candidates()}

    def act(self, month, data):
        services.consultation_record(station=month.station, month=month.first, by=self.request.user, **data)

    def render_invalid(self, month, form):
        return month.page(self.request, meeting_form=form, status=400)


class ConsultationOpinionView(ConsultationStepView):
    """The consultation issues a supervision opinion (督办意见) to a department."""

    form_class = ConsultationOpinionForm
    success_message = _("Supervision opinion issued to the department.")

    def act(self, month, data):
        if month.consultation is None:
            raise ValidationError(_("Record the meeting first."))
        services.consultation_issue_opinion(consultation=month.consultation, by=self.request.user, **data)

    def render_invalid(self, month, form):
        return month.page(self.request, opinion_form=form, status=400)

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from common.paging import CappedPaginationMixin, CappedPaginator
from common.views import StaffRequiredMixin

from . import exports, services
from .backends import backend_for
from .events import Channel, Event, events_for
from .models import Delivery, ExportJob, Notification, explain_error, mask


class NotificationListView(LoginRequiredMixin, CappedPaginationMixin, ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)


class NotificationReadView(LoginRequiredMixin, View):
    """POST: mark one read and follow its link; or mark all read."""

    def post(self, request, pk=None):
        if pk is None:
            services.mark_read(user=request.user)
            return redirect("notifications:list")
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        services.mark_read(user=request.user, pk=pk)
        return redirect(notification.url or "notifications:list")


class NotificationGoView(LoginRequiredMixin, View):
    """The short link in a text message: log in, then land on the page that acts on it (GET: a
    phone opens links by GET). Someone else's notification is not found."""

    def get(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        services.mark_read(user=request.user, pk=pk)
        return redirect(notification.url or "notifications:list")


class ChannelSettingsView(LoginRequiredMixin, View):
    """Each person chooses, per event, the channels besides the bell."""

    template_name = "notifications/settings.html"

    def context(self, user) -> dict:
        addresses = {channel: backend_for(channel).address_of(user) for channel in Channel.values}
        labels = dict(Event.choices)
        # Only the events of the person's roles; a channel without an address is neither ticked
        # nor tickable (it could not reach them).
        rows = [
            {
                "event": event,
                "label": labels[event],
                "channels": {c for c in services.channels_for(user, event) if addresses[c]},
            }
            for event in events_for(user.role_names, user.is_superuser)
        ]
        return {
            "rows": rows,
            "channels": [
                {"value": value, "label": label, "address": mask(addresses[value]) if addresses[value] else ""}
                for value, label in Channel.choices
            ],
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request.user))

    def post(self, request):
        user = request.user
        reachable = {c for c in Channel.values if backend_for(c).address_of(user)}
        choices = {
            event: {c for c in reachable if request.POST.get(f"{event}:{c}") == "on"}
            | (services.channels_for(user, event) - reachable)  # kept for when the address is added
            for event in events_for(user.role_names, user.is_superuser)
        }
        services.channels_choose(user=user, choices=choices)
        messages.success(request, _("Your channels are saved."))
        return redirect("notifications:settings")


class DeliveryListView(StaffRequiredMixin, View):
    """What was sent, to whom, by which channel, and what failed: staff's view of every channel."""

    def get(self, request):
        deliveries = Delivery.objects.select_related("user").order_by("-created_at", "-pk")
        state = request.GET.get("state", "")
        channel = request.GET.get("channel", "")
        if state in Delivery.State.values:
            deliveries = deliveries.filter(state=state)
        if channel in Channel.values:
            deliveries = deliveries.filter(channel=channel)
        person = request.GET.get("person", "").strip()[:50]
        if person:  # by the person's name or login name (addresses are not searched)
            deliveries = deliveries.filter(Q(user__name__icontains=person) | Q(user__username__icontains=person))
        page = CappedPaginator(deliveries, 50).get_page(request.GET.get("page"))
        for delivery in page:
            delivery.masked = mask(delivery.address)
            delivery.error_meaning = explain_error(delivery.last_error) if delivery.last_error else ""
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "page_obj": page,
            "paginator": page.paginator,
            "query": query.urlencode(),
            "states": Delivery.State.choices,
            "channels": Channel.choices,
            "state": state,
            "channel": channel,
            "person": person,
        }
        return render(request, "notifications/deliveries.html", context)


class DeliveryRetryView(StaffRequiredMixin, View):
    def post(self, request, pk):
        delivery = get_object_or_404(Delivery, pk=pk)
        try:
            services.delivery_retry(delivery=delivery, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The message is queued to be sent again."))
        return redirect("notifications:deliveries")


class ExportView(LoginRequiredMixin, View):
    """A background export's page: its progress (read by js/export.js from ``?format=json``) and,
    when done, the download. Only the person who asked sees it."""

    def get(self, request, pk):
        job = get_object_or_404(ExportJob, pk=pk, user=request.user)
        exports.ask_again_if_stuck(job)
        if request.GET.get("format") == "json":
            return JsonResponse(exports.status(job))
        pdf = exports.content_type(job) == "application/pdf"
        return render(request, "notifications/export.html", {"job": job, "status": exports.status(job), "pdf": pdf})


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(ExportJob, pk=pk, user=request.user, state=ExportJob.State.DONE)
        response = FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=exports.content_type(job)
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ExportStartView(LoginRequiredMixin, View):
    """Make an export in the background (asked for from the page that counted its rows)."""

    def post(self, request, kind):
        try:
            params = request.POST.copy()
            params.pop("csrfmiddlewaretoken", None)
            job = exports.export_start(by=request.user, kind=kind, params=params)
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        return redirect("notifications:export", pk=job.pk)

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import ListView

from . import services
from .models import Notification


class NotificationListView(LoginRequiredMixin, ListView):
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

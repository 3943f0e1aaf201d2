"""Who may see a deputy's records, and the pages only deputies and council members have."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Deputy, DutyReport
from .selectors import deputy_for_user


class DeputyRequiredMixin(AccessMixin):
    """A page of deputies and council members: ``self.deputy`` is the person behind the login;
    anyone else signed in is refused (403)."""

    deputy_queryset = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.deputy = deputy_for_user(request.user, self.deputy_queryset)
        if self.deputy is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def access_duty_report(user, pk: int) -> DutyReport:
    """A 述职's page (its QR code, its voters' 评): its deputy, or staff; the same 404 otherwise."""
    report = DutyReport.objects.select_related("deputy").filter(pk=pk).first()
    if report is None or not (user.is_committee_staff or report.deputy.user_id == user.pk):
        raise Http404
    return report


def access_deputy(user, pk: int) -> Deputy:
    """A deputy's archive and reports: their own, or any for staff; the same 404 otherwise."""
    deputy = Deputy.objects.prefetch_related("levels").filter(pk=pk).first()
    if deputy is None or not (user.is_committee_staff or deputy.user_id == user.pk):
        raise Http404
    return deputy

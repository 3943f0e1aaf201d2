from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from accounts.admin import print_letters, text_one_time_passwords
from common.admin import HistoryAdmin, ServiceAdmin, SpreadsheetExportMixin, confirmed
from common.spreadsheet_formats import SafeCSV, SafeXLSX

from . import services
from .models import (
    Deputy,
    DeputyGroup,
    DutyActivity,
    DutyReport,
    DutyRhythm,
    Leave,
    Level,
    SevenTaskConfirmation,
    SevenTaskThresholds,
)
from .resources import DeputyResource


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ("__str__", "code", "rank", "deputy_count")
    ordering = ("rank",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_deputies=Count("deputies"))

    @admin.display(description=_("deputies"), ordering="n_deputies")
    def deputy_count(self, obj):
        return obj.n_deputies


class GroupMembershipInline(admin.TabularInline):
    model = DeputyGroup.members.through
    extra = 0
    autocomplete_fields = ("deputygroup",)
    verbose_name = _("group membership")
    verbose_name_plural = _("group memberships")


@admin.register(Deputy)
class DeputyAdmin(SpreadsheetExportMixin, HistoryAdmin, ImportExportModelAdmin):
    """The roster: search, filters, Excel import and export with row-level error reports."""

    resource_classes = [DeputyResource]
    formats = [SafeXLSX, SafeCSV]
    list_display = ("name", "kind", "level_list", "gender", "constituency", "phone", "term", "is_active", "user")
    list_display_links = ("name",)
    list_filter = ("kind", "levels", "is_active", "gender", "term")
    search_fields = ("name", "phone", "constituency", "occupation")
    autocomplete_fields = ("user",)
    filter_horizontal = ("levels",)
    list_select_related = ("user",)
    list_per_page = 50
    inlines = [GroupMembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "gender", "kind", "levels", "is_active")}),
        (_("Office"), {"fields": ("constituency", "term", "occupation")}),
        (_("Contact and login"), {"fields": ("phone", "user")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels")

    actions = ["open_and_text", "open_and_print", "end_term"]

    def _logins(self, request, deputies) -> list:
        services.logins_provision(deputies=list(deputies), by=request.user)
        return [d.user for d in Deputy.objects.filter(pk__in=[d.pk for d in deputies]).select_related("user") if d.user]

    @admin.action(description=_("Open logins and text a one-time password"))
    def open_and_text(self, request, deputies):
        text_one_time_passwords(self, request, self._logins(request, deputies))

    @admin.action(description=_("Open logins and print letters with a one-time password"))
    def open_and_print(self, request, deputies):
        return print_letters(self, request, self._logins(request, deputies))

    @admin.action(description=_("Term over: out of office, login ended (records stay)"))
    def end_term(self, request, deputies):
        page = confirmed(
            self,
            request,
            deputies,
            question=_("End these people's term?"),
            consequence=_(
                "They are out of office: no new shifts or duties, and their logins stop working. "
                "Everything they recorded stays."
            ),
        )
        if page is not None:
            return page
        n = services.term_end(deputies=list(deputies), by=request.user)
        self.message_user(
            request, ngettext("%(n)s person is out of office.", "%(n)s people are out of office.", n) % {"n": n}
        )
        self.after_term_end(request, deputies)

    def after_term_end(self, request, deputies) -> None:
        """What else a term's end means (liaison: off their coming shifts)."""

    @admin.display(description=_("levels"))
    def level_list(self, obj):
        return "、".join(str(level) for level in obj.levels.all())


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "leader", "member_count", "reports_link")
    list_filter = ("kind",)
    search_fields = ("name", "leader__name")
    autocomplete_fields = ("leader", "members")
    list_select_related = ("leader",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_members=Count("members"))

    @admin.display(description=_("members"), ordering="n_members")
    def member_count(self, obj):
        return obj.n_members

    @admin.display(description=_("annual reports"))
    def reports_link(self, obj):
        from django.urls import reverse
        from django.utils import timezone
        from django.utils.html import format_html

        year = timezone.localdate().year
        return format_html('<a href="{}">{} PDF</a>', reverse("deputies:group_reports", args=[obj.pk, year]), year)


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ("deputy", "start", "end", "reason")
    search_fields = ("deputy__name", "reason")
    autocomplete_fields = ("deputy",)
    date_hierarchy = "start"
    list_select_related = ("deputy",)


@admin.register(DutyReport)
class DutyReportAdmin(ServiceAdmin):
    list_display = ("date", "deputy", "audience", "attendance")
    search_fields = ("deputy__name", "summary", "audience")
    autocomplete_fields = ("deputy",)
    date_hierarchy = "date"
    list_select_related = ("deputy",)
    fields = ("deputy", "date", "venue", "audience", "attendance", "summary", "results")

    def get_readonly_fields(self, request, obj=None):
        return ("deputy",) if obj else ()

    def save_with_service(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("deputy", "date")}
        if change:
            return services.duty_report_update(report=obj, by=request.user, day=form.cleaned_data["date"], **data)
        return services.duty_report_record(
            deputy=form.cleaned_data["deputy"], by=request.user, day=form.cleaned_data["date"], **data
        )


@admin.register(DutyActivity)
class DutyActivityAdmin(ServiceAdmin):
    list_display = ("date", "kind", "title", "group")
    list_filter = ("kind", "group")
    search_fields = ("title", "summary", "attendees__name")
    autocomplete_fields = ("attendees", "group")
    date_hierarchy = "date"
    list_select_related = ("group",)
    fields = ("date", "kind", "title", "summary", "group", "firms_visited", "attendees")

    def save_with_service(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        day, attendees = data.pop("date"), data.pop("attendees")
        if change:
            return services.duty_activity_update(activity=obj, by=request.user, day=day, attendees=attendees, **data)
        return services.duty_activity_record(by=request.user, day=day, attendees=attendees, **data)


@admin.register(DutyRhythm)
class DutyRhythmAdmin(ServiceAdmin):
    """Per year: which rhythm applies (七个一, 六个一, both) and the 六个一 counts."""

    list_display = ("year", "seven", "six")

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj else ()

    def save_with_service(self, request, obj, form, change):
        values = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        return services.rhythm_set(by=request.user, year=obj.year, **values)


@admin.register(SevenTaskThresholds)
class SevenTaskThresholdsAdmin(ServiceAdmin):
    """One row: how much of each of the 七个一 a year needs."""

    def has_add_permission(self, request):
        return not SevenTaskThresholds.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_with_service(self, request, obj, form, change):
        return services.thresholds_update(by=request.user, **form.cleaned_data)


@admin.register(SevenTaskConfirmation)
class SevenTaskConfirmationAdmin(ServiceAdmin):
    list_display = ("deputy", "year", "item", "note", "confirmed_by", "confirmed_at")
    list_filter = ("year", "item")
    autocomplete_fields = ("deputy",)
    fields = ("deputy", "year", "item", "note")

    def save_with_service(self, request, obj, form, change):
        return services.seven_task_confirm(by=request.user, **form.cleaned_data)

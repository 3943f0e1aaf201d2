from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import HistoryAdmin, ReadOnlyAdmin, ServiceAdmin
from deputies.admin import DeputyAdmin as BaseDeputyAdmin
from deputies.admin import LeaveAdmin as BaseLeaveAdmin
from deputies.models import Deputy, Leave

from . import services
from .models import (
    Activity,
    ArchiveEntry,
    ArchiveFile,
    Consultation,
    Holiday,
    HolidayYear,
    Opinion,
    Reception,
    ReceptionShift,
    ShiftSwap,
    Station,
    StationMember,
    SubDistrict,
    tracking_digests,
)
from .resources import RosterResource


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "station_count")
    search_fields = ("name",)
    ordering = ("order", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_stations=Count("stations"))

    @admin.display(description=_("Homes and stations"), ordering="n_stations")
    def station_count(self, obj):
        return obj.n_stations


class StationMemberInline(admin.TabularInline):
    model = StationMember
    extra = 0
    autocomplete_fields = ("deputy",)
    verbose_name = _("resident deputy or council member")
    verbose_name_plural = _("resident deputies and council members")


@admin.register(Station)
class StationAdmin(HistoryAdmin):
    list_display = ("name", "kind", "sub_district", "parent", "address", "contact_name", "member_count", "is_active")
    list_filter = ("kind", "sub_district", "is_active")
    search_fields = ("name", "address", "contact_name")
    autocomplete_fields = ("parent", "managers")
    list_select_related = ("sub_district", "parent")
    inlines = [StationMemberInline]
    fieldsets = (
        (None, {"fields": ("name", "kind", "sub_district", "parent", "is_active", "order", "managers")}),
        (_("For the public"), {"fields": ("address", "opening_hours", "contact_name", "contact_phone")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_members=Count("members"))

    @admin.display(description=_("members"), ordering="n_members")
    def member_count(self, obj):
        return obj.n_members


class StationMembershipInline(admin.StackedInline):
    model = StationMember
    extra = 0
    max_num = 1
    autocomplete_fields = ("station",)
    verbose_name = _("home station")
    verbose_name_plural = _("home station")


def release_and_tell(request, deputies, start=None, end=None) -> None:
    """Someone left office or is away: off their coming shifts, and staff are told to plan again."""
    freed = services.shifts_release(deputies=deputies, start=start, end=end)
    if freed:
        messages.warning(
            request,
            ngettext(
                "%(n)s coming shift lost its deputy on duty; plan the rota again.",
                "%(n)s coming shifts lost their deputy on duty; plan the rota again.",
                freed,
            )
            % {"n": freed},
        )


# Where a deputy sits is liaison's to keep, but staff expect it on the roster page. Liaison may
# import deputies (never the reverse), so it extends the roster admin the way projects extend
# django.contrib.auth's UserAdmin: unregister, subclass, register again.
admin.site.unregister(Deputy)


@admin.register(Deputy)
class DeputyAdmin(BaseDeputyAdmin):
    resource_classes = [RosterResource]
    list_display = (
        BaseDeputyAdmin.list_display[:3] + ("home_station", "sub_district") + BaseDeputyAdmin.list_display[3:]
    )
    # By sub-district only: a city has hundreds of stations, too many for a sidebar; search
    # finds a station by name instead.
    list_filter = BaseDeputyAdmin.list_filter + (
        ("station_membership__station__sub_district", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = BaseDeputyAdmin.search_fields + ("station_membership__station__name",)
    list_select_related = BaseDeputyAdmin.list_select_related + ("station_membership__station__sub_district",)
    inlines = [StationMembershipInline, *BaseDeputyAdmin.inlines]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.is_active:
            release_and_tell(request, [obj])

    def after_term_end(self, request, deputies) -> None:
        release_and_tell(request, list(deputies))

    @admin.display(description=_("home station"), ordering="station_membership__station__name")
    def home_station(self, obj):
        membership = getattr(obj, "station_membership", None)
        return membership.station if membership else "—"

    @admin.display(description=_("sub-district"))
    def sub_district(self, obj):
        membership = getattr(obj, "station_membership", None)
        return (membership.station.sub_district or "—") if membership else "—"


# A leave is the deputies app's record; what it means for the rota is liaison's (as above).
admin.site.unregister(Leave)


@admin.register(Leave)
class LeaveAdmin(BaseLeaveAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        release_and_tell(request, [obj.deputy], start=obj.start, end=obj.end)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Statutory days off: filled from chinese-calendar; staff add the years it does not know yet."""

    list_display = ("date", "name")
    list_filter = (("date", admin.DateFieldListFilter),)
    search_fields = ("name",)
    date_hierarchy = "date"


@admin.register(HolidayYear)
class HolidayYearAdmin(ServiceAdmin):
    """Years whose holiday list is complete: the package's years, and those staff confirm here after
    entering the State Council's notice under 法定节假日. The rota plans only in such years."""

    list_display = ("year", "source", "confirmed_by", "confirmed_at")
    fields = ("year",)

    def has_change_permission(self, request, obj=None):
        return False

    def save_with_service(self, request, obj, form, change):
        return services.holiday_year_confirm(year=form.cleaned_data["year"], by=request.user)


class ReceptionShiftForm(forms.ModelForm):
    """A shift with who is on duty, saved by ``shift_save`` (active people, not on leave that day)."""

    deputies = forms.ModelMultipleChoiceField(
        label=_("on duty"),
        queryset=Deputy.objects.all(),
        widget=AutocompleteSelectMultiple(ReceptionShift._meta.get_field("deputies"), admin.site),
    )

    class Meta:
        model = ReceptionShift
        fields = ["station", "date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["deputies"] = list(self.instance.assignments.values_list("deputy_id", flat=True))


@admin.register(ReceptionShift)
class ReceptionShiftAdmin(ServiceAdmin):
    """Shifts the rota planned, and those staff add by hand (a make-up working day, an extra reception)."""

    form = ReceptionShiftForm
    list_display = ("date", "station", "on_duty", "note")
    list_filter = ("station__sub_district", "station")
    date_hierarchy = "date"
    search_fields = ("station__name", "deputies__name")
    autocomplete_fields = ("station",)
    list_select_related = ("station",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments__deputy")

    @admin.display(description=_("on duty"))
    def on_duty(self, obj):
        return "、".join(a.deputy.name for a in obj.assignments.all())

    def save_with_service(self, request, obj, form, change):
        data = form.cleaned_data
        return services.shift_save(
            by=request.user,
            station=data["station"],
            day=data["date"],
            deputies=data["deputies"],
            note=data["note"],
            shift=obj if change else None,
        )


@admin.register(ShiftSwap)
class ShiftSwapAdmin(admin.ModelAdmin):
    """Swaps deputies agreed between them; staff see every change here."""

    list_display = ("created_at", "shift_date", "station", "requester", "colleague", "state", "decided_at")
    list_filter = ("state",)
    list_select_related = ("assignment__shift__station", "requester", "colleague")
    readonly_fields = ("assignment", "requester", "colleague", "in_return", "state", "note", "created_at", "decided_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("date"), ordering="assignment__shift__date")
    def shift_date(self, obj):
        return obj.assignment.shift.date

    @admin.display(description=_("station"))
    def station(self, obj):
        return obj.assignment.shift.station


@admin.register(Reception)
class ReceptionAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("date", "station", "logged_by", "channel", "category", "visitor_count")
    list_filter = (("date", admin.DateFieldListFilter), "channel", "category", "station__sub_district")
    search_fields = ("content", "logged_by__name", "station__name")
    list_select_related = ("station", "logged_by")


@admin.register(Opinion)
class OpinionAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("__str__", "date", "station", "source", "category", "state")
    list_filter = (("date", admin.DateFieldListFilter), "state", "source", "category")
    search_fields = ("content",)
    search_help_text = _("Words of the opinion, or the tracking code a citizen reads out.")
    list_select_related = ("station",)

    def get_search_results(self, request, queryset, search_term):
        # The code is stored only as a keyed hash: found by hashing what staff typed, never shown.
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.filter(tracking_digest__in=tracking_digests(search_term))
        return results, duplicates


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    """Activities at a station, with its members who attended (the station's activity register)."""

    list_display = ("date", "station", "kind", "title")
    list_filter = ("kind", "station__sub_district")
    date_hierarchy = "date"
    search_fields = ("title", "summary", "station__name")
    autocomplete_fields = ("station", "attendees")
    list_select_related = ("station",)
    fields = ("station", "date", "kind", "title", "summary", "attendees")

    def save_with_service(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        data["day"] = data.pop("date")
        if change:
            return services.activity_update(activity=obj, by=request.user, **data)
        return services.activity_record(by=request.user, **data)


class ArchiveFileInline(admin.TabularInline):
    model = ArchiveFile
    extra = 1


@admin.register(ArchiveEntry)
class ArchiveEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "station", "section", "year")
    list_filter = ("section", "station__sub_district")
    search_fields = ("title", "body", "station__name")
    autocomplete_fields = ("station",)
    list_select_related = ("station",)
    inlines = [ArchiveFileInline]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("month", "station", "held_on")
    list_filter = ("station__sub_district",)
    list_select_related = ("station",)

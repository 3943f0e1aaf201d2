from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from deputies.admin import DeputyAdmin as BaseDeputyAdmin
from deputies.models import Deputy

from .models import Station, StationMember, SubDistrict
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
class StationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sub_district", "parent", "address", "contact_name", "member_count", "is_active")
    list_filter = ("kind", "sub_district", "is_active")
    search_fields = ("name", "address", "contact_name")
    autocomplete_fields = ("parent",)
    list_select_related = ("sub_district", "parent")
    inlines = [StationMemberInline]
    fieldsets = (
        (None, {"fields": ("name", "kind", "sub_district", "parent", "is_active", "order")}),
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

    @admin.display(description=_("home station"), ordering="station_membership__station__name")
    def home_station(self, obj):
        membership = getattr(obj, "station_membership", None)
        return membership.station if membership else "—"

    @admin.display(description=_("sub-district"))
    def sub_district(self, obj):
        membership = getattr(obj, "station_membership", None)
        return (membership.station.sub_district or "—") if membership else "—"

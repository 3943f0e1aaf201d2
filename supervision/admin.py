from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from accounts import roles
from accounts.admin import LOGIN_ACTIONS
from common.admin import HistoryAdmin, ReadOnlyAdmin, SpreadsheetExportMixin
from common.spreadsheet_formats import SafeCSV, SafeXLSX

from .models import Department, DepartmentContact, Handover, ItemEvent, SupervisionItem
from .resources import DepartmentContactResource


@admin.register(Department)
class DepartmentAdmin(HistoryAdmin):
    list_display = ("name", "kind", "contact_name", "contact_phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "contact_name", "contact_phone")
    autocomplete_fields = ("contacts",)


@admin.register(DepartmentContact)
class DepartmentContactAdmin(SpreadsheetExportMixin, ImportExportModelAdmin):
    """Departments' contacts, imported from Excel (单位, 姓名, 手机, 邮箱): each opens a login; hand
    over their one-time passwords from here (by text, or printed letters)."""

    resource_classes = [DepartmentContactResource]
    formats = [SafeXLSX, SafeCSV]
    list_display = ("name", "mobile", "email", "department_list", "is_active")
    search_fields = ("name", "mobile", "email", "departments__name")
    actions = LOGIN_ACTIONS
    fields = ("name", "mobile", "email", "is_active")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(groups__name=roles.DEPARTMENT_CONTACT, is_staff=False, is_superuser=False)
            .exclude(groups__name=roles.STAFF)  # staff's own logins are a superuser's (accounts.UserAdmin)
            .prefetch_related("departments")
            .distinct()
        )

    def has_add_permission(self, request):
        return False  # added by the import, or as a user (用户) with the role

    @admin.display(description=_("departments"))
    def department_list(self, obj):
        return "、".join(d.name for d in obj.departments.all())


class ItemEventInline(admin.TabularInline):
    model = ItemEvent
    fields = ("at", "action", "from_state", "to_state", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupervisionItem)
class SupervisionItemAdmin(HistoryAdmin, ReadOnlyAdmin):
    """Read-only here: every step goes through the portal page, whose services keep the rules."""

    list_display = (
        "number",
        "title",
        "kind",
        "state",
        "lead_department",
        "deadline",
        "round",
        "is_public",
        "portal_link",
    )
    list_filter = (
        ("created_at", admin.DateFieldListFilter),
        "state",
        "kind",
        "lead_department",
        "is_public",
        "round",
    )
    search_fields = ("title", "content", "lead_deputy__name")
    list_select_related = ("lead_department",)
    inlines = [ItemEventInline]

    @admin.display(description=_("number"), ordering="pk")
    def number(self, obj):
        return obj.reference

    @admin.display(description=_("portal page"))
    def portal_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("open"))


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    """Recorded on the portal's hand-over page, which hands the items over in the same step."""

    list_display = ("held_on", "name", "created_by")
    search_fields = ("name",)
    date_hierarchy = "held_on"

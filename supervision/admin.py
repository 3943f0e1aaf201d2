from django.contrib import admin

from .models import Department


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact_name", "contact_phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "contact_name", "contact_phone")
    autocomplete_fields = ("contacts",)

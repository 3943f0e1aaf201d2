from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "name", "email", "password1", "password2")}),)
    list_display = ("username", "name", "email", "role_list", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "name", "email")

    def get_readonly_fields(self, request, obj=None):
        # Staff manage logins and roles, but only a superuser makes superusers or hands out
        # individual permissions beyond the role groups.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "user_permissions", "last_login", "date_joined")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Staff end an account by unticking "active" (its records stay); deleting a login, and
        # above all a superuser's, is for a superuser only.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return "、".join(g.name for g in obj.groups.all())

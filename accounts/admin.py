from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import confirmed
from common.responses import download_name, pdf_response

from . import roles, services
from .letters import letters_pdf
from .models import User


def _only_manageable(modeladmin, request, users) -> list:
    """The chosen logins this person may manage; the others are named in a warning."""
    users = list(users)
    refused = [u for u in users if not services.may_manage_login(request.user, u)]
    if refused:
        modeladmin.message_user(
            request,
            _("Only a superuser can reset the password of committee staff or a superuser: %(names)s")
            % {"names": "、".join(str(u) for u in refused)},
            messages.WARNING,
        )
    return [u for u in users if u not in refused]


def text_one_time_passwords(modeladmin, request, users) -> None:
    users = _only_manageable(modeladmin, request, users)
    texted, without = services.one_time_passwords_text(users=users, by=request.user)
    if texted:
        modeladmin.message_user(
            request,
            ngettext(
                "A one-time password was texted to %(n)s login.",
                "One-time passwords were texted to %(n)s logins.",
                len(texted),
            )
            % {"n": len(texted)},
        )
    if without:
        modeladmin.message_user(
            request,
            _("No mobile (or not active), print a letter instead: %(names)s")
            % {"names": "、".join(str(u) for u in without)},
            messages.WARNING,
        )


def print_letters(modeladmin, request, users):
    users = [u for u in _only_manageable(modeladmin, request, users) if u.is_active]
    if not users:
        return None  # back to the list, where the warning says why
    rows = [(user, services.one_time_password_set(user=user, by=request.user)) for user in users]
    return pdf_response(letters_pdf(rows), download_name(str(_("login letters")), extension="pdf"))


def end_logins(modeladmin, request, users):
    page = confirmed(
        modeladmin,
        request,
        users,
        question=_("End these logins?"),
        consequence=_("They can no longer log in. Everything they recorded stays."),
    )
    if page is not None:
        return page
    n = services.logins_end(users=list(users), by=request.user)
    modeladmin.message_user(
        request,
        ngettext(
            "%(n)s login no longer works; its records stay.", "%(n)s logins no longer work; their records stay.", n
        )
        % {"n": n},
    )


text_one_time_passwords.short_description = _("Text a one-time password")
print_letters.short_description = _("Print letters with a one-time password")
end_logins.short_description = _("End the login (term over): records stay")
LOGIN_ACTIONS = [text_one_time_passwords, print_letters, end_logins]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        (_("Personal info"), {"fields": ("name", "mobile", "email", "wecom_userid")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "name", "mobile", "email", "password1", "password2")}),
    )
    list_display = ("username", "name", "mobile", "email", "role_list", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active", "must_change_password")
    search_fields = ("username", "name", "email", "mobile")
    actions = LOGIN_ACTIONS

    def get_readonly_fields(self, request, obj=None):
        # Staff manage logins and roles, but only a superuser makes superusers or hands out
        # individual permissions beyond the role groups.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "is_staff", "user_permissions", "last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form

        class NoNewStaffForm(form):
            """Staff may not make a login a staff login: after a one-time password they had printed
            for it, one staff member would hold a second staff login. That is a superuser's to do."""

            def clean(self):
                data = super().clean()
                groups = data.get("groups")
                already = self.instance.pk and self.instance.groups.filter(name=roles.STAFF).exists()
                if groups is not None and not already and groups.filter(name=roles.STAFF).exists():
                    self.add_error("groups", _("Only a superuser makes a login a staff login."))
                return data

        return NoNewStaffForm

    def has_change_permission(self, request, obj=None):
        # Another staff member's login (its mobile, its roles) is a superuser's to change.
        if obj is not None and obj != request.user and not services.may_manage_login(request.user, obj):
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

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts.forms import AdminLoginForm, LoginForm
from accounts.views import CodeRequestView, CodeResetView, EmailResetConfirmView, EmailResetView, PasswordChangeView
from common.views import healthz
from notifications.views import NotificationGoView

admin.site.site_header = _("Congress work committee portal — administration")
admin.site.site_title = _("Congress work committee portal")
admin.site.index_title = _("Committee staff workspace")
admin.site.login_form = AdminLoginForm

handler400 = "common.views.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The public pages first: Django tries the patterns in order, and the pages the public reads
    # most (projects, stations) were behind some sixty staff patterns (about a tenth of a cached
    # page's time). No two includes share an address, so their order changes nothing else.
    path("", include("livelihood.urls")),
    path("", include("liaison.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # A forgotten password: a code texted to the mobile, or a link e-mailed.
    path("accounts/reset/", CodeRequestView.as_view(), name="password_reset_sms"),
    path("accounts/reset/code/", CodeResetView.as_view(), name="password_reset_code"),
    path("accounts/reset/email/", EmailResetView.as_view(), name="password_reset"),
    path("accounts/reset/email/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/email/<uidb64>/<token>/", EmailResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The language switch is on every page. Without a CSRF token in it, a public page sets no cookie
    # and can be cached whole for anonymous visitors; a forged switch only changes the language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("notifications/", include("notifications.urls")),
    # The short link a text message carries (70 characters leave little room).
    path("n/<id:pk>", NotificationGoView.as_view(), name="short_link"),
    path("l", RedirectView.as_view(pattern_name="login"), name="short_login"),
    path("t", RedirectView.as_view(pattern_name="liaison:opinion_track"), name="short_track"),
    path("supervision/", include("supervision.urls")),
    path("statistics/", include("monthly_statistics.urls")),
    path("", include("dashboard.urls")),
    path("", include("deputies.urls")),
    path("admin/", admin.site.urls),
]
# Uploads (citizens' photos, archive files, the admin's pending imports) are never served from
# MEDIA_URL, not even in DEBUG: each goes out through a view that checks who asks.

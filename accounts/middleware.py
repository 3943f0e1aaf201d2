from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404

# What a person with a one-time password may open before choosing their own: the portal's own
# views by full name (the admin's "admin:password_change" is not the portal's "password_change").
ALLOWED = {"password_change", "password_change_done", "logout", "set_language", "healthz", "login"}


class FirstPasswordMiddleware:
    """After logging in with a one-time password, every page leads to choosing one's own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in ALLOWED and not request.path_info.startswith(("/static/", "/jsi18n/")):
                return redirect("password_change")
        return self.get_response(request)

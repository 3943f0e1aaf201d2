"""Passwords: the first one a person sets, and a forgotten one by a code texted to the mobile or a
link e-mailed (Django's own views). Rate limited per address and per number; no page tells
whether an account exists."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from common.forms import apply_service_error

from . import services
from .forms import CodeResetForm, MobileForm, PortalPasswordChangeForm, PortalSetPasswordForm


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; after a one-time password, the first page a person sees."""

    success_url = reverse_lazy("password_change_done")
    form_class = PortalPasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_chosen(self.request.user)
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "first": self.request.user.must_change_password}


def _limited(request, group: str, rate: str, key: str = "ip") -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)


class CodeRequestView(View):
    """Step one: the mobile number. The same answer whether or not a login has it."""

    template_name = "registration/reset_code_request.html"

    def get(self, request):
        return render(request, self.template_name, {"form": MobileForm()})

    def post(self, request):
        form = MobileForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        mobile = form.cleaned_data["mobile"]
        request.POST = request.POST.copy()
        request.POST["mobile"] = mobile
        # One code a minute per number, whether or not a login has it (so the pause tells nothing);
        # a second ask within the minute is told to wait and does not count towards the hour's three.
        if not cache.add(f"reset-code-pause:{mobile}", 1, timeout=int(services.CODE_PAUSE.total_seconds())):
            form.add_error(None, _("A code was just sent to this number. Please wait a minute before asking again."))
            return render(request, self.template_name, {"form": form}, status=429)
        if _limited(request, "reset-code-ip", "10/h") or _limited(request, "reset-code-mobile", "3/h", "post:mobile"):
            form.add_error(None, _("Too many requests. Please try again in an hour."))
            return render(request, self.template_name, {"form": form}, status=429)
        services.reset_code_send(mobile=mobile)
        request.session["reset_mobile"] = mobile
        messages.info(request, _("If a login has this number, a code is on its way. It is good for ten minutes."))
        return redirect("password_reset_code")


@method_decorator(ratelimit(key="ip", rate="20/h", method="POST", block=False), name="post")
class CodeResetView(View):
    """Step two: the code and the new password."""

    template_name = "registration/reset_code_form.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"form": CodeResetForm(initial={"mobile": request.session.get("reset_mobile", "")})},
        )

    def post(self, request):
        form = CodeResetForm(request.POST)
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many requests. Please try again in an hour."))
            return render(request, self.template_name, {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.password_reset_with_code(
                    mobile=data["mobile"], code=data["code"], password=data["new_password1"]
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                request.session.pop("reset_mobile", None)
                messages.success(request, _("Your password is set. Log in with it."))
                return redirect("login")
        return render(request, self.template_name, {"form": form}, status=400)


@method_decorator(ratelimit(key="ip", rate="5/h", method="POST", block=False), name="post")
class EmailResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail: a link to the login's address, if one has it; rate limited."""

    success_url = reverse_lazy("password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            form.add_error(None, _("Too many requests. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class EmailResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
    form_class = PortalSetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_chosen(form.user)
        return response

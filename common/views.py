"""Views and view pieces every app uses: the staff-only mixin, one step on an object (ActionView),
error pages in the portal's layout, the health check."""

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from .forms import apply_service_error


class StaffRequiredMixin(UserPassesTestMixin):
    """Pages for committee staff (users whose ``is_committee_staff`` holds)."""

    def test_func(self):
        user = self.request.user
        return user.is_authenticated and getattr(user, "is_committee_staff", False)


class RefusedFormMixin:
    """A generic FormView whose refused form answers 400, as every other form of the portal does."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def healthz(request):
    """For the load balancer (and the load test's baseline): the app answers, nothing else is read."""
    return HttpResponse("ok", content_type="text/plain")


class ActionView(View):
    """POST one step on an object: check access, bind the step's form, call the service, and go
    back to the object's page; a refusal is shown at its field on that page (400).

    Subclasses say how to find the object (``get_object``, the access check), which form the step
    takes, which service it calls (``act``) and how to show the page again with the bound form
    (``render_invalid``). A GET goes back to the object's page.
    """

    form_class = None
    success_message = ""

    def get_object(self):
        raise NotImplementedError

    def get_form_kwargs(self) -> dict:
        return {}

    def act(self, obj, data: dict):
        raise NotImplementedError

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def render_invalid(self, obj, form):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return redirect(self.success_url(self.get_object()))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs()) if self.form_class else None
        if form is not None and not form.is_valid():
            return self.render_invalid(obj, form)
        try:
            self.act(obj, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(self.success_url(obj))
            apply_service_error(form, error)
            return self.render_invalid(obj, form)
        if self.success_message:
            messages.success(request, self.success_message)
        return redirect(self.success_url(obj))

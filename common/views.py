"""Views and view pieces every app uses: the staff-only mixin, error pages in the portal's layout."""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.shortcuts import render


class StaffRequiredMixin(UserPassesTestMixin):
    """Pages for committee staff (users whose ``is_committee_staff`` holds)."""

    def test_func(self):
        user = self.request.user
        return user.is_authenticated and getattr(user, "is_committee_staff", False)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)

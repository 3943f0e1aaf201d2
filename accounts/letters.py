"""The printed letter that opens a login: one page per person, with the login name and a one-time
password, for people without a mobile (or who prefer paper). Printed once: the password is not
kept, so printing again gives a new one."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import render_pdf

TEMPLATE = "accounts/documents/login_letter.html"


def _forgot(user) -> str:
    """How this person gets a new password later: by the way they can actually receive one."""
    if user.mobile:
        return _(
            "Forgot your password later? Use “Forgot your password?” on the login page: a code is texted to your mobile."
        )
    if user.email:
        return _(
            "Forgot your password later? Use “Forgot your password?” on the login page: a link is e-mailed to you."
        )
    return _("Forgot your password later? Ask the committee's staff for a new letter.")


def letters_pdf(rows: list[tuple]) -> bytes:
    """``rows``: (user, one-time password) pairs."""
    address = f"{settings.PORTAL_BASE_URL}{reverse('login')}"
    today = f"{timezone.localdate():%Y-%m-%d}"
    letters = [
        {"user": user, "password": password, "address": address, "forgot": _forgot(user), "date": today}
        for user, password in rows
    ]
    return render_pdf(TEMPLATE, letters, title=_("Your login to the congress portal"), numbered=False)

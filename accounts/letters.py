"""The printed letter that opens a login: one page per person, with the login name and a one-time
password, for people without a mobile (or who prefer paper). Printed once: the password is not
kept, so printing again gives a new one."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from common.pdf import CODE, HEADING, TITLE, build, paragraph
from common.pdf import table as pdf_table


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
    today = timezone.localdate()
    story = []
    for n, (user, password) in enumerate(rows):
        if n:
            story.append(PageBreak())
        story += [
            paragraph(_("Your login to the congress portal"), TITLE),
            paragraph(_("Dear %(name)s,") % {"name": user.get_full_name()}, HEADING),
            paragraph(
                _(
                    "The committee has opened your login to the portal, where you log your receptions, "
                    "file suggestions and reports, and see what waits for you."
                )
            ),
            Spacer(1, 6 * mm),
            pdf_table(
                [
                    [_("address"), address],
                    [_("login name"), user.username],
                    [_("one-time password"), paragraph(password, CODE)],
                ],
                [45 * mm, 120 * mm],
            ),
            Spacer(1, 6 * mm),
            paragraph(
                _(
                    "At your first login the portal asks you to choose your own password: at least 8 "
                    "characters, with three of capital letters, small letters, digits and other characters. "
                    "Keep this letter private and destroy it once you have logged in."
                )
            ),
            paragraph(_forgot(user)),
            Spacer(1, 12 * mm),
            paragraph(_("The work committee, %(date)s") % {"date": f"{today:%Y-%m-%d}"}),
        ]
    buffer = io.BytesIO()
    build(buffer, story, title=str(_("Your login to the congress portal")), margins_mm=22, numbered=False)
    return buffer.getvalue()

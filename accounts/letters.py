"""The printed letter that opens a login: one page per person, with the login name and a one-time
password, for people without a mobile (or who prefer paper). Printed once: the password is not
kept, so printing again gives a new one."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

from common.pdf import HEADING, TITLE, paragraph
from common.pdf import table as pdf_table


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
                    [_("one-time password"), password],
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
            paragraph(
                _(
                    "Forgot your password later? Use “Forgot your password?” on the login page: a code is texted to your mobile."
                )
            ),
            Spacer(1, 12 * mm),
            paragraph(_("The work committee, %(date)s") % {"date": f"{today:%Y-%m-%d}"}),
        ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, title=str(_("Your login to the congress portal"))
    ).build(story)
    return buffer.getvalue()

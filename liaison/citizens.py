"""Text messages to citizens who left a mobile number on an opinion: the tracking code when it is
received, and a word when it is answered (at the station, or by the department its item went to).
Always in the portal's language, whoever's action sent them; the citizen's phone never leaves here."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.i18n import portal_language
from notifications.services import text_phone

from .models import Opinion


def _track_link() -> str:
    from django.conf import settings

    return f"{settings.PORTAL_BASE_URL}{reverse('short_track')}"  # short: a text holds 70 characters


def text_received(opinion: Opinion, code: str) -> None:
    if not opinion.citizen_phone:
        return
    with portal_language():
        text = _("Your opinion is registered. Tracking code {secret}. Follow it at:")
    text_phone(
        phone=opinion.citizen_phone,
        key=f"opinion:{opinion.pk}:received",
        text=text,
        link=_track_link(),
        secret=code,
    )


def text_answered(opinion: Opinion, key: str) -> None:
    if not opinion.citizen_phone:
        return
    with portal_language():
        text = _("Your opinion to %(station)s is answered. Read and rate it with your tracking code:") % {
            "station": opinion.station.name
        }
    text_phone(phone=opinion.citizen_phone, key=f"opinion:{opinion.pk}:answered:{key}", text=text, link=_track_link())


def on_item_replied(sender, item, reply, **kwargs) -> None:
    """The department answered the item a citizen's opinion became."""
    if isinstance(item.source, Opinion):
        text_answered(item.source, f"reply:{reply.pk}")


def on_resolved(opinion: Opinion) -> None:
    text_answered(opinion, f"resolved:{timezone.now():%Y%m%d%H%M%S}")

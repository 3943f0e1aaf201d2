"""What the portal tells people about, and by which channels unless someone chooses otherwise.

Every notification names its event. Staff change the defaults per event (``ChannelDefault``); each
person may choose their own channels per event (``ChannelChoice``). The bell always shows it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import roles


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message")
    WECOM = "wecom", pgettext_lazy("channel", "WeCom")


class Event(models.TextChoices):
    ITEM_ASSIGNED = "item_assigned", _("An item is handed to my department")
    ITEM_DECIDED = "item_decided", _("The committee decided on my suggestion")
    PART_SENT = "part_sent", _("A helping department sent its part")
    REPLY_TO_RATE = "reply_to_rate", _("An answer waits for my rating")
    SECOND_ROUND = "second_round", _("An item comes back for another handling")
    DEADLINE = "deadline", _("A deadline is near or passed")
    COSIGN_ASKED = "cosign_asked", _("I am asked to co-sign a suggestion")
    COSIGN_ANSWERED = "cosign_answered", _("A deputy answers my request to co-sign")
    SHIFT = "shift", _("My reception shift is coming")
    SWAP = "swap", _("A shift swap is asked, accepted or declined")
    CITIZEN_UNSATISFIED = "citizen_unsatisfied", _("A citizen is unsatisfied with an answer")
    VOTE = "vote", _("A vote opens or closes tomorrow")
    REPORT_DUE = "report_due", _("A monthly report is due")
    CONSULTATION = "consultation", _("The month-end consultation pack is ready")
    STATISTICS = "statistics", _("The monthly statistics are ready")
    EXPORT_READY = "export_ready", _("A long export I asked for is ready")
    OTHER = "other", pgettext_lazy("notification event", "Other")


# The channels an event goes by when staff have set nothing: what someone waits for today goes
# everywhere; what can wait a day goes to the bell and e-mail.
URGENT = {Channel.EMAIL, Channel.SMS, Channel.WECOM}
ROUTINE = {Channel.EMAIL}
DEFAULT_CHANNELS = {
    Event.ITEM_ASSIGNED: URGENT,
    Event.ITEM_DECIDED: ROUTINE | {Channel.WECOM},
    Event.PART_SENT: ROUTINE | {Channel.WECOM},
    Event.REPLY_TO_RATE: URGENT,
    Event.SECOND_ROUND: URGENT,
    Event.DEADLINE: URGENT,
    Event.COSIGN_ASKED: URGENT,
    Event.COSIGN_ANSWERED: ROUTINE | {Channel.WECOM},
    Event.SHIFT: URGENT,
    Event.SWAP: URGENT,
    Event.CITIZEN_UNSATISFIED: ROUTINE | {Channel.WECOM},
    Event.VOTE: URGENT,
    Event.REPORT_DUE: URGENT,
    Event.CONSULTATION: ROUTINE,
    Event.STATISTICS: ROUTINE,
    Event.EXPORT_READY: set(),  # the bell only: the person is usually still on the page
    Event.OTHER: ROUTINE,
}

# Whom each event concerns: a person's settings page lists the events of their roles.
MEMBERS = {roles.DEPUTY, roles.COUNCIL_MEMBER}
EVENT_ROLES = {
    Event.ITEM_ASSIGNED: {roles.DEPARTMENT_CONTACT},
    Event.ITEM_DECIDED: MEMBERS,
    Event.PART_SENT: {roles.DEPARTMENT_CONTACT},
    Event.REPLY_TO_RATE: MEMBERS,
    Event.SECOND_ROUND: {roles.DEPARTMENT_CONTACT},
    Event.DEADLINE: {roles.DEPARTMENT_CONTACT, roles.STAFF},
    Event.COSIGN_ASKED: MEMBERS,
    Event.COSIGN_ANSWERED: MEMBERS,
    Event.SHIFT: MEMBERS,
    Event.SWAP: MEMBERS,
    Event.CITIZEN_UNSATISFIED: {roles.STAFF},
    Event.VOTE: MEMBERS,
    Event.REPORT_DUE: MEMBERS,
    Event.CONSULTATION: {roles.STAFF},
    Event.STATISTICS: {roles.STAFF},
}


def events_for(role_names, is_superuser: bool = False) -> list[str]:
    """The events that concern someone with these roles (a superuser counts as staff)."""
    held = set(role_names) | ({roles.STAFF} if is_superuser else set())
    return [event for event in Event.values if EVENT_ROLES.get(event, set()) & held]

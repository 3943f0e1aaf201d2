"""Channels' backends, chosen in settings like Django's e-mail backends (NOTIFICATION_BACKENDS).

A backend sends one ``Message`` and returns the provider's reference, or raises
``TemporaryFailure`` (throttled, the provider's or the network's trouble: tried again later) or
``PermanentFailure`` (refused for good: a wrong number, a bad configuration).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Message:
    channel: str
    address: str  # an e-mail address, a mobile number or a WeCom user ID, as the backend wants
    subject: str
    text: str
    link: str = ""


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


class Backend:
    # The User field holding this backend's address (None: the backend needs none, e.g. a group).
    address_field: str | None = "mobile"

    def address_of(self, user) -> str:
        return getattr(user, self.address_field, "") if self.address_field else "-"

    def send(self, message: Message) -> str:
        raise NotImplementedError


def backend_for(channel: str) -> Backend:
    return import_string(settings.NOTIFICATION_BACKENDS[channel])()

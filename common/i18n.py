"""Language helpers for work done outside a request."""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


@contextmanager
def portal_language():
    """Write in the portal's language (Chinese) whoever runs the code: reminders, reports, e-mails."""
    with translation.override(settings.LANGUAGE_CODE):
        yield

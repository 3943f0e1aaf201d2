"""Password rules of 等保 (GB/T 22239 identity checks) beyond Django's own validators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassesValidator:
    """At least three of: capital letters, small letters, digits, other characters."""

    def validate(self, password, user=None):
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self):
        return _("Use at least three of: capital letters, small letters, digits and other characters.")


class NotUsernameValidator:
    """Not the username, forwards or backwards, nor containing it."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        lowered = password.lower()
        if username and (username in lowered or username[::-1] in lowered):
            raise ValidationError(self.get_help_text(), code="password_is_username")

    def get_help_text(self):
        return _("Your password may not contain your username.")

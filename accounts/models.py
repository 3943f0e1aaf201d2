from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles


class User(AbstractUser):
    """A login: committee staff, a deputy or council member, or a department contact.

    What a user may do comes from their role groups (see ``roles``); the person behind a deputy's
    login is the ``deputies.Deputy`` that points here.
    """

    name = models.CharField(_("full name"), max_length=50, blank=True)
    # The login's own mobile: text messages (reminders, one-time passwords, reset codes) go here.
    mobile = models.CharField(
        _("mobile"),
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number."))],
    )
    wecom_userid = models.CharField(
        _("WeCom user ID"),
        max_length=64,
        blank=True,
        help_text=_("The account in the committee's 企业微信, for app messages."),
    )
    must_change_password = models.BooleanField(
        _("must set a new password"),
        default=False,
        help_text=_("Set for a one-time password: the person chooses their own at the next login."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A mobile is one login's: codes and one-time passwords texted to it reach one account.
            models.UniqueConstraint(
                fields=["mobile"],
                condition=~Q(mobile=""),
                name="user_mobile_unique",
                violation_error_message=_("Another login already has this mobile."),
            )
        ]

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of this user's role groups, read once per request."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def is_committee_staff(self) -> bool:
        return self.is_superuser or self.has_role(roles.STAFF)

    @classmethod
    def committee_staff(cls):
        """Every active user for whom ``is_committee_staff`` holds (to tell staff something)."""
        return cls.objects.filter(Q(groups__name=roles.STAFF) | Q(is_superuser=True), is_active=True).distinct()


class ResetCode(models.Model):
    """A code texted to a login's mobile to set a new password: only its keyed hash is kept; good
    for ten minutes, five guesses and one use."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("password reset code")
        verbose_name_plural = _("password reset codes")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

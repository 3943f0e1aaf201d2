from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deputies.models import phone_validator


class Department(models.Model):
    """A department the committee hands work to: an internal office or an outside handling unit."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("responsible office")
        HANDLING_UNIT = "handling_unit", _("handling unit")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[phone_validator])
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact accounts"),
        blank=True,
        related_name="departments",
        help_text=_("Logins that see and answer what is handed to this department."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

"""Choices shared by every app: one scale for every rating in the portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SatisfactionRating(models.TextChoices):
    """The three-step scale of every rating: the 双评, 述职, year-end satisfaction, citizens' feedback."""

    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")

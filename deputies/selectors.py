"""Reads of deputies, with their joins."""

from .models import Deputy


def deputy_for_user(user) -> Deputy | None:
    """The deputy or council member behind a login, with levels loaded; None for anyone else."""
    if not user.is_authenticated:
        return None
    return Deputy.objects.filter(user=user).prefetch_related("levels").first()

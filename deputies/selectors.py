"""Reads of deputies, with their joins."""

from .models import Deputy


def deputy_for_user(user, queryset=None) -> Deputy | None:
    """The deputy or council member behind a login; None for anyone else (or a logged-out visitor).

    ``queryset`` lets a caller add the joins its page needs.
    """
    if not user.is_authenticated:
        return None
    return (queryset if queryset is not None else Deputy.objects.all()).filter(user=user).first()


def annual_report(deputy: Deputy, year: int) -> dict:
    """The year's figures, records and 七个一 of a deputy, for the page and the PDF."""
    from .duty import archive, seven_tasks

    return {
        "deputy": deputy,
        "year": year,
        "levels": "、".join(str(level) for level in deputy.levels.all()),
        "sections": archive(deputy, year),
        "seven": seven_tasks([deputy.pk], year)[deputy.pk],
    }

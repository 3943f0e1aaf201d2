"""Reads of deputies, with their joins."""

from .models import Deputy


def deputy_for_user(user) -> Deputy | None:
    """The deputy or council member behind a login, with levels loaded; None for anyone else."""
    if not user.is_authenticated:
        return None
    return Deputy.objects.filter(user=user).prefetch_related("levels").first()


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


def deputy_visible(user, pk: int) -> Deputy:
    """A deputy's archive: their own, or any for staff; the same 404 otherwise."""
    from django.http import Http404

    deputy = Deputy.objects.prefetch_related("levels").filter(pk=pk).first()
    if deputy is None or not (user.is_committee_staff or deputy.user_id == user.pk):
        raise Http404
    return deputy

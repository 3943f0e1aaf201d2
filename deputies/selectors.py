"""Reads of deputies, with their joins."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from common.choices import SatisfactionRating

from .models import Deputy, DutyReport


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


def with_voter_ratings(reports: QuerySet[DutyReport]) -> QuerySet[DutyReport]:
    """Each 述职 with its voters' 评 counted in the database (one query for any number of reports)."""

    def rated(value):
        return Count("voter_ratings", filter=Q(voter_ratings__rating=value))

    return reports.annotate(
        rated=Count("voter_ratings"),
        satisfied=rated(SatisfactionRating.SATISFIED),
        basically_satisfied=rated(SatisfactionRating.BASICALLY_SATISFIED),
        unsatisfied=rated(SatisfactionRating.UNSATISFIED),
    )


def voters_verdict(report: DutyReport) -> str:
    """The 评 of a 述职 read from ``with_voter_ratings``: "满意 12、基本满意 3、不满意 1（16 人）"."""
    if not getattr(report, "rated", 0):
        return _("not rated by voters")
    return _("satisfied %(s)s, basically satisfied %(b)s, unsatisfied %(u)s (%(n)s voters)") % {
        "s": report.satisfied,
        "b": report.basically_satisfied,
        "u": report.unsatisfied,
        "n": report.rated,
    }

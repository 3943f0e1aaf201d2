"""The four registers (四簿) as column definitions over records: one definition serves the page,
the printout and the Excel file, so the three never disagree."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from common.choices import SatisfactionRating
from deputies.selectors import voters_verdict
from supervision.models import SupervisionItem

from . import selectors
from .models import Activity, Category, Opinion, Reception


@cache
def _labels(choices: type[models.Choices], language: str) -> dict:
    return {value: str(label) for value, label in choices.choices}


def label(choices: type[models.Choices], value) -> str:
    """A choice's label in the active language, translated once per language, not once per cell."""
    return _labels(choices, get_language()).get(value, value)


def _names(deputies) -> str:
    return "、".join(d.name for d in deputies)


def _opinion_handling(opinion) -> str:
    items = list(opinion.items.all())
    if items:
        item = items[0]
        return _("forwarded to %(department)s (%(state)s)") % {
            "department": item.lead_department.name if item.lead_department else "",
            "state": label(SupervisionItem.State, item.state),
        }
    return label(Opinion.State, opinion.state)


def _opinion_answer(opinion) -> str:
    if opinion.resolution:
        return opinion.resolution
    replies = [r for item in opinion.items.all() for r in item.replies.all()]
    return replies[-1].content if replies else ""


def _feedback(opinion) -> str:
    if not opinion.citizen_rating:
        return ""
    return f"{label(SatisfactionRating, opinion.citizen_rating)} {opinion.citizen_feedback}".strip()


@dataclass(frozen=True)
class Register:
    slug: str
    title: str
    rows: Callable  # (station, start, end, deputy) -> queryset
    columns: tuple  # (header, cell(record) -> value)

    def headers(self) -> list[str]:
        return [str(_("No.")), *[str(header) for header, _cell in self.columns]]

    def table(self, records) -> list[list]:
        return [[n, *[cell(r) for _h, cell in self.columns]] for n, r in enumerate(records, 1)]


def rows_html(table: list[list]) -> str:
    """The table body, each cell escaped. A register month can hold thousands of rows; the template
    engine's nested loop costs ten times more for the same escaped output."""
    return format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in table)
    )


REGISTERS = {
    r.slug: r
    for r in (
        Register(
            "activities",
            _("Deputy activity register"),
            selectors.register_activities,
            (
                (_("date"), lambda a: a.date),
                (_("kind"), lambda a: label(Activity.Kind, a.kind)),
                (_("activity"), lambda a: a.title),
                (_("attendees"), lambda a: _names(a.attendees_names)),
                (_("summary"), lambda a: a.summary),
            ),
        ),
        Register(
            "contacts",
            _("Register of deputies' contacts with constituents"),
            selectors.register_contacts,
            (
                (_("date"), lambda r: r.date),
                (_("received by"), lambda r: _names(r.receivers_names)),
                (pgettext_lazy("reception", "channel"), lambda r: label(Reception.Channel, r.channel)),
                (_("visitor"), lambda r: r.visitor_name),
                (_("people"), lambda r: r.visitor_count),
                (_("category"), lambda r: label(Category, r.category)),
                (_("what they raised"), lambda r: r.content),
                (_("what was done"), lambda r: r.action_taken),
                (_("opinions"), lambda r: r.n_opinions),
            ),
        ),
        Register(
            "duty-reports",
            _("Deputy duty report register"),
            selectors.register_duty_reports,
            (
                (_("date"), lambda d: d.date),
                (_("deputy"), lambda d: d.deputy.name),
                (_("venue"), lambda d: d.venue),
                (_("audience"), lambda d: d.audience),
                (_("report (述)"), lambda d: d.summary),
                (_("results shown (晒)"), lambda d: d.results),
                (_("voters' evaluation (评)"), voters_verdict),
            ),
        ),
        Register(
            "opinions",
            _("Register of opinions deputies raised or passed on"),
            selectors.register_opinions,
            (
                (_("date"), lambda o: o.date),
                (_("source"), lambda o: label(Opinion.Source, o.source)),
                (_("deputies"), lambda o: _names(o.reception.receivers_names) if o.reception_id else ""),
                (_("category"), lambda o: label(Category, o.category)),
                (_("opinion"), lambda o: o.content),
                (_("handling"), _opinion_handling),
                (_("answer"), _opinion_answer),
                (_("citizen's feedback"), _feedback),
            ),
        ),
    )
}

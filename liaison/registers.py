"""The four registers (四簿) as column definitions over records: one definition serves the page,
the printout and the Excel file, so the three never disagree."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors


def _names(deputies) -> str:
    return "、".join(d.name for d in deputies)


def _opinion_handling(opinion) -> str:
    items = list(opinion.items.all())
    if items:
        item = items[0]
        return _("forwarded to %(department)s (%(state)s)") % {
            "department": item.lead_department.name if item.lead_department else "",
            "state": item.get_state_display(),
        }
    return str(opinion.get_state_display())


def _opinion_answer(opinion) -> str:
    if opinion.resolution:
        return opinion.resolution
    replies = [r for item in opinion.items.all() for r in item.replies.all()]
    return replies[-1].content if replies else ""


def _feedback(opinion) -> str:
    if not opinion.citizen_rating:
        return ""
    return f"{opinion.get_citizen_rating_display()} {opinion.citizen_feedback}".strip()


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


REGISTERS = {
    r.slug: r
    for r in (
        Register(
            "activities",
            _("Deputy activity register"),
            selectors.register_activities,
            (
                (_("date"), lambda a: f"{a.date:%Y-%m-%d}"),
                (_("kind"), lambda a: a.get_kind_display()),
                (_("activity"), lambda a: a.title),
                (_("attendees"), lambda a: _names(a.attendees.all())),
                (_("summary"), lambda a: a.summary),
            ),
        ),
        Register(
            "contacts",
            _("Register of deputies' contacts with constituents"),
            selectors.register_contacts,
            (
                (_("date"), lambda r: f"{r.date:%Y-%m-%d}"),
                (_("received by"), lambda r: _names(r.receivers.all())),
                (_("channel"), lambda r: r.get_channel_display()),
                (_("visitor"), lambda r: r.visitor_name),
                (_("people"), lambda r: r.visitor_count),
                (_("category"), lambda r: r.get_category_display()),
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
                (_("date"), lambda d: f"{d.date:%Y-%m-%d}"),
                (_("deputy"), lambda d: d.deputy.name),
                (_("venue"), lambda d: d.venue),
                (_("audience"), lambda d: d.audience),
                (_("report (述)"), lambda d: d.summary),
                (_("results shown (晒)"), lambda d: d.results),
                (
                    _("voters' evaluation (评)"),
                    lambda d: " ".join(filter(None, [d.get_rating_display(), d.evaluation])),
                ),
            ),
        ),
        Register(
            "opinions",
            _("Register of opinions deputies raised or passed on"),
            selectors.register_opinions,
            (
                (_("date"), lambda o: f"{timezone.localtime(o.created_at):%Y-%m-%d}"),
                (_("source"), lambda o: o.get_source_display()),
                (_("deputies"), lambda o: _names(o.reception.receivers.all()) if o.reception_id else ""),
                (_("category"), lambda o: o.get_category_display()),
                (_("opinion"), lambda o: o.content),
                (_("handling"), _opinion_handling),
                (_("answer"), _opinion_answer),
                (_("citizen's feedback"), _feedback),
            ),
        ),
    )
}

"""The report as people read it: labelled sections for the page, the Excel workbook and the PDF —
one list of rows, so the three never disagree."""

from datetime import date

from django.utils.translation import gettext as _

from common.pdf import made_on, render_pdf
from common.xlsx import Sheet
from liaison.models import Category, Opinion, Reception
from livelihood.models import Project

from .models import MonthlyStatistics

TEMPLATE = "monthly_statistics/documents/statistics.html"
OPEN_STATES = (Opinion.State.NEW, Opinion.State.ACCEPTED, Opinion.State.FORWARDED)


def sections(figures: dict) -> list[dict]:
    """[{"title", "rows": [(label, number), ...]}, ...]; every channel, category and state is listed,
    zeros included, so two months' reports line up."""
    r, o, s = figures["receptions"], figures["opinions"], figures["shifts"]
    result = [
        {
            "title": _("Receptions"),
            "rows": [(_("number of receptions"), r["total"]), (_("people received"), r["people"])]
            + [
                (_("by channel: %s") % label, r["by_channel"].get(value, 0))
                for value, label in Reception.Channel.choices
            ]
            + [(_("by category: %s") % label, r["by_category"].get(value, 0)) for value, label in Category.choices],
        },
        {
            "title": _("Opinions received"),
            "rows": [(_("number of opinions"), o["total"])]
            + [(label, o["by_state"].get(value, 0)) for value, label in Opinion.State.choices],
        },
        {
            "title": _("Wednesday shifts"),
            "rows": [
                (_("shifts held"), s["total"]),
                (_("kept (a reception was logged)"), s["kept"]),
                (_("missed (no reception logged)"), s["missed"]),
            ],
        },
    ]
    if "projects" in figures:
        p, cards = figures["projects"], figures["cards"]
        result += [
            {
                "title": _("Monthly reports of livelihood projects"),
                "rows": [
                    (_("reports owed"), p["expected"]),
                    (_("reports in"), p["filed"]),
                    (_("of which late"), p["late"]),
                    (_("reports missing"), p["missing"]),
                ],
            },
            {
                "title": _("Cards given"),
                "rows": [(_("%s card") % label, cards.get(value, 0)) for value, label in Project.Card.choices],
            },
        ]
    return result


def station_row(report: MonthlyStatistics) -> dict:
    """One station's line in the month's table."""
    d = report.data
    return {
        "report": report,
        "receptions": d["receptions"]["total"],
        "people": d["receptions"]["people"],
        "opinions": d["opinions"]["total"],
        "open": sum(d["opinions"]["by_state"].get(state, 0) for state in OPEN_STATES),
        "kept": d["shifts"]["kept"],
        "missed": d["shifts"]["missed"],
    }


FIGURES = ("receptions", "people", "opinions", "open", "kept", "missed")


def sub_district_rows(stations: list[MonthlyStatistics]) -> list[dict]:
    """The month by sub-district (街道): each one's stations added up, then the whole zone; the
    stations' lines, the sub-districts' and the zone's add up to the same totals."""
    rows: dict = {}
    for report in stations:
        district = report.station.sub_district
        key = (district.order, district.name) if district else (10**6, str(_("no sub-district")))
        row = rows.setdefault(key, {"name": key[1], "stations": 0, **dict.fromkeys(FIGURES, 0)})
        row["stations"] += 1
        line = station_row(report)
        for figure in FIGURES:
            row[figure] += line[figure]
    ordered = [rows[key] for key in sorted(rows)]
    total = {"name": str(_("whole zone")), "stations": 0, **dict.fromkeys(FIGURES, 0), "is_total": True}
    for row in ordered:
        for figure in ("stations", *FIGURES):
            total[figure] += row[figure]
    return [*ordered, total] if ordered else []


def _station_headers() -> list[str]:
    return [
        _("station"),
        _("sub-district"),
        _("number of receptions"),
        _("people received"),
        _("number of opinions"),
        _("still open"),
        _("shifts kept"),
        _("shifts missed"),
    ]


def _station_cells(report: MonthlyStatistics) -> list:
    row = station_row(report)
    sub_district = report.station.sub_district.name if report.station.sub_district else ""
    return [
        report.station.name,
        sub_district,
        row["receptions"],
        row["people"],
        row["opinions"],
        row["open"],
        row["kept"],
        row["missed"],
    ]


def title(month: date, report: MonthlyStatistics) -> str:
    if report.station_id:
        return _("Statistics of %(station)s, %(month)s") % {"station": report.station.name, "month": f"{month:%Y-%m}"}
    return _("Statistics of the zone, %(month)s") % {"month": f"{month:%Y-%m}"}


def workbook(report: MonthlyStatistics, stations: list[MonthlyStatistics]) -> list[Sheet]:
    """The summary sheet, and for the zone one row per station with every channel and category."""
    heading = title(report.month, report)
    made = made_on(report.created_at)
    summary = Sheet(
        title=str(_("Summary")),
        headers=[_("section"), _("item"), _("count")],
        rows=[[section["title"], label, n] for section in sections(report.data) for label, n in section["rows"]],
        heading=heading,
        note=made,
    )
    if not stations:
        return [summary]
    channels, categories = Reception.Channel.choices, Category.choices
    per_station = Sheet(
        title=str(_("Stations")),
        headers=_station_headers() + [str(label) for _v, label in channels] + [str(label) for _v, label in categories],
        rows=[
            _station_cells(s)
            + [s.data["receptions"]["by_channel"].get(value, 0) for value, _l in channels]
            + [s.data["receptions"]["by_category"].get(value, 0) for value, _l in categories]
            for s in stations
        ],
        heading=heading,
        note=made,
    )
    by_district = Sheet(
        title=str(_("By sub-district")),
        headers=[_("sub-district"), _("stations"), *_station_headers()[2:]],
        rows=[[r["name"], r["stations"], *(r[f] for f in FIGURES)] for r in sub_district_rows(stations)],
        heading=heading,
        note=made,
    )
    return [summary, by_district, per_station]


def document(report: MonthlyStatistics, stations: list[MonthlyStatistics]) -> dict:
    """The context of the statistics' document (its page shows a page of ``stations`` at a time)."""
    return {
        "report": report,
        "title": title(report.month, report),
        "sections": sections(report.data),
        "rows": [station_row(s) for s in stations],
        "districts": sub_district_rows(stations),
    }


def pdf(report: MonthlyStatistics, stations: list[MonthlyStatistics]) -> bytes:
    """The statistics' page as a PDF: every station, not a page of them."""
    context = document(report, stations)
    return render_pdf(TEMPLATE, [context], title=context["title"], footer=made_on(report.created_at))

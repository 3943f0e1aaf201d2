"""Excel workbooks people open and print: a title and period row, a frozen header, widths sized for
Chinese text, real dates and numbers, A4 print setup — and no cell that Excel would run.

Written with openpyxl in write-only mode (rows stream out; memory stays flat for long registers).
Every text cell is written as text: openpyxl would otherwise store a value starting with "=" as a
formula, so a citizen's ``=HYPERLINK(…)`` would become a live link in staff's spreadsheet.
"""

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .responses import attachment_response

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters XML 1.0 (and so the xlsx format) cannot hold; openpyxl refuses them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
WIDTH_SAMPLE = 200  # rows read ahead to size the columns
MAX_WIDTH = 60


@dataclass
class Sheet:
    title: str  # the sheet's tab
    headers: Sequence[str]
    rows: Iterable[Sequence]
    heading: str = ""  # the title printed above the table
    period: str = ""  # e.g. 2026-11-01 — 2026-11-30
    note: str = ""  # one more line under the period (who made it, when)


def text_width(value) -> int:
    """Columns a value takes on screen: a Chinese character is two."""
    if isinstance(value, date | datetime):
        return 16 if isinstance(value, datetime) else 10
    text = str(value if value is not None else "")
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _cell(ws, value, *, bold=False, fill=None):
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
    elif isinstance(value, int | float | Decimal):
        cell = WriteOnlyCell(ws, value=value)
    else:
        cell = WriteOnlyCell(ws, value=ILLEGAL.sub("", "" if value is None else str(value)))
        cell.data_type = "s"  # text, never a formula, whatever it starts with
        if "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = fill
    return cell


def sheet_name(title: str, taken: set[str]) -> str:
    name = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as one .xlsx file."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    header_fill = PatternFill("solid", fgColor="EEEEEE")
    for sheet in sheets:
        ws = book.create_sheet(sheet_name(sheet.title, taken))
        rows = iter(sheet.rows)
        sample = list(islice(rows, WIDTH_SAMPLE))
        widths = [text_width(h) for h in sheet.headers]
        for row in sample:
            for i, value in enumerate(row):
                if i < len(widths):
                    widths[i] = max(widths[i], text_width(value))
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 6), MAX_WIDTH)
        lines = [line for line in (sheet.heading, sheet.period, sheet.note) if line]
        header_row = len(lines) + (2 if lines else 1)
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.orientation = "landscape" if sum(widths) > 100 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for n, line in enumerate(lines):
            title = _cell(ws, line, bold=True)
            if n == 0 and sheet.heading:
                title.font = Font(bold=True, size=14)
            ws.append([title])
        if lines:
            ws.append([])
        ws.append([_cell(ws, h, bold=True, fill=header_fill) for h in sheet.headers])
        for row in (*sample, *rows):
            ws.append([_cell(ws, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets: Iterable[Sheet], filename: str) -> HttpResponse:
    return attachment_response(workbook(sheets), filename, CONTENT_TYPE)

"""Reading back the portal's Excel files in tests."""

import io

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def table(sheet) -> list[tuple]:
    """The header row and the rows under it (the title and period lines above are skipped): the
    header is the row just above the frozen pane."""
    _column, first_data_row = coordinate_from_string(sheet.freeze_panes)
    return list(sheet.iter_rows(min_row=first_data_row - 1, values_only=True))


def first_table(content: bytes) -> list[tuple]:
    return table(workbook(content).active)

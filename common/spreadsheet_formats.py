"""django-import-export's file formats, made safe for what staff export from the admin (the roster).

Its XLSX writes a cell starting with "=" as a formula and its CSV writes it as is, which Excel then
runs. Here XLSX goes through ``common.xlsx`` (every text cell is text) and CSV prefixes a cell that
would start a formula with an apostrophe, as OWASP's advice on CSV injection says.
"""

from import_export.formats.base_formats import CSV, XLSX

from .xlsx import Sheet, workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """A CSV cell that cannot start a formula: ``=1+2`` becomes ``'=1+2``; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        return workbook(
            [Sheet(title=dataset.title or "Sheet", headers=[str(h) for h in dataset.headers or []], rows=list(dataset))]
        )


class SafeCSV(CSV):
    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            safe.append([defuse(cell) for cell in row])
        return super().export_data(safe, **kwargs)

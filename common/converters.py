"""Path converters for the portal's addresses: a malformed or out-of-range part is a 404, never a
query the database refuses (a 500).

Django's ``int`` converter takes any run of digits, so ``/items/99999999999999999999/`` reaches
PostgreSQL, whose bigint cannot hold it; ``<id:pk>`` stops at 18 digits. ``<year:year>`` takes
the years the portal keeps records for, so ``date(year, 1, 1)`` always exists.
"""

from datetime import date

from django.urls import register_converter

# The years a record of the portal can belong to: wide enough for any archive, narrow enough that
# every date arithmetic on them stays inside what Python's date and PostgreSQL accept.
MIN_YEAR, MAX_YEAR = 2000, 2099


class IdConverter:
    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(value)  # the pattern does not match: 404
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    """``2026-10`` in the address, the first day of that month in the view."""

    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> date:
        year, month = value.split("-")
        return date(YearConverter().to_python(year), int(month), 1)

    def to_url(self, value) -> str:
        return value if isinstance(value, str) else f"{value:%Y-%m}"


class MonthNumberConverter:
    """A month of the year, 1 to 12 (``<month_no:month>``): anything else is a 404."""

    regex = r"0?[1-9]|1[0-2]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class TokenConverter:
    """A secret token in an address (a calendar feed): URL-safe base64 only, so a NUL byte or any
    other character never reaches the database."""

    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
    register_converter(YearConverter, "year")
    register_converter(MonthConverter, "month")
    register_converter(MonthNumberConverter, "month_no")
    register_converter(TokenConverter, "token")

"""Liaison stations' records, by subject; every model is importable from ``liaison.models``."""

from .contacts import (
    TRACKING_ALPHABET,
    Category,
    Opinion,
    Reception,
    new_tracking_code,
    normal_code,
    tracking_digests,
)
from .places import Station, StationMember, SubDistrict
from .rota import Holiday, HolidayYear, ReceptionShift, ShiftAssignment, ShiftFeed, ShiftSwap, new_feed_token
from .station_work import (
    Activity,
    ArchiveEntry,
    ArchiveFile,
    Consultation,
    SpecialReport,
    StationMonthCount,
    archive_path,
)

__all__ = [
    "Activity",
    "ArchiveEntry",
    "ArchiveFile",
    "Category",
    "Consultation",
    "Holiday",
    "HolidayYear",
    "Opinion",
    "Reception",
    "ReceptionShift",
    "ShiftAssignment",
    "ShiftFeed",
    "ShiftSwap",
    "SpecialReport",
    "StationMonthCount",
    "Station",
    "StationMember",
    "SubDistrict",
    "TRACKING_ALPHABET",
    "archive_path",
    "new_feed_token",
    "new_tracking_code",
    "tracking_digests",
    "normal_code",
]

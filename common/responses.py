"""Downloads: a name people recognise (Chinese, with the local date), the right type, never sniffed."""

import re
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

PDF = "application/pdf"


def download_name(*parts: str, extension: str) -> str:
    """A file name from its parts and today's local date: 联系群众登记簿-某站-20261124.xlsx."""
    # characters no file system takes, control characters, and the direction marks (U+202E …) that
    # would show "报告\u202exslx.exe" as "报告exe.xlsx"
    cleaned = [
        re.sub(r'[\\/:*?"<>|\x00-\x1f\u200e\u200f\u202a-\u202e\u2066-\u2069]+', " ", str(p)).strip() for p in parts if p
    ]
    return "-".join([*filter(None, cleaned), f"{timezone.localdate():%Y%m%d}"]) + f".{extension}"


def attachment_response(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A download with its name in UTF-8 (RFC 6266), so Chinese names survive every browser."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (staff print it from there), with a name to save it under."""
    return attachment_response(content, filename, PDF, inline=True)

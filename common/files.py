"""Serving stored files (archive images, reply attachments) through a permission-checked view.

The type sent is the one fixed when the file was saved, from its content (``uploads.content_type_of``);
only images are shown in the browser, everything else is downloaded; the browser may not sniff
another type, and the file runs nothing even if opened directly (a sandboxing policy of its own).
"""

import re

from django.http import FileResponse

from .uploads import IMAGE_TYPES, UNKNOWN, extension_of

FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def download_name(label: str, stored_name: str) -> str:
    """What the browser saves the file as: the label people gave it, with the stored file's real
    extension (a caption ``p.js`` on a GIF saves as ``p.js.gif``)."""
    extension = extension_of(stored_name)
    base = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", label or "").strip() or stored_name.rsplit("/", 1)[-1]
    if extension and extension_of(base) != extension:
        base = f"{base}.{extension}"
    return base


def stored_file_response(field_file, *, label: str, content_type: str) -> FileResponse:
    content_type = content_type or UNKNOWN
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=content_type not in IMAGE_TYPES,
        filename=download_name(label, field_file.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response

"""Uploads the portal accepts: images, PDF and office documents up to 20 MB.

Checked by extension and by the file's first bytes, so a renamed executable is refused too.
Shared by every app that stores files (archive entries, reply attachments, report photos).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (((0, b"RIFF"), (8, b"WEBP")),),  # a RIFF container is a WebP only with WEBP at byte 8
    "pdf": (b"%PDF",),
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "doc": OLE,
    "xls": OLE,
    "ppt": OLE,
    "wps": OLE,
    "et": OLE,
}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}


def is_a(extension: str, head: bytes) -> bool:
    """Whether the first bytes ``head`` are a file of kind ``extension``: a signature is a prefix, or
    (offset, bytes) pairs that must all be there."""
    for signature in SIGNATURES[extension]:
        if isinstance(signature, bytes):
            if head.startswith(signature):
                return True
        elif all(head[offset : offset + len(part)] == part for offset, part in signature):
            return True
    return False


CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
}
IMAGE_TYPES = {CONTENT_TYPES[e] for e in IMAGE_EXTENSIONS}
# A stored file whose content matches none of the above is served as bytes to download, never shown.
UNKNOWN = "application/octet-stream"


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type_of(file) -> str:
    """The type of a stored file, from its first bytes: the type its extension names if the content
    is that kind of file, else ``application/octet-stream``. Never guessed from a caption or a name
    a person typed. Called when the file is saved; the result is kept with it."""
    extension = extension_of(getattr(file, "name", "") or "")
    if extension not in SIGNATURES:
        return UNKNOWN
    try:
        file.open("rb")
        position = file.tell()
        file.seek(0)
        head = file.read(16)
        file.seek(position)
    except (OSError, ValueError):
        return UNKNOWN
    if isinstance(head, str):
        head = head.encode()
    return CONTENT_TYPES[extension] if is_a(extension, head) else UNKNOWN


def validate_upload(file) -> None:
    """Refuse anything that is not an image, a PDF or an office file, or is over 20 MB."""
    name = getattr(file, "name", "") or ""
    extension = extension_of(name)
    if extension not in SIGNATURES:
        raise ValidationError(
            _("“%(name)s” is not an image, PDF or office document. Allowed: %(allowed)s."),
            code="file_type",
            params={"name": name.rsplit("/", 1)[-1], "allowed": ", ".join(sorted(SIGNATURES))},
        )
    size = getattr(file, "size", 0) or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most 20 MB."),
            code="file_size",
            params={"name": name.rsplit("/", 1)[-1], "size": filesizeformat(size)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if not is_a(extension, head):
        raise ValidationError(
            _("“%(name)s” does not look like a real %(extension)s file."),
            code="file_content",
            params={"name": name.rsplit("/", 1)[-1], "extension": extension.upper()},
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each validated (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for f in cleaned:
            validate_upload(f)
        return cleaned

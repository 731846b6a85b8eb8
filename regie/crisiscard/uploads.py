"""Validated uploads (scanned signatures): size limit, type decided by content.

The file's name and the browser's content type are never trusted: the first
bytes decide. Stored through the default storage under MEDIA_ROOT, which is
outside the web root (no MEDIA_URL is served); files leave only through
access-checked views with `Content-Disposition: attachment` and nosniff.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .services.errors import CrisisCardError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    magic: bytes


ALLOWED_TYPES = (
    FileType("pdf", "application/pdf", b"%PDF-"),
    FileType("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    FileType("jpg", "image/jpeg", b"\xff\xd8\xff"),
)
CONTENT_TYPES = {t.extension: t.content_type for t in ALLOWED_TYPES}


def sniff(head: bytes) -> FileType | None:
    """The allowed type whose magic bytes start `head`, or None."""
    for file_type in ALLOWED_TYPES:
        if head.startswith(file_type.magic):
            return file_type
    return None


def validate_scan(file: UploadedFile) -> FileType:
    """Check size and content; raise CrisisCardError with a message for the user."""
    if file.size is None or file.size == 0:
        raise CrisisCardError(_("The file is empty. Choose the scan again."))
    if file.size > MAX_UPLOAD_BYTES:
        raise CrisisCardError(
            _("The file is too big (at most 5 MB). Scan at a lower resolution and try again.")
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    file_type = sniff(head)
    if file_type is None:
        raise CrisisCardError(
            _("This file is not a PDF, PNG or JPEG. Upload the scan as one of those.")
        )
    return file_type


def content_type_for(name: str) -> str:
    """The content type of a stored scan, from the extension we gave it ourselves."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")

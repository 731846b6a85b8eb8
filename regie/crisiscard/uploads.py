"""Validated uploads (scanned signatures): size limit, type decided by content.

The file's name and the browser's content type are never trusted: the first
bytes decide (`regie.core.uploads`), and the stored name carries the
detected type's extension. Stored through the default storage under
MEDIA_ROOT, which is outside the web root (no MEDIA_URL is served); files
leave only through access-checked views with `Content-Disposition:
attachment` and nosniff.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from regie.core import uploads
from regie.core.uploads import FileKind

from .services.errors import CrisisCardError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def validate_scan(file: UploadedFile) -> FileKind:
    """Check size and content; raise CrisisCardError with a message for the user."""
    if file.size is None or file.size == 0:
        raise CrisisCardError(_("The file is empty. Choose the scan again."), field="file")
    if file.size > MAX_UPLOAD_BYTES:
        raise CrisisCardError(
            _("The file is too big (at most 5 MB). Scan at a lower resolution and try again."),
            field="file",
        )
    kind = uploads.detect(file, uploads.SCANS)
    if kind is not None:
        return kind
    if uploads.is_markup(file):
        raise CrisisCardError(uploads.MARKUP_REFUSED, field="file")
    raise CrisisCardError(
        _("This file is not a PDF, PNG or JPEG. Upload the scan as one of those."), field="file"
    )


def content_type_for(name: str) -> str:
    """The content type of a stored scan, from the extension we gave it ourselves."""
    kind = uploads.kind_for_name(name)
    return kind.content_type if kind is not None else "application/octet-stream"

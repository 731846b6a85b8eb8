"""Validated uploads of communication materials: size limit, type by content.

PDF, PNG, JPEG, Word (.docx) and PowerPoint (.pptx) are recognised by
content in `regie.core.uploads`, which also makes the stored and downloaded
name follow the detected type. The file name and the browser's content type
are never trusted.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from regie.core import uploads
from regie.core.uploads import FileKind

from ..errors import CoordinationError

MAX_MATERIAL_BYTES = 20 * 1024 * 1024


class UploadRefused(CoordinationError):
    """The file itself is refused (empty, too big, or a type we do not take)."""

    field = "file"


def validate_material(file: UploadedFile) -> FileKind:
    """Check size and content; raise UploadRefused with a message for the user."""
    if file.size is None or file.size == 0:
        raise UploadRefused(_("The file is empty. Choose the file again."))
    if file.size > MAX_MATERIAL_BYTES:
        raise UploadRefused(_("The file is too big (at most 20 MB)."))
    kind = uploads.detect(file, uploads.DOCUMENTS)
    if kind is not None:
        return kind
    if uploads.is_markup(file):
        raise UploadRefused(uploads.MARKUP_REFUSED)
    raise UploadRefused(
        _(
            "This kind of file cannot be added. Upload a PDF, PNG, JPEG, "
            "Word (.docx) or PowerPoint (.pptx) file."
        )
    )

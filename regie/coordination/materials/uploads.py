"""Validated uploads of communication materials: size limit, type by content.

PDF, PNG and JPEG are recognised by the same magic bytes as scanned
signatures (regie.crisiscard.uploads.sniff). Word and PowerPoint files
(.docx, .pptx) are ZIP packages: we read the ZIP's table of contents (never
extract) and require `[Content_Types].xml` plus the `word/` or `ppt/` part.
The file name and the browser's content type are never trusted.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from regie.crisiscard.uploads import sniff

from ..errors import CoordinationError

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class UploadRefused(CoordinationError):
    """The file itself is refused (empty, too big, or a type we do not take)."""

    field = "file"


@dataclass(frozen=True)
class MaterialType:
    extension: str
    content_type: str


DOCX = MaterialType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
PPTX = MaterialType(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
_OFFICE_PARTS = ((DOCX, "word/document.xml"), (PPTX, "ppt/presentation.xml"))


def _office_type(file: UploadedFile) -> MaterialType | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for material_type, part in _OFFICE_PARTS:
        if part in names:
            return material_type
    return None


def validate_material(file: UploadedFile) -> MaterialType:
    """Check size and content; raise CoordinationError with a message for the user."""
    if file.size is None or file.size == 0:
        raise UploadRefused(_("The file is empty. Choose the file again."))
    if file.size > MAX_MATERIAL_BYTES:
        raise UploadRefused(_("The file is too big (at most 20 MB)."))
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    simple = sniff(head)
    if simple is not None:
        return MaterialType(simple.extension, simple.content_type)
    if head.startswith(ZIP_MAGIC):
        office = _office_type(file)
        if office is not None:
            return office
    raise UploadRefused(
        _(
            "This kind of file cannot be added. Upload a PDF, PNG, JPEG, "
            "Word (.docx) or PowerPoint (.pptx) file."
        )
    )

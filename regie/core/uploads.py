"""Uploaded files: the type is decided by content, and the name follows the type.

Every upload in Regie (materials, scanned signatures) goes through here. The
first bytes decide what a file is (PDF, PNG and JPEG by their magic bytes;
Word and PowerPoint by the ZIP package's table of contents, never
extracted); the browser's content type is never trusted. The name we store
and offer for download is `<slugified stem>.<extension of the detected
type>`: a PDF sent as `leaflet.html` or `run.bat` leaves as `leaflet.pdf`,
so no browser or operating system treats it as something it is not. Web
pages and SVG images are refused outright: they can carry scripts.
Downloads are attachments with the detected content type and nosniff.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

MAX_STEM = 80
HEAD_BYTES = 512
ZIP_MAGIC = b"PK\x03\x04"
MARKUP_REFUSED = _(
    "Web pages and SVG images cannot be added, because they can contain code that runs "
    "in a browser. Save the file as PDF, PNG or JPEG and upload that."
)


@dataclass(frozen=True)
class FileKind:
    """A type of file we accept: its extension and content type, and how to see it."""

    extension: str
    content_type: str
    magic: bytes = b""  # starts the file; empty for ZIP packages (see `part`)
    part: str = ""  # the part a ZIP package must hold (Office files)


PDF = FileKind("pdf", "application/pdf", magic=b"%PDF-")
PNG = FileKind("png", "image/png", magic=b"\x89PNG\r\n\x1a\n")
JPEG = FileKind("jpg", "image/jpeg", magic=b"\xff\xd8\xff")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    part="word/document.xml",
)
PPTX = FileKind(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    part="ppt/presentation.xml",
)
SCANS = (PDF, PNG, JPEG)
DOCUMENTS = (PDF, PNG, JPEG, DOCX, PPTX)
KINDS = DOCUMENTS


def _head(file: IO[bytes] | UploadedFile, size: int = HEAD_BYTES) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head if isinstance(head, bytes) else bytes(head)


def _zip_parts(file: IO[bytes] | UploadedFile) -> set[str]:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            return set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        file.seek(0)


def detect(file: IO[bytes] | UploadedFile, allowed: Iterable[FileKind] = KINDS) -> FileKind | None:
    """The allowed kind this file's content is, or None (the name plays no part)."""
    head = _head(file)
    kinds = tuple(allowed)
    for kind in kinds:
        if kind.magic and head.startswith(kind.magic):
            return kind
    packaged = [kind for kind in kinds if kind.part]
    if packaged and head.startswith(ZIP_MAGIC):
        parts = _zip_parts(file)
        if "[Content_Types].xml" in parts:
            for kind in packaged:
                if kind.part in parts:
                    return kind
    return None


def is_markup(file: IO[bytes] | UploadedFile) -> bool:
    """True for content that starts like HTML, XML or SVG (after a BOM and blanks)."""
    head = _head(file).lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at the text
        head = head.decode("utf-16", errors="ignore").lstrip("\ufeff \t\r\n").encode()
    return head.startswith(b"<")


def kind_for_content_type(content_type: str) -> FileKind | None:
    return next((kind for kind in KINDS if kind.content_type == content_type), None)


def kind_for_name(name: str) -> FileKind | None:
    """The kind of a file we stored ourselves, from the extension we gave it."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((kind for kind in KINDS if kind.extension == extension), None)


def safe_name(original: str, kind: FileKind | None, *, fallback: str = "file") -> str:
    """`<slugified stem>.<extension of kind>`: the name we store and offer for download.

    The uploader's folders and own extension are dropped ("../x/Leaflet.html"
    sent as a PDF becomes "leaflet.pdf"); without a known kind there is no
    extension at all.
    """
    base = original.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    slug = slugify(stem)[:MAX_STEM].strip("-_") or slugify(fallback) or "file"
    return f"{slug}.{kind.extension}" if kind is not None else slug


def attachment(handle: Any, *, filename: str, kind: FileKind | None) -> FileResponse:
    """A download: an attachment named `filename` (made safe for `kind`), with nosniff."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_name(filename, kind),
        content_type=kind.content_type if kind is not None else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

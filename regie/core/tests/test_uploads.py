"""The shared upload rules: type by content, a safe name that follows the type."""

from __future__ import annotations

import io
import zipfile

import pytest

from regie.core import uploads

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def office(part: str) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (io.BytesIO(PDF), uploads.PDF),
        (io.BytesIO(PNG), uploads.PNG),
        (io.BytesIO(b"\xff\xd8\xff\xe0rest"), uploads.JPEG),
        (office("word/document.xml"), uploads.DOCX),
        (office("ppt/presentation.xml"), uploads.PPTX),
        (office("xl/workbook.xml"), None),
        (io.BytesIO(b"<svg/>"), None),
        (io.BytesIO(b"MZ\x90\x00"), None),
    ],
)
def test_the_content_decides_the_kind(content, kind):
    assert uploads.detect(content) == kind
    assert content.tell() == 0  # the file is left where it started


def test_only_the_allowed_kinds_are_detected():
    assert uploads.detect(office("word/document.xml"), uploads.SCANS) is None


@pytest.mark.parametrize(
    "head", [b"<html>", b"  \n<svg/>", b"\xef\xbb\xbf<?xml?>", "<svg/>".encode("utf-16")]
)
def test_markup_is_recognised(head):
    assert uploads.is_markup(io.BytesIO(head))


@pytest.mark.parametrize(
    ("original", "kind", "safe"),
    [
        ("leaflet.html", uploads.PDF, "leaflet.pdf"),
        ("run.bat", uploads.PDF, "run.pdf"),
        ("C:\\Users\\x\\Folder Politie.hta", uploads.PDF, "folder-politie.pdf"),
        ("../../pic.svg", uploads.PNG, "pic.png"),
        ("report.pdf.exe", uploads.PDF, "reportpdf.pdf"),
        (".htaccess", uploads.PDF, "htaccess.pdf"),
        ("<>.html", uploads.PNG, "file.png"),
        ("no extension", None, "no-extension"),
    ],
)
def test_the_safe_name_is_a_slug_with_the_detected_extension(original, kind, safe):
    assert uploads.safe_name(original, kind) == safe

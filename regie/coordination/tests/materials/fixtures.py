"""Helpers for the materials tests (and the permission matrix)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from regie.coordination.materials.models import (
    Material,
    MaterialAudience,
    MaterialKind,
    MaterialVersion,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "folder.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_upload(part: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def material(
    world,
    *,
    region=None,
    audience: str = MaterialAudience.STAFF,
    title: str = "Folder crisiskaart",
    shared: bool = False,
) -> Material:
    item = Material.objects.create(
        region=None if shared else (region or world.region),
        title=title,
        kind=MaterialKind.FOLDER,
        audience=audience,
        created_by=world.people["coordinator"],
    )
    version = MaterialVersion(
        material=item,
        number=1,
        original_name="folder.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=world.people["coordinator"],
    )
    version.file.save("test-folder.pdf", pdf_upload(), save=False)
    version.save()
    return item

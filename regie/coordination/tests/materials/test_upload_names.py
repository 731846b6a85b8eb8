"""A material's stored and downloaded name follows its content, never the name it was sent with."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regie.coordination.materials.models import Material

from .fixtures import PDF_BYTES

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def add(world, name: str, content: bytes, title: str = "Folder politie"):
    return world.client_for("coordinator").post(
        reverse("coordination:material_add", args=[world.region.slug]),
        {
            "title": title,
            "kind": "folder",
            "audience": "staff",
            "description": "Voor de wijkagent",
            "file": SimpleUploadedFile(name, content, content_type="text/html"),
        },
    )


def download(world, item: Material):
    return world.client_for("consultant").get(
        reverse("coordination:material_download", args=[item.uuid, 1])
    )


@pytest.mark.parametrize(
    ("name", "content", "stored", "content_type"),
    [
        ("leaflet.html", PDF_BYTES, "leaflet.pdf", "application/pdf"),
        ("leaflet.bat", PDF_BYTES, "leaflet.pdf", "application/pdf"),
        ("Leaflet.HTA", PDF_BYTES, "leaflet.pdf", "application/pdf"),
        ("../x/pic.svg", PNG_BYTES, "pic.png", "image/png"),
    ],
)
def test_the_name_follows_the_detected_type(world, name, content, stored, content_type):
    assert add(world, name, content).status_code == 302
    version = Material.objects.get(title="Folder politie").versions.get()
    assert version.original_name == stored
    assert version.file.name.endswith("." + stored.rsplit(".", 1)[1])
    response = download(world, version.material)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_old_version_stored_under_a_dangerous_name_downloads_safely(world):
    assert add(world, "leaflet.pdf", PDF_BYTES).status_code == 302
    version = Material.objects.get(title="Folder politie").versions.get()
    version.original_name = "leaflet.hta"  # as stored before names followed the type
    version.save(update_fields=["original_name"])
    response = download(world, version.material)
    assert response["Content-Disposition"] == 'attachment; filename="leaflet.pdf"'


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b'\xef\xbb\xbf\n  <svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
        b'<?xml version="1.0"?><svg/>',
    ],
)
def test_web_pages_and_svg_are_refused_and_the_form_keeps_the_rest(world, content):
    response = add(world, "leaflet.pdf", content, title="Mijn folder")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Webpagina" in page or "Web pages and SVG images cannot be added" in page
    assert 'value="Mijn folder"' in page
    assert "Voor de wijkagent" in page
    assert not Material.objects.filter(title="Mijn folder").exists()

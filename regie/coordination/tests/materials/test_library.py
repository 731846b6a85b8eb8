"""Communication materials: who sees what, versions, uploads checked by content,
downloads as attachments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regie.coordination.materials.models import Material, MaterialAudience, MaterialVersion

from ..sessions.fixtures import hbo_consultant
from .fixtures import PDF_BYTES, material, office_upload, pdf_upload

pytestmark = pytest.mark.django_db


def titles(client) -> str:
    return client.get(reverse("coordination:material_list")).content.decode()


def test_each_audience_sees_what_it_may(world):
    material(world, title="Voor iedereen", audience=MaterialAudience.STAFF)
    material(world, title="Voor presentatoren", audience=MaterialAudience.PRESENTERS)
    material(world, title="Alleen coordinatoren", audience=MaterialAudience.COORDINATORS)
    material(world, title="Landelijk", audience=MaterialAudience.STAFF, shared=True)
    material(world, title="Uit Zuid", region=world.other_region)
    hbo = hbo_consultant(world)
    hbo_client = world.client_for("anonymous")
    hbo_client.force_login(hbo.user)

    mbo = titles(world.client_for("consultant"))
    assert "Voor iedereen" in mbo and "Landelijk" in mbo
    assert "Voor presentatoren" not in mbo and "Alleen coordinatoren" not in mbo
    assert "Uit Zuid" not in mbo

    presenter = titles(hbo_client)
    assert "Voor presentatoren" in presenter
    assert "Alleen coordinatoren" not in presenter

    coordinator = titles(world.client_for("coordinator"))
    for title in ("Voor iedereen", "Voor presentatoren", "Alleen coordinatoren", "Landelijk"):
        assert title in coordinator
    assert "Uit Zuid" not in coordinator

    other = titles(world.client_for("coordinator_other_region"))
    assert "Landelijk" in other and "Uit Zuid" in other
    assert "Voor iedereen" not in other


def test_a_material_outside_the_audience_is_404_also_for_download(world):
    hidden = material(world, audience=MaterialAudience.COORDINATORS)
    client = world.client_for("consultant")
    assert (
        client.get(reverse("coordination:material_detail", args=[hidden.uuid])).status_code == 404
    )
    url = reverse("coordination:material_download", args=[hidden.uuid, 1])
    assert client.get(url).status_code == 404
    other = world.client_for("coordinator_other_region")
    assert other.get(url).status_code == 404
    assert world.client_for("coordinator").get(url).status_code == 200


def test_people_without_a_consultant_or_coordinator_role_have_no_library(world):
    for persona in ("peer_expert", "participant", "administrator"):
        client = world.client_for(persona)
        assert client.get(reverse("coordination:material_list")).status_code == 404


def test_download_is_an_attachment_with_nosniff(world):
    item = material(world)
    response = world.client_for("consultant").get(
        reverse("coordination:material_download", args=[item.uuid, 1])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="folder.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_coordinator_adds_a_material_and_a_new_version(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:material_add", args=[world.region.slug]),
        {
            "title": "Folder politie",
            "kind": "folder",
            "audience": "staff",
            "file": pdf_upload("../../etc/Folder Politie.pdf"),
        },
    )
    assert response.status_code == 302
    item = Material.objects.get(title="Folder politie")
    assert item.region == world.region
    first = item.versions.get()
    assert first.original_name == "folder-politie.pdf"  # slugified, the detected type's extension
    assert not first.file.name.endswith("Folder Politie.pdf")  # our own storage name
    response = client.post(
        reverse("coordination:material_upload", args=[item.uuid]),
        {"file": office_upload("ppt/presentation.xml", "dia's.pptx"), "note": "Nieuwe dia's"},
    )
    assert response.status_code == 302
    second = item.versions.get(number=2)
    assert second.content_type.endswith("presentationml.presentation")
    page = client.get(reverse("coordination:material_detail", args=[item.uuid])).content.decode()
    assert "Nieuwe dia" in page
    assert reverse("coordination:material_download", args=[item.uuid, 1]) in page


def test_sharing_with_every_region_leaves_the_region_empty(world):
    world.client_for("coordinator").post(
        reverse("coordination:material_add", args=[world.region.slug]),
        {
            "title": "Landelijk artikel",
            "kind": "article",
            "audience": "staff",
            "all_regions": "on",
            "file": office_upload("word/document.xml", "artikel.docx"),
        },
    )
    assert Material.objects.get().region is None


def test_a_file_of_another_type_is_refused_with_a_clear_message(world):
    item = material(world)
    client = world.client_for("coordinator")
    for upload, message in (
        (pdf_upload("virus.pdf", b"MZ\x90\x00this is not a pdf"), "This kind of file cannot"),
        (pdf_upload("page.pdf", b"<html><script>alert(1)</script></html>"), "Web pages and SVG"),
        (office_upload("other/thing.xml", "fake.docx"), "This kind of file cannot"),
    ):
        response = client.post(
            reverse("coordination:material_upload", args=[item.uuid]), {"file": upload}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert MaterialVersion.objects.filter(material=item).count() == 1


def test_an_empty_file_is_refused(world):
    response = world.client_for("coordinator").post(
        reverse("coordination:material_add", args=[world.region.slug]),
        {"title": "Leeg", "kind": "folder", "audience": "staff", "file": pdf_upload("a.pdf", b"")},
    )
    assert response.status_code == 200
    assert not Material.objects.exists()


def test_consultants_cannot_add_or_upload(world):
    item = material(world)
    client = world.client_for("consultant")
    url = reverse("coordination:material_upload", args=[item.uuid])
    assert client.post(url, {"file": pdf_upload()}).status_code == 404
    add = reverse("coordination:material_add", args=[world.region.slug])
    assert (
        client.post(add, {"title": "x", "kind": "folder", "audience": "staff"}).status_code == 404
    )
    assert MaterialVersion.objects.count() == 1


def test_the_other_regions_coordinator_cannot_upload_to_this_region(world):
    item = material(world)
    client = world.client_for("coordinator_other_region")
    url = reverse("coordination:material_upload", args=[item.uuid])
    assert client.post(url, {"file": pdf_upload()}).status_code == 404


def test_the_list_has_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for("consultant")
    material(world, title="Eerste")
    with django_assert_max_num_queries(30) as captured:
        client.get(reverse("coordination:material_list"))
    baseline = len(captured)
    for i in range(6):
        material(world, title=f"Extra {i}")
    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("coordination:material_list")).content.decode()
    assert "Extra 5" in page


def test_a_coordinator_archives_after_confirming_and_restores(world):
    item = material(world, title="Oude folder")
    client = world.client_for("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("coordination:material_archive", args=[item.uuid])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Yes, archive the material" in confirm.content.decode()
    item.refresh_from_db()
    assert not item.archived  # asking changes nothing
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.archived
    consultant_list = titles(world.client_for("consultant"))
    assert "Oude folder" not in consultant_list
    coordinator_list = titles(client)
    assert "Archived materials" in coordinator_list and "Oude folder" in coordinator_list
    assert client.post(url).status_code == 400  # archived already
    response = client.post(reverse("coordination:material_restore", args=[item.uuid]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.archived
    assert "Oude folder" in titles(world.client_for("consultant"))


def test_only_the_regions_coordinators_archive_and_restore(world):
    item = material(world, title="Folder Noord")
    archive = reverse("coordination:material_archive", args=[item.uuid])
    restore = reverse("coordination:material_restore", args=[item.uuid])
    for persona in ("consultant", "coordinator_other_region", "case_director"):
        client = world.client_for(persona)
        assert client.post(archive).status_code == 404
    item.archived = True
    item.save()
    for persona in ("consultant", "coordinator_other_region", "case_director"):
        assert world.client_for(persona).post(restore).status_code == 404
    assert world.client_for("coordinator").get(restore).status_code == 405
    item.refresh_from_db()
    assert item.archived


def test_the_archived_section_is_for_coordinators_and_their_regions_only(
    world, django_assert_max_num_queries
):
    for n in range(3):
        material(world, title=f"Gearchiveerd {n}")
    material(world, title="Zuid gearchiveerd", region=world.other_region)
    Material.objects.filter(title__contains="earchiveerd").update(archived=True)
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(12):
        page = titles(client)
    assert all(f"Gearchiveerd {n}" in page for n in range(3))
    assert "Zuid gearchiveerd" not in page
    consultant_page = titles(world.client_for("consultant"))
    assert "Gearchiveerd 0" not in consultant_page
    assert "Archived materials" not in consultant_page


def test_an_archived_material_shows_a_restore_button_to_its_coordinator(world):
    item = material(world, title="Oude folder")
    Material.objects.filter(pk=item.pk).update(archived=True)
    url = reverse("coordination:material_detail", args=[item.uuid])
    client = world.client_for("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(url).content.decode()
    assert reverse("coordination:material_restore", args=[item.uuid]) in page
    assert reverse("coordination:material_archive", args=[item.uuid]) not in page
    consultant = world.client_for("consultant")
    assert reverse("coordination:material_restore", args=[item.uuid]) not in (
        consultant.get(url).content.decode()
    )

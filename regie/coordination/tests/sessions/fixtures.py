"""Helpers for the sessions and materials tests (and the permission matrix)."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from regie.coordination.materials.models import (
    Material,
    MaterialAudience,
    MaterialKind,
    MaterialVersion,
)
from regie.coordination.sessions.models import AudienceKind, InformationSession, SessionStatus
from regie.people.models import ConsultantLevel, Person, Role
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
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


def hbo_consultant(world, *, region=None, email: str = "hbo@regie.example") -> Person:
    region = region or world.region
    person = PersonFactory(with_login=True, email=email, first_name="Hanna", last_name="Bakker")
    RoleAssignmentFactory(
        person=person, role=Role.CONSULTANT, region=region, organisation=world.licence_holder
    )
    qualification = ConsultantQualificationFactory(person=person, level=ConsultantLevel.HBO)
    qualification.regions.add(region)
    return person


def session(
    world,
    *,
    region=None,
    presenter: Person | None = None,
    status: str | None = None,
    starts_in: datetime.timedelta = datetime.timedelta(days=7),
    topic: str = "Voorlichting wijkteam",
) -> InformationSession:
    if status is None:
        status = SessionStatus.PLANNED if presenter else SessionStatus.REQUESTED
    return InformationSession.objects.create(
        region=region or world.region,
        requester_name="Petra de Vries",
        requester_email="petra@gemeente.example",
        audience=AudienceKind.MUNICIPALITY,
        topic=topic,
        starts_at=timezone.now() + starts_in,
        duration_minutes=90,
        location="Stadhuis, zaal 2",
        expected_size=25,
        presenter=presenter,
        status=status,
        created_by=world.people["coordinator"],
    )


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

"""Demo information sessions and communication materials (after the people,
recovery and crisis-card demos).

Sessions in Utrecht: a request waiting for a presenter, one planned with the
demo HBO consultant, one planned with the coordinator, and one held with an
evaluation. Materials: a folder with two versions (small PDFs drawn with
reportlab), a presentation for coordinators and HBO consultants, and an
article shared with every region.

Idempotent: sessions are keyed by region and topic, materials by title.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from regie.coordination.materials.models import (
    Material,
    MaterialAudience,
    MaterialKind,
    MaterialVersion,
)
from regie.coordination.sessions.models import AudienceKind, InformationSession, SessionStatus
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Organisation, Person, Region


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A5)
    page.setTitle(title)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(40, 540, title)
    page.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        page.drawString(40, 505 - i * 18, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 0), timezone.get_current_timezone())


def _sessions(region: Region, coordinator: Person, hbo: Person) -> None:
    organisations = {o.name: o for o in Organisation.objects.filter(region=region)}
    rows: list[dict[str, Any]] = [
        dict(
            topic="Wat is een crisiskaart? Voorlichting wijkteams",
            audience=AudienceKind.MUNICIPALITY,
            organisation=organisations.get("Gemeente Utrecht"),
            requester_name="Petra de Vries",
            starts_at=_at(21, 14),
            expected_size=30,
            location="Stadskantoor Utrecht, zaal 3",
            status=SessionStatus.REQUESTED,
            presenter=None,
        ),
        dict(
            topic="De crisiskaart in de praktijk van de politie",
            audience=AudienceKind.POLICE,
            organisation=organisations.get("Politie basisteam Utrecht-Oost"),
            requester_name="Karim el Amrani",
            starts_at=_at(10, 10),
            expected_size=18,
            location="Politiebureau Utrecht-Oost",
            status=SessionStatus.PLANNED,
            presenter=hbo,
        ),
        dict(
            topic="Crisiskaart voor cliënten van De Horst",
            audience=AudienceKind.POTENTIAL_APPLICANTS,
            organisation=organisations.get("GGZ-instelling De Horst"),
            requester_name="Anouk Jansen",
            starts_at=_at(35, 19),
            expected_size=40,
            location="De Horst, ontmoetingsruimte",
            status=SessionStatus.PLANNED,
            presenter=coordinator,
        ),
        dict(
            topic="Samenwerken met de crisisdienst",
            audience=AudienceKind.CARE_PROVIDER,
            organisation=organisations.get("Crisisdienst GGZ Utrecht"),
            requester_name="Joost Visser",
            starts_at=_at(-14, 13),
            expected_size=20,
            location="Crisisdienst, vergaderzaal",
            status=SessionStatus.HELD,
            presenter=hbo,
            attendance=17,
            evaluation_score=4,
            evaluation_notes="Veel vragen over het delen van de kaart. Volgende keer meer tijd.",
            ical_sequence=2,
        ),
    ]
    for row in rows:
        InformationSession.objects.get_or_create(
            region=region,
            topic=row["topic"],
            defaults={**row, "created_by": coordinator, "duration_minutes": 90},
        )


def _material(
    *,
    title: str,
    kind: str,
    audience: str,
    region: Region | None,
    coordinator: Person,
    versions: list[tuple[str, list[str]]],
) -> None:
    material, created = Material.objects.get_or_create(
        title=title,
        defaults={
            "kind": kind,
            "audience": audience,
            "region": region,
            "created_by": coordinator,
            "description": "Demomateriaal.",
        },
    )
    if not created:
        return
    for number, (note, lines) in enumerate(versions, start=1):
        content = _pdf(title, lines)
        version = MaterialVersion(
            material=material,
            number=number,
            original_name=f"{title.lower().replace(' ', '-')}-v{number}.pdf",
            content_type="application/pdf",
            size=len(content),
            note=note,
            uploaded_by=coordinator,
            uploaded_at=timezone.now() - datetime.timedelta(days=30 * (len(versions) - number)),
        )
        version.file.save(f"demo-{material.uuid.hex[:12]}-v{number}.pdf", ContentFile(content))


def _materials(region: Region, coordinator: Person) -> None:
    _material(
        title="Folder Crisiskaart",
        kind=MaterialKind.FOLDER,
        audience=MaterialAudience.STAFF,
        region=region,
        coordinator=coordinator,
        versions=[
            ("Eerste versie", ["Wat is een crisiskaart?", "Zo vraag je er een aan."]),
            (
                "Nieuw telefoonnummer",
                ["Wat is een crisiskaart?", "Zo vraag je er een aan.", "Bel 030 000 0000."],
            ),
        ],
    )
    _material(
        title="Presentatie voor de politie",
        kind=MaterialKind.PRESENTATION,
        audience=MaterialAudience.PRESENTERS,
        region=region,
        coordinator=coordinator,
        versions=[("", ["De crisiskaart herkennen", "Wat staat erop?", "Wat doe je ermee?"])],
    )
    _material(
        title="Artikel: eigen regie in een crisis",
        kind=MaterialKind.ARTICLE,
        audience=MaterialAudience.STAFF,
        region=None,
        coordinator=coordinator,
        versions=[("", ["Eigen regie, ook als het moeilijk is."])],
    )


@transaction.atomic
def seed() -> None:
    region = Region.objects.filter(slug="utrecht").first()
    coordinator = Person.objects.filter(email=f"coordinator@{DEMO_DOMAIN}").first()
    hbo = Person.objects.filter(email=f"consulent.hbo@{DEMO_DOMAIN}").first()
    if region is None or coordinator is None or hbo is None:
        return  # the people demo has not run
    _sessions(region, coordinator, hbo)
    _materials(region, coordinator)

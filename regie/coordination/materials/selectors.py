"""Reads for the materials library."""

from __future__ import annotations

from .models import Material, MaterialVersion


def versions_of(material: Material) -> list[MaterialVersion]:
    return list(MaterialVersion.objects.filter(material=material).select_related("uploaded_by"))


def version_of(material: Material, number: int) -> MaterialVersion | None:
    return MaterialVersion.objects.filter(material=material, number=number).first()

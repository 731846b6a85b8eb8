"""Reads for the materials library."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, QuerySet

from .models import Material, MaterialVersion


def library(visible: QuerySet[Material]) -> QuerySet[Any]:
    """The materials an actor may see and that are not archived, by title, with
    their number of versions and last upload (unevaluated: the page takes one page)."""
    return (
        visible.filter(archived=False)
        .select_related("region")
        .annotate(version_count=Count("versions"), updated_at=Max("versions__uploaded_at"))
        .order_by("title", "pk")
    )


def archived_library(archived: QuerySet[Material]) -> QuerySet[Any]:
    """Archived materials a coordinator may restore, by title (unevaluated)."""
    return (
        archived.select_related("region")
        .annotate(version_count=Count("versions"))
        .order_by("title", "pk")
    )


def versions_of(material: Material) -> list[MaterialVersion]:
    return list(MaterialVersion.objects.filter(material=material).select_related("uploaded_by"))


def version_of(material: Material, number: int) -> MaterialVersion | None:
    return MaterialVersion.objects.filter(material=material, number=number).first()

"""Reads for the social map: a searchable directory of local services per region."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from regie.people.models import Municipality, Region

from .models import SocialService

MAX_SEARCH_WORDS = 8


def _text_filter(text: str) -> Q:
    """Every word must appear in the name or the description (case-insensitive)."""
    condition = Q()
    for word in text.split()[:MAX_SEARCH_WORDS]:
        condition &= Q(name__icontains=word) | Q(description__icontains=word)
    return condition


def social_map_search(
    region: Region,
    *,
    text: str = "",
    category: str = "",
    municipality_id: int | None = None,
    include_inactive: bool = False,
) -> QuerySet[SocialService]:
    """The region's services matching a text, a category and a municipality, by name."""
    services = SocialService.objects.filter(region=region)
    if not include_inactive:
        services = services.filter(active=True)
    if text.strip():
        services = services.filter(_text_filter(text))
    if category:
        services = services.filter(category=category)
    if municipality_id:
        services = services.filter(municipality_id=municipality_id)
    return services.select_related("municipality").order_by("name", "pk")


def region_municipalities(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name")


def services_for_parties(region_id: int | None, text: str = "") -> QuerySet[SocialService]:
    """Active services a consultant may pick as a party of a plan in this region."""
    services = SocialService.objects.filter(region_id=region_id, active=True)  # type: ignore[misc]  # None: services without a region
    if text.strip():
        services = services.filter(_text_filter(text))
    return services.select_related("municipality").order_by("name", "pk")

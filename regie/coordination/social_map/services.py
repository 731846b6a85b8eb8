"""Writes for the social map. Only the region's coordinators change it; a
service is deactivated rather than deleted, because plans may name it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.models import Municipality, Region

from ..errors import CoordinationError
from ..outreach.services import require_coordinator
from .models import ServiceCategory, SocialService

# What the edit form shows; a save based on other values is stale.
SOCIAL_SERVICE = StaleGuard(
    (
        "name",
        "category",
        "municipality_id",
        "description",
        "address",
        "phone",
        "email",
        "website",
        "hours",
    )
)


def _clean(
    region: Region,
    *,
    name: str,
    category: str,
    municipality: Municipality | None,
    description: str,
    address: str,
    phone: str,
    email: str,
    website: str,
    hours: str,
) -> dict[str, Any]:
    name = (name or "").strip()
    if not name:
        raise CoordinationError(_("Give the service's name."))
    if category not in ServiceCategory.values:
        raise CoordinationError(_("Choose a category."))
    if municipality is not None and municipality.region_id != region.pk:
        raise CoordinationError(_("Choose a municipality of this region."))
    return {
        "name": name[:200],
        "category": category,
        "municipality": municipality,
        "description": (description or "").strip(),
        "address": (address or "").strip()[:200],
        "phone": (phone or "").strip()[:40],
        "email": (email or "").strip(),
        "website": (website or "").strip(),
        "hours": (hours or "").strip()[:200],
    }


@transaction.atomic
def social_service_create(
    *,
    actor: Actor,
    region: Region,
    name: str,
    category: str,
    municipality: Municipality | None = None,
    description: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    hours: str = "",
) -> SocialService:
    """Add a service to the region's social map.

    Who may: a coordinator of the region. Raises CoordinationError for a
    missing name, an unknown category or a municipality of another region.
    """
    require_coordinator(actor, region)
    data = _clean(
        region,
        name=name,
        category=category,
        municipality=municipality,
        description=description,
        address=address,
        phone=phone,
        email=email,
        website=website,
        hours=hours,
    )
    return SocialService.objects.create(region=region, **data)


@transaction.atomic
def social_service_update(
    *,
    actor: Actor,
    service: SocialService,
    name: str,
    category: str,
    municipality: Municipality | None = None,
    description: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    hours: str = "",
    seen: str,
) -> SocialService:
    """Change a service's details. Parties already in plans keep their own copy
    of name, phone and e-mail. Who may and raises: as social_service_create;
    StaleSave when someone else saved it after `seen` (SOCIAL_SERVICE's
    fingerprint) was taken."""
    require_coordinator(actor, service.region)
    SOCIAL_SERVICE.lock(service, seen=seen)
    data = _clean(
        service.region,
        name=name,
        category=category,
        municipality=municipality,
        description=description,
        address=address,
        phone=phone,
        email=email,
        website=website,
        hours=hours,
    )
    changed = [field for field, value in data.items() if getattr(service, field) != value]
    for field in changed:
        setattr(service, field, data[field])
    if changed:
        service.save(update_fields=[*changed, "updated_at"])
    return service


@transaction.atomic
def social_service_set_active(
    *, actor: Actor, service: SocialService, active: bool
) -> SocialService:
    """Deactivate a service (it is no longer offered for new parties) or bring it back.

    Who may: a coordinator of the service's region.
    """
    require_coordinator(actor, service.region)
    if service.active != active:
        service.active = active
        service.save(update_fields=["active", "updated_at"])
    return service

"""Who may do outreach work. Missing and forbidden both answer 404.

Stakeholders, their contact history and regional agreements are the region's
coordinators' work only.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.core.policy import Actor
from regie.people.access import access_region_as_coordinator

from .models import RegionalAgreement, Stakeholder


def access_stakeholder(actor: Actor, region_slug: str, stakeholder_uuid: uuid.UUID) -> Stakeholder:
    """A stakeholder of a region the actor coordinates; otherwise Http404."""
    region = access_region_as_coordinator(actor, region_slug)
    stakeholder = (
        Stakeholder.objects.filter(region=region, uuid=stakeholder_uuid)
        .select_related("region")
        .first()
    )
    if stakeholder is None:
        raise Http404
    return stakeholder


def access_agreement(
    actor: Actor, region_slug: str, agreement_uuid: uuid.UUID
) -> RegionalAgreement:
    """An agreement of a stakeholder in a region the actor coordinates; otherwise Http404."""
    region = access_region_as_coordinator(actor, region_slug)
    agreement = (
        RegionalAgreement.objects.filter(stakeholder__region=region, uuid=agreement_uuid)
        .select_related("stakeholder__region")
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement

"""Sample arguments for the outreach URLs: objects in region Noord (world.region)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .fixtures import agreement, stakeholder


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    coordinator = world.people["coordinator"]
    owner = stakeholder(world.region, name="Politie Noord")
    deal = agreement(
        owner, coordinator, valid_until=timezone.localdate() + datetime.timedelta(days=300)
    )
    return {
        "coordination:stakeholder_list": [region],
        "coordination:stakeholder_add": [region],
        "coordination:stakeholder_detail": [region, owner.uuid],
        "coordination:stakeholder_edit": [region, owner.uuid],
        "coordination:stakeholder_contact_add": [region, owner.uuid],
        "coordination:agreement_add": [region, owner.uuid],
        "coordination:agreement_list": [region],
        "coordination:agreement_edit": [region, deal.uuid],
    }

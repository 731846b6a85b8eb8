"""Sample arguments for the outreach URLs: objects in region Noord (world.region)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .fixtures import agreement, meeting, meeting_action, service, stakeholder


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    coordinator = world.people["coordinator"]
    owner = stakeholder(world.region, name="Politie Noord")
    deal = agreement(
        owner, coordinator, valid_until=timezone.localdate() + datetime.timedelta(days=300)
    )
    entry = service(world.region)
    consultation = meeting(world.region, coordinator)
    follow_up = meeting_action(consultation)
    return {
        "coordination:stakeholder_list": [region],
        "coordination:stakeholder_add": [region],
        "coordination:stakeholder_detail": [region, owner.uuid],
        "coordination:stakeholder_edit": [region, owner.uuid],
        "coordination:stakeholder_contact_add": [region, owner.uuid],
        "coordination:agreement_add": [region, owner.uuid],
        "coordination:agreement_list": [region],
        "coordination:agreement_edit": [region, deal.uuid],
        "coordination:social_map": [region],
        "coordination:social_service_add": [region],
        "coordination:social_service_edit": [region, entry.uuid],
        "coordination:social_service_active": [region, entry.uuid],
        "coordination:consultation_list": [region],
        "coordination:consultation_add": [region],
        "coordination:consultation_detail": [region, consultation.uuid],
        "coordination:consultation_edit": [region, consultation.uuid],
        "coordination:consultation_action_add": [region, consultation.uuid],
        "coordination:consultation_action_update": [region, consultation.uuid, follow_up.pk],
        "coordination:consultation_pack": [region, consultation.uuid],
    }

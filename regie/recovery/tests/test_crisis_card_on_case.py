"""The client's crisis card shows on the case page only with the client's permission."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.crisiscard.tests.permission_args_portal import make_card


def card_for_client(world):
    card = make_card(
        participant=world.client,
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    card.panels = {"inside_1": {"do": "Bel mijn zus Anna, zij weet wat helpt."}}
    card.save()
    return card


def page(world, persona="peer_expert"):
    url = reverse("recovery:case_detail", args=[world.case.uuid])
    return world.client_for(persona).get(url)


def test_without_permission_the_team_does_not_see_the_card(world):
    card = card_for_client(world)
    body = page(world).content.decode()
    assert card.number not in body
    assert not AccessEvent.objects.filter(object_type="card").exists()


def test_with_permission_the_team_sees_the_card_and_the_look_is_logged(world):
    card = card_for_client(world)
    world.case.share_crisis_card = True
    world.case.save()
    body = page(world).content.decode()
    assert card.number in body
    assert "Bel mijn zus Anna, zij weet wat helpt." in body
    event = AccessEvent.objects.get(object_type="card", object_id=str(card.uuid))
    assert event.subject_uuid == world.client.uuid
    assert event.legal_basis == "consent"
    assert event.actor_person_uuid == world.people["peer_expert"].uuid


def test_the_clients_own_permission_shows_the_card_and_withdrawing_hides_it(world):
    card = card_for_client(world)
    client = world.client_for("client")
    url = reverse("recovery:my_sharing", args=[world.case.uuid])
    client.post(
        url, {"revision": "0", "share_crisis_card": "on", "family_plan": "on", "family_wheel": "on"}
    )
    assert card.number in page(world).content.decode()
    client.post(url, {"revision": "1", "family_plan": "on", "family_wheel": "on"})
    assert card.number not in page(world).content.decode()
    assert world.case.events.filter(kind="consent").count() == 2

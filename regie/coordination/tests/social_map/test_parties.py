"""Parties from the social map: the consultant picks a service of the region,
its details are filled in, and the party is linked to it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regie.core.policy import actor_for_user
from regie.crisiscard.models import PartyKind
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.parties import PARTY, party_add, party_update

from .fixtures import service


def add_url(world):
    return reverse("crisiscard:party_add", args=[world.card_request.uuid])


def test_the_form_offers_and_searches_the_regions_social_map(world):
    service(world.region, name="Crisisdienst Noord", category="crisis")
    service(world.region, name="Schuldhulp Noord", category="debt")
    service(world.region, name="Oude dienst", active=False)
    service(world.other_region, name="Crisisdienst Zuid", category="crisis")
    client = world.client_for("consultant")
    page = client.get(add_url(world)).content.decode()
    assert "Crisisdienst Noord" in page and "Schuldhulp Noord" in page
    assert "Crisisdienst Zuid" not in page and "Oude dienst" not in page
    found = client.get(add_url(world), {"q": "schuld"}).content.decode()
    assert "Schuldhulp Noord" in found and "Crisisdienst Noord" not in found


def test_choosing_a_service_prefills_the_party_and_links_it(world):
    crisis = service(
        world.region,
        name="Crisisdienst Noord",
        category="crisis",
        phone="0800-1122",
        email="crisis@noord.example",
    )
    client = world.client_for("consultant")
    page = client.get(add_url(world), {"service": crisis.uuid}).content.decode()
    assert 'value="Crisisdienst Noord"' in page
    assert 'value="0800-1122"' in page and 'value="crisis@noord.example"' in page
    assert f'value="{crisis.uuid}"' in page
    assert '<option value="crisis_service" selected>' in page
    response = client.post(
        add_url(world),
        {
            "service": str(crisis.uuid),
            "kind": "crisis_service",
            "name": "Crisisdienst Noord",
            "email": "crisis@noord.example",
            "phone": "0800-1122",
            "shared_sections": ["approach"],
        },
    )
    assert response.status_code == 302
    party = world.card_request.parties.get(name="Crisisdienst Noord")
    assert party.service == crisis and party.kind == PartyKind.CRISIS_SERVICE


def test_a_service_of_another_region_is_refused(world):
    elsewhere = service(world.other_region, name="Crisisdienst Zuid", category="crisis")
    client = world.client_for("consultant")
    page = client.get(add_url(world), {"service": elsewhere.uuid}).content.decode()
    assert 'value="Crisisdienst Zuid"' not in page
    response = client.post(
        add_url(world),
        {"service": str(elsewhere.uuid), "kind": "crisis_service", "name": "Crisisdienst Zuid"},
    )
    assert response.status_code == 200
    assert "social map" in response.content.decode()
    assert not world.card_request.parties.filter(name="Crisisdienst Zuid").exists()
    with pytest.raises(CrisisCardError, match="social map"):
        party_add(
            actor=actor_for_user(world.people["consultant"].user),
            request=world.card_request,
            kind=PartyKind.CRISIS_SERVICE,
            name="Crisisdienst Zuid",
            email="",
            phone="",
            shared_sections=[],
            service=elsewhere,
        )


def test_a_deactivated_service_stays_linked_but_cannot_be_chosen_anew(world):
    consultant = actor_for_user(world.people["consultant"].user)
    entry = service(world.region, name="Buurtteam Centrum")
    party = party_add(
        actor=consultant,
        request=world.card_request,
        kind=PartyKind.OTHER,
        name="",
        email="",
        phone="",
        shared_sections=[],
        service=entry,
    )
    assert party.name == "Buurtteam Centrum"  # taken from the map when left empty
    entry.active = False
    entry.save()
    party_update(
        actor=consultant,
        party=party,
        seen=PARTY.fingerprint(party),
        kind=PartyKind.OTHER,
        name="Buurtteam Centrum",
        email="team@centrum.example",
        phone="",
        shared_sections=[],
    )
    party.refresh_from_db()
    assert party.service == entry and party.email == "team@centrum.example"
    with pytest.raises(CrisisCardError, match="social map"):
        party_add(
            actor=consultant,
            request=world.card_request,
            kind=PartyKind.OTHER,
            name="Nog een",
            email="",
            phone="",
            shared_sections=[],
            service=entry,
        )

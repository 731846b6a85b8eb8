"""The FHIR downloads: the holder's from the versions page, a party's behind its read link."""

from __future__ import annotations

import json

from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from regie.audit.models import AccessEvent, Action, Outcome
from regie.crisiscard.models import SharingGrant

from .cards_fixtures import issued_card
from .test_sharing import grant as share
from .test_sharing import token_of


def resource_types(response) -> set[str]:
    bundle = Bundle.model_validate_json(response.content)
    return {entry.resource.get_resource_type() for entry in bundle.entry}


def test_the_holder_downloads_the_bundle_and_the_download_is_logged(world):
    card = issued_card(world)
    url = reverse("crisiscard:plan_fhir", args=[world.card_request.uuid, card.version.number])
    response = world.client_for("participant").get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="crisisplan-v{card.version.number}.fhir.json"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "DocumentReference" in resource_types(response)
    event = AccessEvent.objects.get(purpose="crisiscard:plan_fhir")
    assert event.action == Action.EXPORT
    assert event.outcome == Outcome.SUCCESS
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.object_id == f"{world.card_request.uuid}:{card.version.number}"


def test_the_versions_page_links_the_holder_to_the_download_and_not_the_consultant(world):
    card = issued_card(world)
    url = reverse("crisiscard:plan_versions", args=[world.card_request.uuid])
    link = reverse("crisiscard:plan_fhir", args=[world.card_request.uuid, card.version.number])
    assert link in world.client_for("participant").get(url).content.decode()
    assert link not in world.client_for("consultant").get(url).content.decode()


def test_other_personas_get_404_and_the_refusal_is_logged(world):
    card = issued_card(world)
    url = reverse("crisiscard:plan_fhir", args=[world.card_request.uuid, card.version.number])
    for persona in ("consultant", "coordinator", "case_director", "log_manager"):
        assert world.client_for(persona).get(url).status_code == 404, persona
    assert not AccessEvent.objects.filter(
        purpose="crisiscard:plan_fhir", outcome=Outcome.SUCCESS
    ).exists()
    assert AccessEvent.objects.filter(
        purpose="crisiscard:plan_fhir", outcome=Outcome.DENIED
    ).exists()
    missing = reverse("crisiscard:plan_fhir", args=[world.card_request.uuid, 99])
    assert world.client_for("participant").get(missing).status_code == 404


def test_a_party_downloads_only_the_sections_shared_with_it_and_it_is_logged(world):
    card = issued_card(world)
    token = token_of(share(world, ["approach"]))
    read = (
        world.client_for("anonymous")
        .get(reverse("crisiscard:party_read", args=[token]))
        .content.decode()
    )
    url = reverse("crisiscard:party_read_fhir", args=[token])
    assert url in read

    response = world.client_for("anonymous").get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment; filename=" in response["Content-Disposition"]
    assert resource_types(response) == {"Patient", "CarePlan", "Consent", "Provenance"}
    bundle = json.loads(response.content)
    careplan = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    )
    assert {a["detail"]["code"]["coding"][0]["code"] for a in careplan.get("activity", [])} <= {
        "approach.text"
    }
    text = response.content.decode()
    assert "Lithium" not in text and "Anneke" not in text
    assert card.version.content_hash in text
    event = AccessEvent.objects.get(purpose="crisiscard:party_read_fhir")
    assert event.action == Action.EXPORT
    assert event.actor_organisation == world.party.name
    assert event.part == "approach"


def test_a_withdrawn_read_link_no_longer_downloads(world):
    issued_card(world)
    token = token_of(share(world, ["approach"]))
    share(world, [])
    assert SharingGrant.objects.get(party=world.party).sections == []
    url = reverse("crisiscard:party_read_fhir", args=[token])
    assert world.client_for("anonymous").get(url).status_code == 410
    assert (
        world.client_for("anonymous")
        .get(reverse("crisiscard:party_read_fhir", args=["nope"]))
        .status_code
        == 404
    )
    assert not AccessEvent.objects.filter(purpose="crisiscard:party_read_fhir").exists()

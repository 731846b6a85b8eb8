"""The FHIR export through /api/v1/: the holder's download of a version (as the page:
the holder only), and a party's with its read link as bearer token (as the read
page: its sections only, its link's revocation, expiry and rate limit)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from regie.audit.models import AccessEvent, Action, Outcome
from regie.crisiscard.models import Party, PartyKind, SharingGrant
from regie.crisiscard.services.sharing import sharing_decide, sharing_for
from regie.crisiscard.tests.cards_fixtures import (
    actor,
    establish,
    issued_card,
    plan_content,
    second_request,
)
from regie.crisiscard.tests.test_sharing import grant as share
from regie.crisiscard.tests.test_sharing import token_of

PARTY_URL = "/api/v1/shared-plan/fhir"


def holder_url(request_uuid, number) -> str:
    return f"/api/v1/card-requests/{request_uuid}/plan/versions/{number}/fhir"


def as_party(token: str):
    return Client().get(PARTY_URL, headers={"Authorization": f"Bearer {token}"})


def bundle_of(response) -> dict:
    Bundle.model_validate_json(response.content)  # raises unless it is a valid R4B Bundle
    return json.loads(response.content)


def types_in(bundle: dict) -> set[str]:
    return {entry["resource"]["resourceType"] for entry in bundle["entry"]}


def activity_codes(bundle: dict) -> set[str]:
    careplan = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    )
    return {a["detail"]["code"]["coding"][0]["code"] for a in careplan.get("activity", [])}


def test_the_holder_gets_a_valid_bundle_and_the_export_is_logged(world):
    card = issued_card(world)
    response = world.client_for("participant").get(
        holder_url(world.card_request.uuid, card.version.number)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "no-store" in response["Cache-Control"]
    bundle = bundle_of(response)
    assert {"Patient", "CarePlan", "DocumentReference"} <= types_in(bundle)
    event = AccessEvent.objects.get(purpose="api:plan_fhir")
    assert (event.action, event.outcome) == (Action.EXPORT, Outcome.SUCCESS)
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.object_id == f"{world.card_request.uuid}:{card.version.number}"


def test_only_the_holder_gets_it_as_on_the_page_and_refusals_are_logged(world):
    card = issued_card(world)
    url = holder_url(world.card_request.uuid, card.version.number)
    for persona in ("consultant", "coordinator", "coordinator_other_region", "case_director"):
        response = world.client_for(persona).get(url)
        assert response.status_code == 404, persona
        assert response.json() == {"detail": "Not found.", "errors": []}
    assert world.client_for("anonymous").get(url).status_code == 401
    assert not AccessEvent.objects.filter(purpose="api:plan_fhir", outcome=Outcome.SUCCESS).exists()
    assert AccessEvent.objects.filter(purpose="api:plan_fhir", outcome=Outcome.DENIED).exists()
    missing = holder_url(world.card_request.uuid, card.version.number + 1)
    assert world.client_for("participant").get(missing).status_code == 404


def test_a_party_gets_only_its_sections_with_its_read_link_and_it_is_logged(world):
    card = issued_card(world)
    token = token_of(share(world, ["approach"]))

    response = as_party(token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = bundle_of(response)
    assert types_in(bundle) == {"Patient", "CarePlan", "Consent", "Provenance"}
    assert activity_codes(bundle) <= {"approach.text"}
    text = response.content.decode()
    assert "Lithium" not in text and "Anneke" not in text
    assert card.version.content_hash in text
    event = AccessEvent.objects.get(purpose="api:party_plan_fhir")
    assert event.action == Action.EXPORT
    assert event.actor_organisation == world.party.name
    assert event.part == "approach"
    assert event.subject_uuid == world.people["participant"].uuid


def test_a_party_reads_only_the_request_of_its_own_link(world):
    issued_card(world)
    ours = token_of(share(world, ["approach"]))
    other_request = second_request(world)
    content = plan_content()
    content["approach"]["text"] = "Anders benaderen, andere aanvraag."
    other_version = establish(world, content=content, request=other_request)
    other_party = Party.objects.create(
        request=other_request, kind=PartyKind.GP, name="Huisarts Zuid"
    )
    decision = sharing_decide(
        actor=actor(world, "participant"),
        request=other_request,
        grid={f"party:{other_party.uuid}": ["approach"]},
        revision=sharing_for(other_request).revision,
        notify_emergency=False,
    )
    theirs = token_of(decision.new_links[0])

    mine = as_party(ours).content.decode()
    other = as_party(theirs).content.decode()

    assert other_version.content_hash in other and other_version.content_hash not in mine
    assert "andere aanvraag" in other and "andere aanvraag" not in mine
    events = AccessEvent.objects.filter(purpose="api:party_plan_fhir")
    assert sorted(events.values_list("actor_organisation", flat=True)) == [
        "Huisarts Zuid",
        world.party.name,
    ]


@pytest.mark.parametrize("how", ["withdrawn", "expired"])
def test_a_withdrawn_or_expired_link_is_410_and_nothing_is_logged(world, how):
    issued_card(world)
    token = token_of(share(world, ["approach"]))
    if how == "withdrawn":
        share(world, [])
    else:
        SharingGrant.objects.filter(party=world.party).update(
            link_expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    response = as_party(token)
    assert response.status_code == 410
    assert set(response.json()) == {"detail", "errors"}
    assert not AccessEvent.objects.filter(purpose="api:party_plan_fhir").exists()


def test_an_unknown_token_or_none_is_401_in_the_one_error_shape(world):
    issued_card(world)
    share(world, ["approach"])
    for response in (as_party("not-a-read-link"), Client().get(PARTY_URL)):
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}
    # A staff member's session is no read link either.
    assert world.client_for("consultant").get(PARTY_URL).status_code == 401
    assert not AccessEvent.objects.filter(purpose="api:party_plan_fhir").exists()


def test_the_read_link_limit_is_shared_with_the_read_page(world, monkeypatch):
    issued_card(world)
    token = token_of(share(world, ["approach"]))
    monkeypatch.setattr("regie.crisiscard.api.fhir.READ_RATE_PER_MINUTE", 2)
    assert Client().get(reverse("crisiscard:party_read", args=[token])).status_code == 200
    assert as_party(token).status_code == 200
    limited = as_party(token)
    assert limited.status_code == 429
    assert set(limited.json()) == {"detail", "errors"}
    assert AccessEvent.objects.filter(purpose="api:party_plan_fhir").count() == 1

"""Sample arguments for the FHIR downloads: an established version of a second request of
the participant persona (with an issued card), and a party's live read link on it."""

from __future__ import annotations

from regie.core.policy import actor_for_user
from regie.crisiscard.models import Party, PartyKind
from regie.crisiscard.services.sharing import sharing_decide, sharing_for

from .cards_fixtures import issued_card, second_request


def sample_args(world) -> dict[str, list]:
    request = second_request(world)
    card = issued_card(world, request=request)
    party = Party.objects.create(request=request, kind=PartyKind.GP, name="Huisarts Oost")
    decision = sharing_decide(
        actor=actor_for_user(world.people["participant"].user),
        request=request,
        grid={f"party:{party.uuid}": ["approach", "medication"]},
        revision=sharing_for(request).revision,
        notify_emergency=False,
    )
    token = str(decision.new_links[0]["url"]).rstrip("/").rsplit("/", 1)[-1]
    return {
        "crisiscard:plan_fhir": [request.uuid, card.version.number],
        "crisiscard:party_read_fhir": [token],
    }

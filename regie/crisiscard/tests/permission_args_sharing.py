"""Sample arguments for the sharing pages: a grant with a live read link, an open
consultant proposal on the world's request, and a live emergency token."""

from __future__ import annotations

from regie.core.policy import actor_for_user
from regie.crisiscard.models import SharingGrant, SharingProposal
from regie.crisiscard.services.sharing import sharing_decide, sharing_for

from .cards_fixtures import issued_card, second_request


def sample_args(world) -> dict[str, list]:
    request = world.card_request
    participant = actor_for_user(world.people["participant"].user)
    key = f"party:{world.party.uuid}"
    decision = sharing_decide(
        actor=participant,
        request=request,
        grid={key: ["approach"]},
        revision=sharing_for(request).revision,
        notify_emergency=False,
    )
    grant = SharingGrant.objects.get(party=world.party)
    proposal = SharingProposal.objects.create(
        request=request, grid={key: ["approach", "medication"]}, author=world.people["consultant"]
    )
    token = str(decision.new_links[0]["url"]).rstrip("/").rsplit("/", 1)[-1]
    card = issued_card(world, request=second_request(world))
    return {
        "crisiscard:portal_sharing_renew": [grant.uuid],
        "crisiscard:portal_sharing_proposal": [proposal.uuid],
        "crisiscard:sharing_propose": [request.uuid],
        "crisiscard:party_read": [token],
        "crisiscard:emergency_more": [
            card.request.participant.emergency_links.get(revoked_at__isnull=True).token
        ],
    }

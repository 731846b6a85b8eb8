"""The parties of a demo request and what the participant shares with them."""

from __future__ import annotations

from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Party,
    PartyKind,
    Sharing,
    SharingGrant,
)
from regie.crisiscard.models.sharing import grantee_key
from regie.crisiscard.services.sharing import sharing_decide
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Organisation, OrganisationKind, Person, Region


def demo_parties(request: CardRequest, region: Region) -> dict[str, Party]:
    gp = Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE, region=region).first()
    crisis = Organisation.objects.filter(
        kind=OrganisationKind.CRISIS_SERVICE, region=region
    ).first()
    return {
        "gp": Party.objects.create(
            request=request,
            kind=PartyKind.GP,
            name=gp.name if gp else "Huisartsenpraktijk",
            organisation=gp,
            email=f"huisarts@{DEMO_DOMAIN}",
            phone="030 123 45 67",
        ),
        "crisis": Party.objects.create(
            request=request,
            kind=PartyKind.CRISIS_SERVICE,
            name=crisis.name if crisis else "Crisisdienst",
            organisation=crisis,
            email=f"crisisdienst@{DEMO_DOMAIN}",
            phone="030 765 43 21",
        ),
        "sister": Party.objects.create(
            request=request,
            kind=PartyKind.TRUSTED_PERSON,
            name="Anouk (zus)",
            email=f"anouk.zus@{DEMO_DOMAIN}",
            phone="06 12 34 56 78",
        ),
    }


# What each demo participant shares with their parties (the sharing grid).
DEMO_SHARED = {
    "gp": ["phases", "approach", "medication"],
    "crisis": ["phases", "approach", "medication", "admission"],
    "sister": ["phases", "contacts", "practical"],
}
# The demo login also releases sections for responders on the emergency route.
DEMO_RESPONDERS = {
    "police": ["approach", "helps_harms"],
    "crisis_service": ["approach", "medication", "helps_harms"],
}


def demo_sharing(request: CardRequest, parties: dict[str, Party], participant: Person) -> None:
    """The sharing grid. The demo login decides through the service, so its GP gets a live
    read link (mailed to the GP's demo address); the others get grants only."""
    if participant.email == f"deelnemer@{DEMO_DOMAIN}" and participant.user is not None:
        # The demo login shares with the GP only (one live read link), the crisis service
        # and the sister see nothing yet, so the grid has something left to tick.
        grid = {grantee_key(party=parties["gp"]): DEMO_SHARED["gp"]}
        grid.update(
            {
                grantee_key(responder_type=kind): sections
                for kind, sections in DEMO_RESPONDERS.items()
            }
        )
        sharing_decide(
            actor=actor_for_user(participant.user),
            request=request,
            grid=grid,
            revision=0,
            notify_emergency=True,
        )
        return
    Sharing.objects.create(request=request, revision=1)
    for key, sections in DEMO_SHARED.items():
        SharingGrant.objects.create(request=request, party=parties[key], sections=sections)

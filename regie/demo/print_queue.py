"""Demo data for reaching people without e-mail (called by `manage.py seed_demo`
after the crisis-card demo).

Henk Postma applied by phone and has no e-mail address. His consultant left
his invitation letter to the print queue of region Utrecht, where the
coordinator (coordinator@regie.example) finds it beside a newly issued card
to print. Idempotent: Henk is found by name (an address added later does not make
a second Henk), and nothing is queued twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    HeardVia,
    PrintItem,
    PrintKind,
    RequestState,
)
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Person, Region, Role, RoleAssignment

FIRST, LAST = "Henk", "Postma"


@transaction.atomic
def seed(fake: Any = None) -> None:
    region = Region.objects.filter(slug="utrecht").first()
    consultant = Person.objects.filter(email=f"consulent.mbo@{DEMO_DOMAIN}").first()
    if region is None or consultant is None:
        return
    # By name only: Henk may have been given an e-mail address while the demo was used.
    henk = Person.objects.filter(first_name=FIRST, last_name=LAST).order_by("pk").first()
    if henk is None:
        henk = Person.objects.create(
            first_name=FIRST,
            last_name=LAST,
            email="",
            phone="030 765 43 21",
            address="Lindenlaan 12",
            postcode="3511 AB",
            city="Utrecht",
        )
        RoleAssignment.objects.create(
            person=henk,
            role=Role.PARTICIPANT,
            region=region,
            valid_from=timezone.localdate() - datetime.timedelta(days=12),
        )
    request = CardRequest.objects.filter(participant=henk).first()
    if request is None:
        request = CardRequest.objects.create(
            participant=henk,
            region=region,
            municipality=region.municipalities.order_by("name").first(),
            heard_via=HeardVia.GP,
            channel=Channel.PHONE,
            wishes="Ik heb geen e-mail. Bel mij of stuur een brief.",
            consultant=consultant,
            state=RequestState.MATCHED,
            applied_at=timezone.now() - datetime.timedelta(days=12),
        )
    if not PrintItem.objects.filter(recipient=henk, kind=PrintKind.INVITATION).exists():
        PrintItem.objects.create(
            kind=PrintKind.INVITATION,
            region=region,
            recipient=henk,
            request=request,
            created_by=consultant,
        )
    if PrintItem.objects.filter(region=region, kind=PrintKind.CARD).exists():
        return
    card = (
        Card.objects.filter(status=CardStatus.ISSUED, request__region=region)
        .select_related("request")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if card is not None:
        PrintItem.objects.create(
            kind=PrintKind.CARD,
            region=region,
            recipient_id=card.request.participant_id,
            card=card,
            request=card.request,
            created_by=consultant,
        )

"""Opening a case for a client who is new to Regie."""

from __future__ import annotations

import datetime

from django.db import transaction

from regie.core.policy import Actor
from regie.people.models import Organisation, Person

from ..models import RecoveryCase
from .cases import case_open


@transaction.atomic
def case_open_for_new_client(
    *,
    actor: Actor,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    from_own_caseload: bool,
    date_of_birth: datetime.date | None = None,
    phone: str = "",
    email: str = "",
    peer_expert: Person | None = None,
) -> RecoveryCase:
    """Record the client as a Person (no login, no role) and open their case.

    Who may: a case director of `organisation` (checked by case_open). When
    case_open refuses, the new Person is rolled back with it.
    """
    client = Person.objects.create(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        phone=phone.strip(),
        email=email.strip(),
    )
    return case_open(
        actor=actor,
        client=client,
        organisation=organisation,
        from_own_caseload=from_own_caseload,
        peer_expert=peer_expert,
    )

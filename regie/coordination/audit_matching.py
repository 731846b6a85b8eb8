"""Many READ entries for one page in one go (the matching page shows a whole queue).

`regie.audit.services.record` appends one event per call (two or three
queries each); a queue page would cost a query per applicant. This appends
the same events, in the same hash chain, in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.http import HttpRequest

from regie.audit.models import GENESIS_HASH, AccessEvent, Action, Outcome
from regie.audit.services import _CHAIN_LOCK_ID, _access_point
from regie.core.policy import Actor
from regie.people.models import Person


def record_reads(
    *,
    actor: Actor,
    purpose: str,
    object_type: str,
    items: Iterable[tuple[str, Person]],
    role: str,
    part: str = "",
    request: HttpRequest | None = None,
) -> int:
    """One READ per (object id, subject) in `items`, as `record` would write them."""
    items = list(items)
    if not items:
        return 0
    organisation = ""
    for assignment in actor.assignments:
        if assignment.role == role and assignment.organisation is not None:
            organisation = assignment.organisation.name
            break
    point = _access_point(request)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        last = AccessEvent.objects.order_by("-seq").values("seq", "hash").first()
        seq = last["seq"] if last else 0
        prev_hash = last["hash"] if last else GENESIS_HASH
        events = []
        for object_id, subject in items:
            seq += 1
            event = AccessEvent(
                seq=seq,
                prev_hash=prev_hash,
                occurred_at=datetime.datetime.now(datetime.UTC),
                action=Action.READ,
                outcome=Outcome.SUCCESS,
                subject_uuid=subject.uuid,
                actor_user_id=actor.user_id,
                actor_person_uuid=actor.person.uuid if actor.person is not None else None,
                on_behalf_of_uuid=None,
                actor_role=role,
                actor_organisation=organisation,
                ip_address=point.ip_address if point else None,
                user_agent=point.user_agent if point else "",
                object_type=object_type,
                object_id=str(object_id),
                part=part,
                purpose=purpose,
                legal_basis="",
                emergency=False,
            )
            event.hash = event.compute_hash()
            prev_hash = event.hash
            events.append(event)
        AccessEvent.objects.bulk_create(events)
    return len(events)

"""Access-log rows for a chunk of participants, sealed into the chain in bulk.

Each row is built and sealed exactly as `regie.audit.services.record_many`
does it (the current key, `AccessEvent.canonical`, `keys.seal`), continuing
from the chain's end under the same lock, so `manage.py audit_verify` passes.
Times rise with the row number over the last two years, as a real log would.
"""

from __future__ import annotations

import datetime

from django.db import connection

from regie.audit.events import ObjectType
from regie.audit.keys import keyring, seal
from regie.audit.models import GENESIS_HASH, AccessEvent, Action
from regie.audit.services import _CHAIN_LOCK_ID
from regie.people.models import Person, Role
from regie.recovery.models import RecoveryCase

from .base import Random
from .crisiscard import Row
from .insert import insert
from .staff import Staff

# About how many rows each participant brings (used to spread the times).
ROWS_PER_PARTICIPANT = 5
LOG_SPAN = datetime.timedelta(days=730)
USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/133.0"


class LogClock:
    """Times for the log rows: evenly spread from two years ago to now."""

    def __init__(self, participants: int, now: datetime.datetime) -> None:
        self.now = now
        self.start = now - LOG_SPAN
        self.step = LOG_SPAN / max(participants * ROWS_PER_PARTICIPANT, 1)
        self.count = 0

    def tick(self) -> datetime.datetime:
        self.count += 1
        return min(self.start + self.step * self.count, self.now)


def _rows_for(
    r: Row, staff: Staff, rng: Random
) -> list[tuple[Person | None, str, str, str, str, bool]]:
    """(actor, role, object type, object id, purpose, emergency) for one participant."""
    assert r.request is not None
    request_id = str(r.request.uuid)
    coordinator = rng.choice(staff.coordinators[r.region_id])
    rows: list[tuple[Person | None, str, str, str, str, bool]] = [
        (
            coordinator,
            Role.COORDINATOR,
            ObjectType.CARD_REQUEST,
            request_id,
            "crisiscard:request_detail",
            False,
        ),
    ]
    if r.consultant is not None:
        rows.append(
            (
                r.consultant,
                Role.CONSULTANT,
                ObjectType.CARD_REQUEST,
                request_id,
                "crisiscard:request_detail",
                False,
            )
        )
        rows.append(
            (
                r.consultant,
                Role.CONSULTANT,
                ObjectType.CRISIS_PLAN,
                request_id,
                "crisiscard:plan_edit",
                False,
            )
        )
    if r.card is not None:
        card_id = str(r.card.uuid)
        rows.append(
            (r.person, Role.PARTICIPANT, ObjectType.CARD, card_id, "crisiscard:portal_card", False)
        )
        if rng.random() < 0.15:
            rows.append((None, "emergency", ObjectType.CARD, card_id, "crisiscard:emergency", True))
    return rows


def seal_chunk(
    rows: list[Row],
    cases: dict[int, RecoveryCase],
    staff: Staff,
    rng: Random,
    clock: LogClock,
) -> int:
    """Append this chunk's rows to the chain; call inside the chunk's transaction."""
    ring = keyring()
    key_id, secret = ring.current_id, ring.current
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    last = AccessEvent.objects.order_by("-seq").values("seq", "hash").first()
    seq = last["seq"] if last else 0
    prev_hash = last["hash"] if last else GENESIS_HASH
    events = []
    for r in rows:
        planned = _rows_for(r, staff, rng)
        case = cases.get(r.person.pk)
        if case is not None:
            director = rng.choice(staff.directors[case.organisation_id])
            planned.append(
                (
                    director,
                    Role.CASE_DIRECTOR,
                    ObjectType.RECOVERY_CASE,
                    str(case.uuid),
                    "recovery:case_detail",
                    False,
                )
            )
        for actor, role, object_type, object_id, purpose, emergency in planned:
            seq += 1
            event = AccessEvent(
                seq=seq,
                prev_hash=prev_hash,
                occurred_at=clock.tick(),
                action=Action.EMERGENCY if emergency else Action.READ,
                outcome="success",
                subject_uuid=r.person.uuid,
                actor_user_id=actor.user_id if actor is not None else None,
                actor_person_uuid=actor.uuid if actor is not None else None,
                actor_role=role,
                ip_address=f"10.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}",
                user_agent=USER_AGENT,
                object_type=object_type,
                object_id=object_id,
                purpose=purpose,
                emergency=emergency,
                key_id=key_id,
            )
            event.hash = seal(secret, event.canonical())
            prev_hash = event.hash
            events.append(event)
    insert(events)
    return len(events)

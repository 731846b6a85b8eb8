"""The entry points that write the access log: `record` (one event) and
`record_many` (one event per item, for pages that show many people at once).
Both go through the same code: one chain, one lock, one way of sealing (the
current key of `regie.audit.keys`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Field
from django.http import HttpRequest

from regie.core.net import client_ip

from .context import AccessPoint, access_point_var
from .events import ObjectType
from .keys import keyring
from .models import GENESIS_HASH, AccessEvent, Action, Outcome

if TYPE_CHECKING:
    from regie.core.policy import Actor
    from regie.people.models import Person

# Any constant works; it names the lock that serialises the chain on PostgreSQL.
_CHAIN_LOCK_ID = 7_513_001


def _access_point(request: HttpRequest | None) -> AccessPoint | None:
    if request is not None:
        return AccessPoint(client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:300])
    return access_point_var.get()


def record(
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    object_type: ObjectType,
    subject: Person | None = None,
    object_id: str | int = "",
    part: str = "",
    role: str = "",
    outcome: Outcome = Outcome.SUCCESS,
    request: HttpRequest | None = None,
    legal_basis: str = "",
    emergency: bool = False,
    on_behalf_of: Person | None = None,
    organisation: str = "",
) -> AccessEvent:
    """Append one access event to the chain.

    Who may: any code path that reads or changes personal data, always.
    What changes: one new AccessEvent, linked to the previous one by hash.
    Log the fact, never the data: pass identifiers and section names only.
    `object_type` is an `ObjectType` (a plain string raises TypeError); the
    named writers in `regie.audit.events` fill it, the id and the subject in.
    `organisation` names who acted when there is no login behind it (a party
    reading through its link, a responder who identified themselves).
    """
    (event,) = record_many(
        actor=actor,
        action=action,
        purpose=purpose,
        object_type=object_type,
        items=[(object_id, subject)],
        part=part,
        role=role,
        outcome=outcome,
        request=request,
        legal_basis=legal_basis,
        emergency=emergency,
        on_behalf_of=on_behalf_of,
        organisation=organisation,
    )
    return event


def record_many(
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    object_type: ObjectType,
    items: Iterable[tuple[str | int, Person | None]],
    part: str = "",
    role: str = "",
    outcome: Outcome = Outcome.SUCCESS,
    request: HttpRequest | None = None,
    legal_basis: str = "",
    emergency: bool = False,
    on_behalf_of: Person | None = None,
    organisation: str = "",
) -> list[AccessEvent]:
    """Append one access event per (object id, subject) in `items`, in order,
    each linked to the previous one by hash, exactly as `record` writes them.

    For a page that shows many people's data at once (a queue, a list): a
    fixed number of queries however many items (the chain lock on PostgreSQL,
    the chain's end, one INSERT). No items: nothing is written, no query.
    """
    if not isinstance(object_type, ObjectType):
        # A free string would drift from the participant's words for it.
        raise TypeError(f"object_type must be an ObjectType, not {object_type!r}")
    items = list(items)
    if not items:
        return []
    organisation = organisation[:200]
    if actor is not None and role:
        for assignment in actor.assignments:
            if assignment.role == role and assignment.organisation is not None:
                organisation = assignment.organisation.name
                break
    point = _access_point(request)
    key_id = keyring().current_id
    events = []
    for object_id, subject in items:
        events.append(
            AccessEvent(
                occurred_at=datetime.datetime.now(datetime.UTC),
                action=action,
                outcome=outcome,
                subject_uuid=subject.uuid if subject is not None else None,
                actor_user_id=actor.user_id if actor is not None else None,
                actor_person_uuid=(
                    actor.person.uuid if actor is not None and actor.person is not None else None
                ),
                on_behalf_of_uuid=on_behalf_of.uuid if on_behalf_of is not None else None,
                actor_role=role,
                actor_organisation=organisation,
                ip_address=point.ip_address if point else None,
                user_agent=point.user_agent if point else "",
                object_type=object_type,
                object_id=str(object_id),
                part=part,
                purpose=purpose,
                legal_basis=legal_basis,
                emergency=emergency,
                key_id=key_id,
            )
        )
    batch = _batch.get()
    if batch is not None:
        batch.extend(events)  # sealed and written when the batch ends
    else:
        _append(events)
    return events


def _append(events: list[AccessEvent]) -> None:
    """Seal `events` onto the end of the chain, in order, and write them.

    Five round trips for up to `_ROWS_PER_INSERT` events: BEGIN, the chain
    lock (PostgreSQL only), the chain's end, one INSERT, COMMIT.
    The two statements are written out rather than built by the ORM: every
    page that shows personal data runs them, and compiling them cost more
    CPU than the rest of the write (docs/performance.md, "Sixth round").
    """
    ring = keyring()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        cursor.execute(_chain_end_sql())
        last = cursor.fetchone()
        seq, prev_hash = (int(last[0]), last[1]) if last else (0, GENESIS_HASH)
        for event in events:
            seq += 1
            event.seq, event.prev_hash = seq, prev_hash
            event.hash = event.compute_hash(ring)
            prev_hash = event.hash
        for start in range(0, len(events), _ROWS_PER_INSERT):
            _insert(cursor, events[start : start + _ROWS_PER_INSERT])


# Rows per INSERT: 21 parameters a row stays under SQLite's 32,766 and
# PostgreSQL's 65,535 parameters per statement.
_ROWS_PER_INSERT = 500


def _written_fields() -> list[Field]:
    """The columns an INSERT fills: every concrete field but the primary key."""
    return [field for field in AccessEvent._meta.concrete_fields if not field.primary_key]


def _chain_end_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(AccessEvent._meta.db_table)
    return f"SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1"  # noqa: S608  # nosec B608  # names from the model


def _insert(cursor: CursorWrapper, events: list[AccessEvent]) -> None:
    """One INSERT of sealed events; each event gets its primary key (matched
    by `seq`, as RETURNING promises no order) and is marked saved.

    Several rows on PostgreSQL go in as one array per column (`UNNEST`), as
    Django's `bulk_create` does there: one placeholder per column, so neither
    psycopg nor the server parses a statement that grows with the rows.
    """
    quote = connection.ops.quote_name
    meta = AccessEvent._meta
    fields = _written_fields()
    rows = [
        [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
        for event in events
    ]
    if connection.vendor == "postgresql" and len(rows) > 1:
        # The base type of each column (varchar, not varchar(16)): nothing is cut.
        arrays = ", ".join(f"(%s)::{str(f.db_type(connection)).split('(')[0]}[]" for f in fields)
        values = "SELECT * FROM UNNEST(" + arrays + ")"  # noqa: S608  # nosec B608  # model types
        params = [list(column) for column in zip(*rows, strict=True)]
    else:
        marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        values, params = (
            "VALUES " + ", ".join([marks] * len(rows)),
            [v for row in rows for v in row],
        )
    table, columns = quote(meta.db_table), ", ".join(quote(str(f.column)) for f in fields)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) {values} RETURNING {quote(str(meta.pk.column))}, seq",  # nosec B608  # names from the model
        params,
    )
    ids = {int(seq): pk for pk, seq in cursor.fetchall()}
    for event in events:
        event.pk = ids[event.seq]
        event._state.adding = False
        event._state.db = connection.alias


_batch: ContextVar[list[AccessEvent] | None] = ContextVar("regie_audit_batch", default=None)


@contextmanager
def chain_batch() -> Iterator[None]:
    """Inside a transaction: `record` and `record_many` collect their events,
    and one chain write at the end appends them all, in order (one lock, one
    read of the chain's end, one INSERT) before the transaction commits.

    For a job that handles many items in one transaction (`run_daily`). The
    returned events get their `seq` and `hash` when the batch ends. Undo with
    `logged_atomic`, never a bare `transaction.atomic`, where a part may roll
    back: its events must go with it. Nothing is written when the block raises
    (its transaction rolls back with it).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("chain_batch() needs a transaction around it")
    if _batch.get() is not None:
        raise RuntimeError("chain_batch() does not nest")
    events: list[AccessEvent] = []
    token = _batch.set(events)
    try:
        yield
    finally:
        _batch.reset(token)
    if events:
        _append(events)


@contextmanager
def one_write() -> Iterator[None]:
    """Everything recorded inside goes to the chain in one write at the end (in
    a transaction of its own), or into the caller's `chain_batch` when one is
    open. For a page that records a few things at once (`events.log_list_read`)."""
    if _batch.get() is not None:
        yield
        return
    with transaction.atomic(), chain_batch():
        yield


@contextmanager
def logged_atomic() -> Iterator[None]:
    """`transaction.atomic()` that, inside `chain_batch`, also drops the events
    recorded within it when it rolls back (and outside one is just atomic)."""
    batch = _batch.get()
    mark = len(batch) if batch is not None else 0
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if batch is not None:
            del batch[mark:]
        raise

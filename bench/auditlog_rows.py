"""Fill the access log quickly with a valid chain, for benchmarks only.

Rows are sealed with the current key over the same bytes `record_many` seals
(`RowEncoder` gives exactly `canonical_bytes`; the audit tests hold them to
it), then written with COPY on PostgreSQL and executemany on SQLite: the
append-only triggers refuse UPDATE and DELETE, never INSERT.
"""

from __future__ import annotations

import datetime
import hmac
import random
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Field

from regie.audit.canonical import RowEncoder
from regie.audit.keys import keyring
from regie.audit.models import GENESIS_HASH, AccessEvent, Action, Outcome

BATCH = 20_000
ACTIONS = [Action.READ] * 80 + [Action.SEARCH] * 8 + [Action.CHANGE] * 6 + [Action.CREATE] * 4
RARE = [Action.EMERGENCY, Action.EXPORT, Action.PRINT]


def _write(rows: list[tuple[Any, ...]], columns: Sequence[str]) -> None:
    table = AccessEvent._meta.db_table
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            fields = [f for c in columns if isinstance(f := AccessEvent._meta.get_field(c), Field)]
            prepared = [
                tuple(f.get_db_prep_value(v, connection) for f, v in zip(fields, row, strict=True))
                for row in rows
            ]
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608 - fixed names
            cursor.executemany(sql, prepared)


def append_events(
    n: int,
    *,
    subjects: Sequence[uuid.UUID],
    actor_user_ids: Sequence[int],
    years: float = 5.0,
    seed: int = 14,
    progress: bool = False,
) -> None:
    """Append `n` sealed events after the chain's current end, spread evenly over
    the last `years` years (oldest first), about 1 in 500 of a rare action."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, repeatable on purpose
    ring = keyring()
    key_id, secret = ring.current_id, ring.current
    encoder = RowEncoder()
    last = AccessEvent.objects.order_by("-seq").values("seq", "hash").first()
    seq = last["seq"] if last else 0
    prev = last["hash"] if last else GENESIS_HASH
    now = datetime.datetime.now(datetime.UTC)
    start = now - datetime.timedelta(days=365.25 * years)
    step = (now - start) / max(n, 1)
    batch: list[tuple[Any, ...]] = []
    with transaction.atomic():
        for i in range(n):
            seq += 1
            rare = rng.random() < 0.002
            # In RowEncoder.columns order; the seal goes in at index 2.
            row = [
                seq,
                prev,
                "",
                key_id,
                str(rng.choice(RARE) if rare else rng.choice(ACTIONS)),
                "Crisiskaart Noord",
                None,
                "consultant",
                rng.choice(actor_user_ids),
                rare,
                "192.0.2.10",
                "",
                str(rng.randrange(1, 100_000)),
                "card_request",
                start + step * i,
                None,
                str(Outcome.SUCCESS if rng.random() < 0.99 else Outcome.DENIED),
                "",
                "crisiscard:request_detail",
                rng.choice(subjects),
                "Mozilla/5.0 (bench)",
            ]
            row[2] = prev = hmac.digest(secret, encoder.encode(row), "sha256").hex()
            batch.append(tuple(row))
            if len(batch) >= BATCH:
                _write(batch, encoder.columns)
                batch = []
                if progress and seq % 100_000 == 0:
                    print(f"  ... {seq} rows", flush=True)
        _write(batch, encoder.columns)

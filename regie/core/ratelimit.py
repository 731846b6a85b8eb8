"""A sliding-window rate limit, kept in Django's cache.

Each key counts hits in fixed slots of `window` seconds; a hit is judged on
this slot's count plus the previous slot's count weighted by how much of it
still lies inside the last `window` seconds. A plain fixed window would let a
burst of twice the limit through around a slot boundary (and made tests that
run across a minute flaky); this estimate does not.

The counts live in the database (`core.RateCount`), which every worker and
every app server shares: one `INSERT … ON CONFLICT … DO UPDATE … RETURNING`
per hit, atomic on PostgreSQL and on SQLite (3.35 and later), so concurrent
hits are never lost. The database cache took five to eleven queries per hit
(docs/performance.md, "Fifth round"). `first_in_window` still uses the
shared cache. The daily job removes rows whose window has passed (registered by
`privacy`: the rows hold client addresses).
"""

from __future__ import annotations

import datetime
import hashlib
import time

from django.core.cache import cache
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from .models import RateCount
from .net import client_ip

# One statement: a new key starts at one hit; a key in the same slot (or, from
# a worker whose clock lags, an earlier one) counts one more; a key from the
# slot before keeps that slot's hits as `previous_hits`; an older one starts over.
_HIT_SQL = """
INSERT INTO {table} ({key}, {slot}, {hits}, {previous}, {expires})
VALUES (%s, %s, 1, 0, %s)
ON CONFLICT ({key}) DO UPDATE SET
    {previous} = CASE
        WHEN {table}.{slot} >= excluded.{slot} THEN {table}.{previous}
        WHEN {table}.{slot} = excluded.{slot} - 1 THEN {table}.{hits}
        ELSE 0 END,
    {hits} = CASE WHEN {table}.{slot} >= excluded.{slot} THEN {table}.{hits} + 1 ELSE 1 END,
    {slot} = CASE WHEN {table}.{slot} > excluded.{slot} THEN {table}.{slot} ELSE excluded.{slot} END,
    {expires} = excluded.{expires}
RETURNING {hits}, {previous}
"""


def _stored_key(key: str) -> str:
    """The key as stored: as given when it fits the column, else a digest of it."""
    limit = RateCount._meta.get_field("key").max_length or 200
    if len(key) <= limit:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _count_hit(key: str, slot: int, ttl: int) -> tuple[int, int]:
    """Count one hit for `key` in `slot`: (hits in this slot, hits in the slot before)."""
    db = router.db_for_write(RateCount)
    connection = connections[db]
    quote = connection.ops.quote_name
    # Quoted names of this model's table and columns; the key and values are parameters.
    sql = _HIT_SQL.format(
        table=quote(RateCount._meta.db_table),
        key=quote("key"),
        slot=quote("slot"),
        hits=quote("hits"),
        previous=quote("previous_hits"),
        expires=quote("expires_at"),
    )
    expires = connection.ops.adapt_datetimefield_value(
        timezone.now() + datetime.timedelta(seconds=ttl)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_stored_key(key), slot, expires])
        hits, previous = cursor.fetchone()
    return int(hits), int(previous)


def key_over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key`; True once more than `limit` hits fall in the last `window` seconds."""
    slot, into_slot = divmod(time.time(), window)
    current, previous = _count_hit(f"{key}:{window}", int(slot), window * 2)
    return current + previous * (1 - into_slot / window) > limit


def remove_expired_counts(today: datetime.date | None = None) -> str:
    """The daily job: remove counts whose window has passed (one row per key was kept)."""
    removed, _ = RateCount.objects.filter(expires_at__lt=timezone.now()).delete()
    return f"{removed} expired rate-limit counts removed"


def first_in_window(key: str, *, window: int) -> bool:
    """True for the first call with `key` in this slot of `window` seconds, False for
    the rest, in every process (`cache.add` only stores a key that is not there)."""
    slot = int(time.time() // window)
    return bool(cache.add(f"ratelimit-once:{key}:{slot}", 1, window * 2))


def hit_over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one hit from this address in `scope`; True once it exceeds `limit` per `window` seconds."""
    return key_over_limit(f"{scope}:{client_ip(request) or 'unknown'}", limit=limit, window=window)

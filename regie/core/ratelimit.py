"""A sliding-window rate limit, kept in Django's cache.

Each key counts hits in fixed slots of `window` seconds; a hit is judged on
this slot's count plus the previous slot's count weighted by how much of it
still lies inside the last `window` seconds. A plain fixed window would let a
burst of twice the limit through around a slot boundary (and made tests that
run across a minute flaky); this estimate does not.

With several app servers the cache must be shared (see docs/deploy.md), so
every worker counts into the same slots.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from .net import client_ip


def _count_hit(key: str, ttl: int) -> int:
    cache.add(key, 0, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, ttl)
        return 1


def key_over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key`; True once more than `limit` hits fall in the last `window` seconds."""
    now = time.time()
    slot, into_slot = divmod(now, window)
    current = _count_hit(f"ratelimit:{key}:{int(slot)}", window * 2)
    previous = cache.get(f"ratelimit:{key}:{int(slot) - 1}", 0)
    return current + previous * (1 - into_slot / window) > limit


def first_in_window(key: str, *, window: int) -> bool:
    """True for the first call with `key` in this slot of `window` seconds, False for
    the rest, in every process (`cache.add` only stores a key that is not there)."""
    slot = int(time.time() // window)
    return bool(cache.add(f"ratelimit-once:{key}:{slot}", 1, window * 2))


def hit_over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one hit from this address in `scope`; True once it exceeds `limit` per `window` seconds."""
    return key_over_limit(f"{scope}:{client_ip(request) or 'unknown'}", limit=limit, window=window)

"""A small fixed-window rate limit, kept in Django's cache.

With several app servers the cache must be shared (see docs/deploy.md), so
every worker counts into the same windows.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from .net import client_ip


def key_over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key`; True once it exceeds `limit` per `window` seconds."""
    slot = int(time.time() // window)
    full_key = f"ratelimit:{key}:{slot}"
    cache.add(full_key, 0, window * 2)
    try:
        count = cache.incr(full_key)
    except ValueError:  # evicted between add and incr
        cache.set(full_key, 1, window * 2)
        count = 1
    return count > limit


def hit_over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one hit from this address in `scope`; True once it exceeds `limit` per `window` seconds."""
    return key_over_limit(f"{scope}:{client_ip(request) or 'unknown'}", limit=limit, window=window)

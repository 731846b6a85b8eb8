"""A small fixed-window rate limit per client address, kept in Django's cache."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from .net import client_ip


def hit_over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one hit from this address in `scope`; True once it exceeds `limit` per `window` seconds.

    With several app servers the cache must be shared (see docs/deploy.md).
    """
    slot = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{slot}"
    cache.add(key, 0, window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window * 2)
        count = 1
    return count > limit

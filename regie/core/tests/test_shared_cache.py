"""The shared cache and SQLite's settings for several processes (decisions/0032)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regie.core import ratelimit
from regie.core.cache import DatabaseCache
from regie.core.models import RateCount
from regie.core.ratelimit import key_over_limit, remove_expired_counts


def _settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL"}}
    script = (
        "import json, regie.settings.base as b; "
        "print(json.dumps({'cache': b.CACHES['default'], "
        "'options': b.DATABASES['default'].get('OPTIONS')}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_default_cache_is_the_database_and_sqlite_waits_for_writers():
    result = _settings_with(DATABASE_URL="sqlite:///regie-check.sqlite3")
    found = json.loads(result.stdout)
    assert found["cache"]["BACKEND"] == "regie.core.cache.DatabaseCache"
    assert found["cache"]["LOCATION"] == "regie_cache"
    assert found["options"]["transaction_mode"] == "IMMEDIATE"
    assert found["options"]["timeout"] == 20
    assert "journal_mode=WAL" in found["options"]["init_command"]


def test_redis_when_configured_and_postgresql_untouched():
    result = _settings_with(
        DATABASE_URL="postgres://regie@127.0.0.1:5432/regie", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    found = json.loads(result.stdout)
    assert found["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert not found["options"]


def test_a_cache_url_that_is_not_redis_is_refused():
    result = _settings_with(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0 and "CACHE_URL" in result.stderr


def test_the_suite_runs_on_the_database_cache_whose_table_exists(db):
    assert isinstance(caches["default"], DatabaseCache)
    assert "regie_cache" in connection.introspection.table_names()


def test_incr_counts_keeps_the_expiry_and_refuses_missing_or_expired_keys(db):
    assert cache.add("hits", 0, 2)
    assert [cache.incr("hits") for _ in range(3)] == [1, 2, 3]
    assert cache.get("hits") == 3
    with pytest.raises(ValueError):
        cache.incr("never-set")
    time.sleep(2.1)  # the two-second expiry from add() still holds after the increments
    assert cache.get("hits") is None
    with pytest.raises(ValueError):
        cache.incr("hits")


def test_the_rate_limit_counts_in_the_database_with_one_statement_per_hit(db):
    with CaptureQueriesContext(connection) as queries:
        assert [key_over_limit("t", limit=2, window=60) for _ in range(3)] == [False, False, True]
    assert len(queries) == 3
    assert RateCount.objects.get(key="t:60").hits == 3


def test_a_long_key_is_stored_as_its_digest(db):
    long_key = "api:" + "x" * 400
    assert [key_over_limit(long_key, limit=1, window=60) for _ in range(2)] == [False, True]
    (row,) = RateCount.objects.all()
    assert row.key.startswith("sha256:") and len(row.key) <= 200


def test_the_daily_job_removes_only_counts_whose_window_has_passed(db):
    key_over_limit("fresh", limit=5, window=60)
    key_over_limit("stale", limit=5, window=60)
    RateCount.objects.filter(key="stale:60").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert remove_expired_counts() == "1 expired rate-limit counts removed"
    assert list(RateCount.objects.values_list("key", flat=True)) == ["fresh:60"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted_on_postgresql():
    """Each thread has its own connection, as each worker would: every hit gets
    its own count, none is lost or handed out twice."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot be written from several threads")

    def hit(_: int) -> int:
        try:
            return ratelimit._count_hit("crowd", 1, 120)[0]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(hit, range(40)))
    assert sorted(counts) == list(range(1, 41))


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_not_lost_on_postgresql():
    """Each thread has its own connection, as each worker would; the base class's
    get-then-set would hand out the same count twice."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot be written from several threads")
    cache.add("hits", 0, 60)

    def bump(_: int) -> int:
        try:
            return cache.incr("hits")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(bump, range(40)))
    assert sorted(counts) == list(range(1, 41))


def test_the_rate_limit_holds_across_a_slot_boundary(db, monkeypatch):
    """A burst split around the turn of a minute is one burst: the second half
    is judged together with the first, not counted from zero."""
    import types

    clock = types.SimpleNamespace(time=lambda: 1_800_000_059.5)  # half a second before a new slot
    monkeypatch.setattr(ratelimit, "time", clock)
    before = [key_over_limit("burst", limit=4, window=60) for _ in range(3)]
    clock.time = lambda: 1_800_000_060.5  # one second later, in the next slot
    after = [key_over_limit("burst", limit=4, window=60) for _ in range(2)]
    assert before == [False, False, False] and after == [False, True]
    clock.time = lambda: 1_800_000_150.0  # a window and a half later the old hits have gone
    assert key_over_limit("burst", limit=4, window=60) is False


def test_each_hit_knows_the_slot_before_and_a_lagging_clock_counts_into_the_newer_slot(db):
    hits = [ratelimit._count_hit("lag", slot, 120) for slot in (10, 10, 9, 11, 11, 13)]
    assert hits == [(1, 0), (2, 0), (3, 0), (1, 3), (2, 3), (1, 0)]

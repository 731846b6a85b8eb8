"""Limits and the access log under real servers (decisions/0032).

Two `runserver --noreload` processes (threaded, as test-like as the suite's
own settings) share one SQLite file, made from the test database with
SQLite's backup API so no migration has to run again. Only 127.0.0.1 is
contacted; addresses of "clients" come in X-Forwarded-For behind one
trusted proxy.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import GENESIS_HASH
from regie.coordination.calendar import views as calendar_views
from regie.crisiscard import emergency
from regie.crisiscard.models import EmergencyLink
from regie.crisiscard.views import signing
from regie.people.models import Person
from regie.people.tests.factories import PersonFactory

from .realserver import get_status, running_servers

BURST = 48

# Only so that pytest-django creates the test database the servers' file is copied from.
pytestmark = pytest.mark.django_db


@dataclass
class Servers:
    ports: list[int]
    database: Path
    env: dict[str, str]
    gone_url: str


def _copy_row(target: sqlite3.Connection, table: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # model table names
        columns = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    marks = ", ".join("?" * len(columns))
    target.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", row)


@pytest.fixture(scope="module")
def servers(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    if connection.vendor != "sqlite":
        pytest.skip("the servers run on an SQLite file copied from the SQLite test database")
    folder = tmp_path_factory.mktemp("real_server")
    database = folder / "regie.sqlite3"
    # A holder whose emergency link is revoked: every look is logged and answered 410.
    # Made in the test database, copied row by row into the file, then rolled back.
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        connection.ensure_connection()
        target = sqlite3.connect(database)
        connection.connection.backup(target)
        with transaction.atomic():
            link = EmergencyLink.objects.create(holder=PersonFactory(), revoked_at=timezone.now())
            gone_url = reverse("crisiscard:emergency", args=[link.token])
            for model, pk in ((Person, link.holder_id), (EmergencyLink, link.pk)):
                _copy_row(target, model._meta.db_table, pk)
            transaction.set_rollback(True)
        target.commit()
        target.close()
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="regie.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        REGIE_TRUSTED_PROXY_COUNT="1",
        PYTHONUNBUFFERED="1",
    )
    with running_servers(env, folder) as ports:
        yield Servers(ports, database, env, gone_url)


def test_the_emergency_limit_holds_across_two_server_processes(servers: Servers) -> None:
    """Looks from one address, split over two processes, are refused after the limit:
    the counter lives in the shared (database) cache, not in each process."""
    unknown = reverse("crisiscard:emergency", args=["no-such-token"])
    for attempt in range(2):  # a fixed window may turn over mid-run: try once more
        window = int(time.time() // emergency.RATE_WINDOW)
        address = f"198.51.100.{10 + attempt}"
        statuses = [
            get_status(servers.ports[i % 2], unknown, address)
            for i in range(emergency.RATE_LIMIT + 2)
        ]
        if int(time.time() // emergency.RATE_WINDOW) == window:
            break
    assert statuses == [404] * emergency.RATE_LIMIT + [429, 429]


@pytest.mark.parametrize(
    ("url", "limit", "window", "network"),
    [
        (
            reverse("crisiscard:sign", args=["no-such-signing-token"]),
            signing.SIGN_RATE_PER_MINUTE,
            60,
            "198.51.100.3",
        ),
        (
            reverse("coordination:ical_feed", args=["no-such-feed-token"]),
            calendar_views.ICAL_RATE_LIMIT,
            calendar_views.ICAL_RATE_WINDOW,
            "198.51.100.4",
        ),
    ],
    ids=["signing link", "calendar feed"],
)
def test_guessing_signing_links_and_feeds_is_limited_across_two_processes(
    servers: Servers, url: str, limit: int, window: int, network: str
) -> None:
    """The other token pages count in the same shared cache: guesses from one
    address, split over two processes, are refused after the limit."""
    for attempt in range(2):  # a fixed window may turn over mid-run: try once more
        started = int(time.time() // window)
        address = f"{network}{attempt}"
        statuses = [get_status(servers.ports[i % 2], url, address) for i in range(limit + 2)]
        if int(time.time() // window) == started:
            break
    refused_before = [status for status in statuses[:limit] if status == 429]
    assert refused_before == [] and statuses[limit:] == [429, 429], statuses


def test_concurrent_looks_from_one_address_are_each_counted(servers: Servers) -> None:
    """Increments from many threads in two processes at once are not lost: exactly the
    limit gets through (the database cache's incr locks its row)."""
    unknown = reverse("crisiscard:emergency", args=["no-such-token"])
    total = emergency.RATE_LIMIT + 10
    for attempt in range(2):
        window = int(time.time() // emergency.RATE_WINDOW)
        address = f"198.51.100.{20 + attempt}"
        with ThreadPoolExecutor(total) as pool:
            ports = [servers.ports[i % 2] for i in range(total)]
            statuses = list(pool.map(get_status, ports, [unknown] * total, [address] * total))
        if int(time.time() // emergency.RATE_WINDOW) == window:
            break
    assert sorted(statuses) == [404] * emergency.RATE_LIMIT + [429] * 10


def test_a_burst_of_logged_reads_on_sqlite_gives_no_errors_and_an_intact_chain(
    servers: Servers,
) -> None:
    """48 concurrent emergency looks (each one an access-log row) at two threaded
    servers on one SQLite file: no "database is locked", every row in one chain."""

    def rows() -> list[tuple[int, str, str]]:
        with sqlite3.connect(servers.database) as db:
            return db.execute(
                "SELECT seq, prev_hash, hash FROM audit_accessevent ORDER BY seq"
            ).fetchall()

    before = len(rows())
    with ThreadPoolExecutor(BURST) as pool:
        statuses = list(
            pool.map(
                lambda i: get_status(servers.ports[i % 2], servers.gone_url, f"10.0.{i}.1"),
                range(BURST),
            )
        )
    assert statuses == [410] * BURST
    chain = rows()
    assert len(chain) == before + BURST
    assert [seq for seq, _, _ in chain] == list(range(1, len(chain) + 1))
    assert [prev for _, prev, _ in chain] == [GENESIS_HASH] + [h for _, _, h in chain[:-1]]
    verify = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        cwd=settings.BASE_DIR,
        env=servers.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0, verify.stderr

"""Any app server serves any request (decisions/0044).

Two `runserver --noreload` processes on free loopback ports share the
PostgreSQL test database, once with the database cache and once with Redis
(only when REGIE_TEST_REDIS_URL names a Redis database this test may empty;
`.ci/run` sets it when a local Redis answers). A browser logs in on one and carries on with
the same session cookie on the other; failed logins on one lock the account
on the other. The tests are transactional so the servers see the rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from regie.people.tests.factories import PASSWORD

from .realserver import Browser, running_servers

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "Needs PostgreSQL: other processes cannot open the in-memory SQLite test "
            "database (test_real_server.py runs two servers on an SQLite file)."
        ),
    ),
    pytest.mark.django_db(transaction=True),
]

LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
PORTAL = reverse("crisiscard:portal_home")


def _test_database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db["HOST"] or "localhost"
    return f"postgres://{credentials}{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="module", params=["database cache", "redis cache"])
def servers(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[int, int]]:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_URL"}}
    if request.param == "redis cache":
        redis_url = os.environ.get("REGIE_TEST_REDIS_URL", "")
        if not redis_url:
            pytest.skip("REGIE_TEST_REDIS_URL is not set: no Redis to share between the servers")
        env["REDIS_URL"] = redis_url
        # Counters left by an earlier run (allauth's login limits) would lock this one out.
        redis.Redis.from_url(redis_url).flushdb()
    env.update(
        DJANGO_SETTINGS_MODULE="regie.settings.test",
        DATABASE_URL=_test_database_url(),
        REGIE_TRUSTED_PROXY_COUNT="1",
        PYTHONUNBUFFERED="1",
    )
    # The test database has the cache table only when this process's cache is the database.
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    with running_servers(env, tmp_path_factory.mktemp("several_servers")) as ports:
        yield ports[0], ports[1]


def test_a_login_on_one_server_carries_on_on_the_other(servers, world):
    a, b = servers
    browser = Browser(address="203.0.113.10")
    participant = world.people["participant"]
    assert browser.get(b, PORTAL).status == 302  # not logged in yet

    page = browser.post_form(a, LOGIN, {"login": participant.email, "password": PASSWORD})
    assert page.status == 302, page.text[:2000]
    assert settings.SESSION_COOKIE_NAME in browser.cookies

    page = browser.get(b, PORTAL)
    assert page.status == 200
    assert "Your crisis plan is being written" in page.text  # her own request

    # Logging out on B ends the session on A too.
    assert browser.post_form(b, LOGOUT, {}).status == 302
    page = browser.get(a, PORTAL)
    assert page.status == 302 and LOGIN in page.location


def test_a_lockout_on_one_server_holds_on_the_other(servers, world):
    a, b = servers
    email = world.people["consultant"].email
    attacker = Browser(address="203.0.113.20")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page = attacker.post_form(a, LOGIN, {"login": email, "password": "not-the-password"})
        assert page.status in {200, 429}

    same_address = Browser(address="203.0.113.20")
    page = same_address.post_form(b, LOGIN, {"login": email, "password": PASSWORD})
    assert page.status == 429
    assert same_address.get(b, PORTAL).status == 302

    # The password is right: from another address (axes locks account and address) it works.
    other = Browser(address="203.0.113.21")
    assert other.post_form(b, LOGIN, {"login": email, "password": PASSWORD}).status == 302

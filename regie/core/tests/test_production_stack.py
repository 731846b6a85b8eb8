"""The production stack as `make serve` runs it: gunicorn with two workers,
production settings from the environment only, WhiteNoise serving the
collected, hashed and compressed static files (decision 0041).

On the PostgreSQL test database (the server process cannot open SQLite's
in-memory one); `collectstatic` writes the settings' STATIC_ROOT, as
`make serve` does. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from .realserver import free_port, wait_until_up
from .test_several_servers import _test_database_url

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: gunicorn's workers cannot open the in-memory SQLite test database.",
    ),
    pytest.mark.django_db,
]

GUNICORN = Path(sys.executable).with_name("gunicorn")
HASHED_CSS = re.compile(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"')


def production_environment(tmp: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REGIE_", "DATABASE_", "REDIS_", "EMAIL_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="regie.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_test_database_url(),
        EMAIL_URL="memory://",
        REGIE_PUBLIC_BASE_URL="https://regie.example",
        REGIE_AUDIT_KEYS="stack:" + secrets.token_urlsafe(32),
        REGIE_AUDIT_CHECKPOINT_DIR=str(tmp / "checkpoints"),
        REGIE_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_SECURE_SSL_REDIRECT="false",
        GUNICORN_WORKERS="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="module")
def stack(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, Path]]:
    tmp = tmp_path_factory.mktemp("production_stack")
    port = free_port()
    env = production_environment(tmp, port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    log = tmp / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "regie/gunicorn.conf.py", "regie.wsgi:application"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(port, process, log)
        yield port, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def get(port: int, path: str, **headers: str) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


def test_gunicorn_answers_the_probes_and_the_login_page_with_its_security_headers(stack):
    port, _log = stack
    assert get(port, "/healthz").status == 200
    ready = get(port, "/readyz")
    assert ready.status == 200, ready.body
    assert json.loads(ready.body)["status"] == "ok"

    # Behind the TLS proxy (127.0.0.1 is the trusted forwarder).
    login = get(port, reverse("account_login"), **{"X-Forwarded-Proto": "https"})
    assert login.status == 200
    policy = login.header("Content-Security-Policy")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "max-age=" in login.header("Strict-Transport-Security")
    assert "no-store" in login.header("Cache-Control")


def test_whitenoise_serves_hashed_compressed_static_files_for_a_year(stack):
    port, _log = stack
    page = get(port, reverse("account_login"), **{"X-Forwarded-Proto": "https"}).body.decode()
    found = HASHED_CSS.search(page)
    assert found, "the page links its stylesheet by a hashed name"
    css = get(port, found.group(1), **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.header("Content-Encoding") == "gzip"
    assert "immutable" in css.header("Cache-Control")


def test_the_access_log_is_json_lines_without_the_probes(stack):
    port, log = stack
    assert get(port, "/healthz").status == 200
    assert get(port, reverse("account_login") + "?next=/x").status in {200, 301, 302}
    entries = []
    for line in log.read_text().splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue  # gunicorn's own start and stop messages
    paths = [str(entry.get("path", "")) for entry in entries]
    assert reverse("account_login") in paths
    assert not [path for path in paths if path.startswith(("/healthz", "/readyz"))]
    assert not [path for path in paths if "?" in path]

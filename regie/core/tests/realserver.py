"""Real app servers for tests: `runserver --noreload` processes on free loopback ports.

Shared by test_real_server.py (two servers on one SQLite file) and
test_several_servers.py (two servers on one PostgreSQL test database).
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

START_SECONDS = 30
RUNSERVER = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver on {port} stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"runserver on {port} did not start:\n{log.read_text()}")


@contextmanager
def running_servers(env: dict[str, str], folder: Path, count: int = 2) -> Iterator[list[int]]:
    """Start `count` servers with `env`, wait until each listens, stop them afterwards."""
    started = []
    for port in [free_port() for _ in range(count)]:
        log = folder / f"server-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*RUNSERVER, f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append((port, process, log))
    try:
        for port, process, log in started:
            wait_until_up(port, process, log)
        yield [port for port, _, _ in started]
    finally:
        for _, process, _ in started:
            process.terminate()
        for _, process, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def get_status(port: int, path: str, address: str) -> int:
    """GET `path` as a client at `address` (behind one trusted proxy); the status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"X-Forwarded-For": address})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@dataclass
class Page:
    status: int
    location: str
    text: str


_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """Cookies kept across requests to any server, as one browser behind a load balancer."""

    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, port: int, method: str, path: str, form: dict[str, str] | None = None
    ) -> Page:
        headers = {"X-Forwarded-For": self.address, "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return Page(response.status, response.headers.get("Location", ""), text)
        finally:
            conn.close()

    def get(self, port: int, path: str) -> Page:
        return self.request(port, "GET", path)

    def post_form(self, port: int, path: str, fields: dict[str, str]) -> Page:
        """Fetch the form at `path` for its CSRF token, then post `fields` to it."""
        page = self.get(port, path)
        token = _CSRF_FIELD.search(page.text)
        assert token, f"no CSRF token on {path} ({page.status})"
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token[1], **fields})

"""Session fixtures for the browser tests: Chromium, a real server, and axe-core.

The server is a `manage.py runserver` subprocess on a throw-away SQLite
database, not pytest-django's live_server: its flush between tests clashes with
the append-only audit triggers. axe-core comes from the npm registry, pinned by
version and integrity, and is cached under <repo>/.cache/.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from regie.demo.people import DEMO_PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

AXE_VERSION = "4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_CACHE = REPO_ROOT / ".cache" / f"axe-core-{AXE_VERSION}" / "axe.min.js"

SERVER_START_TIMEOUT = 30.0
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
# Dutch is the default language; pin it so the browser's locale cannot change it.
BROWSER_LOCALE = "nl-NL"


def browser_required() -> bool:
    """CI (or an explicit opt-in) must not silently skip the browser tests."""
    return os.environ.get("CI") == "true" or os.environ.get("REGIE_REQUIRE_BROWSER") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip locally, fail loudly where the browser tests are required."""
    if browser_required():
        pytest.fail(f"{reason} (required because CI=true or REGIE_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


# --- Chromium -----------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Debian's Chromium; Playwright's own browser download is never used."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_executable: Path) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_executable), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


# --- Server -------------------------------------------------------------------


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_environment(database_url: str) -> dict[str, str]:
    """The subprocess environment: ours, minus Django settings that could leak in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REGIE_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "regie.settings.browser",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "REGIE_STAFF_MFA": "false",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def manage(args: list[str], env: dict[str, str], log: Path) -> None:
    """Run one manage.py command, failing with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"$ manage.py {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def wait_until_serving(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the login page until the server answers, or fail with its log."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The test server exited early:\n{log.read_text(encoding='utf-8')}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    pytest.fail(f"The test server did not answer in time:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="session")
def server_url(chromium_executable: Path) -> Iterator[str]:
    """Migrate, seed and serve a fresh database; yield the server's base URL."""
    with tempfile.TemporaryDirectory(prefix="regie-browser-") as tmp:
        tmp_dir = Path(tmp)
        log = tmp_dir / "server.log"
        env = server_environment(f"sqlite:///{tmp_dir / 'browser.sqlite3'}")
        manage(["migrate", "--no-input"], env, log)
        manage(["compile_translations"], env, log)
        manage(["seed_demo"], env, log)

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("ab") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=REPO_ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_serving(port, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


# --- axe-core -----------------------------------------------------------------


def npm_integrity(data: bytes) -> str:
    """The npm `dist.integrity` string (sha512, base64) of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch_axe(destination: Path) -> None:
    """`npm pack` the pinned axe-core, check its integrity, keep axe.min.js."""
    npm = shutil.which("npm")
    if npm is None:
        skip_or_fail(f"npm is missing, so axe-core {AXE_VERSION} cannot be fetched")
    with tempfile.TemporaryDirectory(prefix="regie-axe-") as tmp:
        result = subprocess.run(
            [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        tarballs = list(Path(tmp).glob("axe-core-*.tgz"))
        if result.returncode != 0 or len(tarballs) != 1:
            pytest.fail(f"npm pack axe-core@{AXE_VERSION} failed:\n{result.stdout}{result.stderr}")
        data = tarballs[0].read_bytes()
    actual = npm_integrity(data)
    if actual != AXE_INTEGRITY:
        pytest.fail(
            f"axe-core {AXE_VERSION} tarball integrity mismatch: "
            f"expected {AXE_INTEGRITY}, got {actual}"
        )
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            pytest.fail("package/axe.min.js is not a regular file in the axe-core tarball")
        script = member.read()
    destination.parent.mkdir(parents=True, exist_ok=True)
    # A private name, then an atomic rename: parallel workers never see half a file.
    partial = destination.with_name(f"{destination.name}.{os.getpid()}.partial")
    partial.write_bytes(script)
    partial.replace(destination)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The source of axe.min.js, fetched from npm on first use and then cached."""
    if not AXE_CACHE.exists():
        fetch_axe(AXE_CACHE)
    return AXE_CACHE.read_text(encoding="utf-8")


# --- Contexts and logging in --------------------------------------------------


def new_context(browser: Browser, base_url: str, *, bypass_csp: bool = False) -> BrowserContext:
    """A fresh, isolated browser context with Dutch as the browser language."""
    context = browser.new_context(
        base_url=base_url,
        locale=BROWSER_LOCALE,
        viewport=DESKTOP_VIEWPORT,
        bypass_csp=bypass_csp,
    )
    context.set_default_timeout(15_000)
    return context


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real allauth form and wait to leave the login page."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form:has(input[name=login]) [type=submit]")
    if "/accounts/login/" in page.url:
        pytest.fail(f"Logging in as {email} failed; still on {page.url}")


@pytest.fixture
def context(browser: Browser, server_url: str) -> Iterator[BrowserContext]:
    """A plain browser context (CSP enforced) for one test."""
    ctx = new_context(browser, server_url)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page in the test's own context."""
    return context.new_page()

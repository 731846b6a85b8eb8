"""Benchmark: every page of issue 14 under gunicorn and wrk, as a ratio to the login page.

`make bench-pages` (docs/performance.md, "Pages"). Production settings,
gunicorn with 2 workers, on a `seed_scale` data set:

- `DATABASE_URL` set: that database (PostgreSQL), seeded with
  `BENCH_PARTICIPANTS` participants when it has no scale set yet;
- otherwise `BENCH_DB`, a SQLite file that already holds a scale set;
- otherwise a throw-away SQLite file `var/bench/pages-<N>.sqlite3`, seeded
  once with `BENCH_PARTICIPANTS` (default 2,000) and reused after.

The access log is sealed with `REGIE_AUDIT_KEYS` (seeding and serving use
the same value; without it the public development key, as `seed_scale`
under development settings uses). Staff MFA is off for the bench
(`REGIE_STAFF_MFA=false`): sessions are made directly (bench.pages_setup).
Each page is loaded with `wrk -t2 -c8 -d10s` (BENCH_THREADS,
BENCH_CONNECTIONS, BENCH_DURATION) between two runs on the login page; its
ratio is its requests per second over their mean. BENCH_PAGES=a,b limits
the run to those pages.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess  # nosec B404  # this repository's manage.py, gunicorn and wrk
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import wrk
from bench.page_list import EMERGENCY, PAGES

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEV_AUDIT_KEYS = "dev:regie-development-audit-key-not-secret"


def say(text: str) -> None:
    print(text, flush=True)


def find_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    say("bench: wrk is missing; installing it with apt-get")
    apt = shutil.which("apt-get")
    if apt is None:
        raise SystemExit("bench: wrk is missing and there is no apt-get; install wrk first.")
    subprocess.run([apt, "install", "-y", "-q", "wrk"], check=True)  # noqa: S603  # nosec B603  # fixed argument list, no shell
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench: wrk could not be installed.")
    return found


def database_url() -> tuple[str, bool]:
    """The database to measure, and whether it may be seeded when empty."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], True
    if os.environ.get("BENCH_DB"):
        return f"sqlite:///{Path(os.environ['BENCH_DB']).resolve()}", False
    n = int(os.environ.get("BENCH_PARTICIPANTS", "2000"))
    path = ROOT / "var" / "bench" / f"pages-{n}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}", True


def production_env(url: str, work: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "regie.settings.production",
            "DATABASE_URL": url,
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY") or "bench-" + "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REGIE_PUBLIC_BASE_URL": "https://regie.example",
            "EMAIL_URL": "memory://",
            "REGIE_AUDIT_KEYS": env.get("REGIE_AUDIT_KEYS") or DEV_AUDIT_KEYS,
            "REGIE_AUDIT_CHECKPOINT_DIR": str(work / "checkpoints"),
            "REGIE_MEDIA_ROOT": str(work / "media"),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "REGIE_STAFF_MFA": "false",
            # wrk gives each emergency-view request its own address (the
            # view allows 30 per address per minute), as scanners behind a proxy.
            "REGIE_TRUSTED_PROXY_COUNT": "1",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
        }
    )
    env.pop("DJANGO_SECRET_KEY_FILE", None)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # nosec B603  # fixed argument list, no shell
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    )


def prepare(env: dict[str, str], may_seed: bool) -> dict[str, object]:
    """Migrate, collect static files, seed when allowed, and get paths and sessions."""
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    setup = [PY, "-m", "bench.pages_setup"]
    done = subprocess.run(setup, cwd=ROOT, env=env, text=True, capture_output=True, check=False)  # noqa: S603  # nosec B603  # fixed argument list, no shell
    if done.returncode == 3 and may_seed:
        n = os.environ.get("BENCH_PARTICIPANTS", "2000")
        say(f"bench: seeding {n} participants (seed_scale, development settings)")
        seed_env = dict(env, DJANGO_SETTINGS_MODULE="regie.settings.dev")
        manage(seed_env, "seed_scale", "--participants", n, "--seed", "2026")
        done = subprocess.run(setup, cwd=ROOT, env=env, text=True, capture_output=True, check=False)  # noqa: S603  # nosec B603  # fixed argument list, no shell
    # A bulk-loaded SQLite file has no planner statistics (docs/performance.md).
    manage(env, "refresh_db_statistics", "--full")
    if done.returncode != 0:
        raise SystemExit(f"bench: setting up failed: {done.stdout.strip()} {done.stderr.strip()}")
    result: dict[str, object] = json.loads(done.stdout)
    return result


def wait_ready(base: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("bench: gunicorn stopped while starting; see var/bench/gunicorn.log.")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:  # noqa: S310  # nosec B310  # http://127.0.0.1 only
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit("bench: gunicorn did not answer /healthz in time.")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check_page(base: str, path: str, cookie: str | None, spread: bool) -> int:
    """The status of one GET (no redirects followed); warms the workers up too."""
    request = urllib.request.Request(f"{base}{path}")  # noqa: S310  # nosec B310  # http://127.0.0.1 only
    if cookie:
        request.add_header("Cookie", cookie)
    if spread:
        request.add_header("X-Forwarded-For", "10.255.255.1")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=120) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def drain(base: str, setup: dict[str, object], run: wrk.Run, options: dict[str, object]) -> None:
    """Let the workers finish what wrk left queued before the next run starts.

    wrk stops on time, but requests it already sent are still answered (two
    sync workers, up to `connections` queued), and would slow the next run.
    """
    connections = int(str(options["connections"]))
    time.sleep(min(connections * run.p50_ms / 1000 / 2, 60))
    check_page(base, str(setup["login"]), None, False)


def measure(base: str, setup: dict[str, object], wrk_bin: str, env: dict[str, str]) -> None:
    sessions = setup["sessions"]
    paths = setup["paths"]
    assert isinstance(sessions, dict) and isinstance(paths, dict)
    chosen = [p for p in os.environ.get("BENCH_PAGES", "").split(",") if p]
    pages = [p for p in PAGES if not chosen or p.name in chosen]
    options = {
        "threads": int(os.environ.get("BENCH_THREADS", "2")),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "8")),
        "duration": os.environ.get("BENCH_DURATION", "10s"),
        "timeout": os.environ.get("BENCH_TIMEOUT", "60s"),
        "env": env,
    }
    cookies = {persona: f"{setup['cookie_name']}={key}" for persona, key in sessions.items()}
    for page in pages:
        cookie = cookies.get(page.persona) if page.persona else None
        status = check_page(base, paths[page.name], cookie, page.name == EMERGENCY)
        if status != 200:
            raise SystemExit(f"bench: {page.name} answered {status}, not 200")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk.LUA)
    login_url = f"{base}{setup['login']}"

    def login() -> wrk.Run:
        return wrk.run(wrk_bin, login_url, script.name, cookie=None, spread=False, **options)  # type: ignore[arg-type]

    say(
        f"bench: {len(pages)} pages, wrk -t{options['threads']} -c{options['connections']} "
        f"-d{options['duration']}, load average {os.getloadavg()[0]:.1f}"
    )
    results: list[wrk.Measured] = []
    try:
        before = login()
        for page in pages:
            cookie = cookies.get(page.persona) if page.persona else None
            run = wrk.run(
                wrk_bin,
                f"{base}{paths[page.name]}",
                script.name,
                cookie=cookie,
                spread=page.name == EMERGENCY,
                **options,  # type: ignore[arg-type]
            )
            drain(base, setup, run, options)
            after = login()
            results.append(wrk.Measured(page.name, run, before, after))
            say(wrk.format_line(results[-1]))
            before = after
    finally:
        os.unlink(script.name)
    say(f"bench: load average {os.getloadavg()[0]:.1f} at the end")
    say(wrk.last_line(results, EMERGENCY))


def stop(signum: int, frame: object) -> None:
    raise SystemExit(f"bench: stopped by signal {signum}")


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    wrk_bin = find_wrk()
    url, may_seed = database_url()
    port = int(os.environ.get("BENCH_PORT", "8765"))
    work = Path(tempfile.mkdtemp(prefix="regie-bench-pages-"))
    env = production_env(url, work, port)
    say(f"bench: pages on {url.split('@')[-1]}")
    setup = prepare(env, may_seed)
    base = f"http://127.0.0.1:{port}"
    log_path = ROOT / "var" / "bench" / "gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603  # nosec B603  # fixed argument list, no shell
        [
            str(Path(PY).parent / "gunicorn"),
            "-c",
            "regie/gunicorn.conf.py",
            "regie.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_ready(base, server)
        measure(base, setup, wrk_bin, env)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

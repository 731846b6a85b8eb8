"""Running `wrk` and reading its figures, for `bench.pages` (no Django here).

wrk prints p50 but no p95 by default, and its text output is meant for
people; a small Lua `done()` hook prints one machine-readable line instead,
which `parse` reads. The same script can give every request its own client
address (X-Forwarded-For), so a per-address rate limit (the emergency view's)
does not turn the run into a run of "busy" pages.
"""

from __future__ import annotations

import re
import statistics
import subprocess  # nosec B404  # the wrk binary, fixed argument list
from dataclasses import dataclass

LUA = """\
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

if os.getenv("BENCH_SPREAD_ADDRESSES") == "1" then
  local n = 0
  request = function()
    n = n + 1
    wrk.headers["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", tid or 0, math.floor(n / 250) % 250, n % 250 + 1)
    return wrk.format()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d status_errors=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""

LINE = re.compile(
    r"^BENCH requests=(?P<requests>\d+) duration_us=(?P<duration>\d+) "
    r"p50_us=(?P<p50>\d+) p95_us=(?P<p95>\d+) "
    r"status_errors=(?P<status>\d+) socket_errors=(?P<socket>\d+)$",
    re.MULTILINE,
)


class WrkOutputError(ValueError):
    """wrk's output has no line from the bench's done() hook."""


@dataclass(frozen=True)
class Run:
    """One wrk run: throughput, latency percentiles and failures."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    status_errors: int = 0
    socket_errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def parse(output: str) -> Run:
    """The Run in wrk's standard output (the done() hook's line)."""
    match = LINE.search(output)
    if match is None:
        raise WrkOutputError("wrk printed no BENCH line; is the Lua script loaded?")
    return Run(
        requests=int(match["requests"]),
        seconds=int(match["duration"]) / 1_000_000,
        p50_ms=int(match["p50"]) / 1000,
        p95_ms=int(match["p95"]) / 1000,
        status_errors=int(match["status"]),
        socket_errors=int(match["socket"]),
    )


def ratio(page: Run, before: Run, after: Run) -> float:
    """The page's requests per second over the mean of the login runs around it."""
    floor = statistics.mean((before.rps, after.rps))
    return page.rps / floor if floor > 0 else 0.0


@dataclass(frozen=True)
class Measured:
    name: str
    page: Run
    before: Run
    after: Run

    @property
    def ratio(self) -> float:
        return ratio(self.page, self.before, self.after)


def last_line(results: list[Measured], emergency: str) -> str:
    """`bench: worst page <name> <ratio>, emergency <ratio>` (emergency "-" when not run)."""
    if not results:
        return "bench: no pages measured"
    worst = min(results, key=lambda m: m.ratio)
    found = [m for m in results if m.name == emergency]
    emergency_ratio = f"{found[0].ratio:.3f}" if found else "-"
    return f"bench: worst page {worst.name} {worst.ratio:.3f}, emergency {emergency_ratio}"


def format_line(m: Measured) -> str:
    errors = ""
    if m.page.status_errors or m.page.socket_errors:
        errors = f", errors: {m.page.status_errors} status, {m.page.socket_errors} socket"
    return (
        f"{m.name:<28} {m.page.rps:8.1f} req/s  p50 {m.page.p50_ms:7.1f} ms  "
        f"p95 {m.page.p95_ms:7.1f} ms  login {m.before.rps:.0f}/{m.after.rps:.0f} req/s  "
        f"ratio {m.ratio:.3f}{errors}"
    )


def run(
    wrk: str,
    url: str,
    script: str,
    *,
    threads: int,
    connections: int,
    duration: str,
    timeout: str = "60s",
    cookie: str | None,
    spread: bool,
    env: dict[str, str],
) -> Run:
    """One wrk run against url; raises on a failed wrk or missing figures."""
    args = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}",
        f"--timeout={timeout}",
        "-s",
        script,
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    args.append(url)
    run_env = dict(env, BENCH_SPREAD_ADDRESSES="1" if spread else "0")
    done = subprocess.run(args, capture_output=True, text=True, env=run_env, check=False)  # noqa: S603  # nosec B603  # fixed argument list, no shell
    if done.returncode != 0:
        raise WrkOutputError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return parse(done.stdout)

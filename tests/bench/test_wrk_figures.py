"""bench.wrk: reading wrk's figures and the page ratios (no network, no wrk)."""

import pytest

from bench import wrk

OUTPUT = """Running 10s test @ http://127.0.0.1:8765/accounts/login/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    13.10ms    4.20ms  61.00ms   80.00%
    Req/Sec   307.10     30.20   380.00     70.00%
  6142 requests in 10.01s, 60.00MB read
Requests/sec:    613.59
Transfer/sec:      5.99MB
BENCH requests=6142 duration_us=10010000 p50_us=12250 p95_us=21800 status_errors=3 socket_errors=1
"""


def run(rps: float, p50: float = 10.0) -> wrk.Run:
    return wrk.Run(requests=int(rps * 10), seconds=10.0, p50_ms=p50, p95_ms=2 * p50)


def test_parse_reads_the_done_hook_line():
    result = wrk.parse(OUTPUT)
    assert result.requests == 6142
    assert result.seconds == pytest.approx(10.01)
    assert result.rps == pytest.approx(613.59, abs=0.01)
    assert (result.p50_ms, result.p95_ms) == (12.25, 21.8)
    assert (result.status_errors, result.socket_errors) == (3, 1)


def test_parse_refuses_output_without_the_hook_line():
    with pytest.raises(wrk.WrkOutputError):
        wrk.parse(OUTPUT.rsplit("BENCH", 1)[0])


def test_the_lua_hook_prints_what_parse_reads():
    assert "latency:percentile(95)" in wrk.LUA
    assert "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d" in wrk.LUA


def test_ratio_is_over_the_mean_of_the_login_runs_around_the_page():
    assert wrk.ratio(run(150), run(500), run(700)) == pytest.approx(0.25)
    assert wrk.ratio(run(150), run(0), run(0)) == 0.0


def test_last_line_names_the_worst_page_and_the_emergency_view():
    results = [
        wrk.Measured("region-report", run(6), run(600), run(600)),
        wrk.Measured("emergency", run(200), run(400), run(400)),
        wrk.Measured("participant-home", run(300), run(600), run(600)),
    ]
    assert wrk.last_line(results, "emergency") == (
        "bench: worst page region-report 0.010, emergency 0.500"
    )


def test_last_line_without_the_emergency_view_or_any_page():
    results = [wrk.Measured("workload", run(30), run(600), run(600))]
    assert wrk.last_line(results, "emergency") == "bench: worst page workload 0.050, emergency -"
    assert wrk.last_line([], "emergency") == "bench: no pages measured"


def test_format_line_shows_errors_only_when_there_are_some():
    clean = wrk.format_line(wrk.Measured("workload", run(30), run(600), run(600)))
    assert "ratio 0.050" in clean and "errors" not in clean
    failing = wrk.Run(requests=10, seconds=1.0, p50_ms=1, p95_ms=2, status_errors=4)
    assert "errors: 4 status" in wrk.format_line(wrk.Measured("x", failing, run(1), run(1)))

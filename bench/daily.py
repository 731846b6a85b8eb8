"""Benchmark: the daily job and card printing over N issued cards. Prints figures.

    python -m bench.daily [N]        (default 10,000; `make bench-daily`)
    BENCH_PROFILE=1 python -m bench.daily [N]    (also cProfile's top functions per run)
    BENCH_TASKS=immediate python -m bench.daily [N]   (mails sent in this process, as the tests do)
    BENCH_DAILY_PROCESSES=1 python -m bench.daily [N]  (the job in one process; default as
                                                        REGIE_DAILY_PROCESSES, 2)

The mails go to the database queue, as in production (a worker sends them
later; they are counted, not sent). With BENCH_TASKS=immediate the test
settings' backend sends each one in the job's own process instead.

Runs against a throw-away test database (SQLite, or DATABASE_URL: then
test_<name>), filled with bulk inserts: N participants, each with one request,
an established plan version and a card issued some day in the last 36 months.
The state is what a job that ran every day until a month ago left behind
(evaluations created on their due dates with their invitations recorded,
90 % completed two weeks later, requests in the matching state, cards past
eighteen months marked and their notices recorded), so the
first run catches up one month, as after a month without runs, and the rerun
has nothing to do. Memory is the process's peak resident size during each
phase (VmHWM, reset before it), so it includes Python and Django themselves;
beside it, the highest sum of this process's and its parts' proportional set
sizes (bench.memwatch), which counts a page shared by fork once.

On PostgreSQL the job runs as `manage.py run_daily` runs it, in processes
forked from this one (core.parallel): their CPU time and the largest one's
peak are printed beside this process's, and queries are counted in this
process only (BENCH_DAILY_PROCESSES=1 counts them all, and is what
BENCH_PROFILE needs to see the work).
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime
import gc
import os
import pstats
import resource
import statistics
import subprocess  # nosec B404  # bench.memwatch beside the job
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

from regie.core.parallel import processes_for  # noqa: E402
from regie.crisiscard import reliability, schema  # noqa: E402
from regie.crisiscard.models import (  # noqa: E402
    Card,
    CardRequest,
    CardStatus,
    Channel,
    CrisisPlan,
    EmergencyLink,
    Evaluation,
    HeardVia,
    Notification,
    PlanVersion,
    RequestState,
    _add_months,
    content_hash,
)
from regie.crisiscard.pdf import card_pdf  # noqa: E402
from regie.crisiscard.selectors.cards import LIVE_LINKS  # noqa: E402
from regie.crisiscard.services.cards import prefill_panels  # noqa: E402
from regie.crisiscard.services.daily_parts import run_daily_in_parts  # noqa: E402
from regie.people.models import Person, Region  # noqa: E402

BATCH = 2000
REGIONS = 25
HISTORY_DAYS = 36 * 30
PRINT_CARDS = 300


def _content() -> dict:
    content = schema.empty_plan()
    content["about_me"]["text"] = "Ik ben iemand die houdt van rust en van een vaste dag."
    content["contacts"] = [
        {"name": "Marieke de Boer", "relationship": "zus", "phone": "06 12345678"},
        {"name": "Jan Visser", "relationship": "buurman", "phone": "06 87654321"},
    ]
    content["care_providers"] = [
        {"name": "Dr. Smit", "role": "huisarts", "phone": "010 1234567"},
    ]
    content["medication"] = [{"name": "Sertraline", "dose": "50 mg", "what_to_do": "'s ochtends"}]
    return schema.normalise(content)


def _history(issued: datetime.date, until: datetime.date, index: int):
    """Evaluations and state as a daily job running until `until` would leave them."""
    evaluations: list[tuple[datetime.date, datetime.datetime | None]] = []
    base, state, confirmed = issued, RequestState.CARD_ISSUED, issued
    while (due := _add_months(base, 12)) <= until:
        completed = due + datetime.timedelta(days=14)
        if index % 10 == 0 or completed > until:  # left open
            evaluations.append((due, None))
            state = RequestState.EVALUATION_DUE
            break
        at = timezone.make_aware(datetime.datetime.combine(completed, datetime.time(11)))
        evaluations.append((due, at))
        base, confirmed, state = completed, completed, RequestState.EVALUATED
    marked = until if confirmed <= reliability.cutoff(until) else None
    return evaluations, state, marked, confirmed


def build(n: int, today: datetime.date) -> None:
    """N participants with one issued card each, in bulk."""
    content = _content()
    digest = content_hash(content)
    regions = Region.objects.bulk_create(
        Region(name=f"Regio {i}", slug=f"bench-{i}") for i in range(REGIONS)
    )
    consultants = Person.objects.bulk_create(
        Person(first_name="Consulent", last_name=str(i), email=f"consulent{i}@bench.invalid")
        for i in range(max(1, n // 100))
    )
    until = today - datetime.timedelta(days=31)
    sample = PlanVersion(content=content)
    panels = prefill_panels(sample, Person(first_name="Sanne", last_name="de Vries"))
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        people = Person.objects.bulk_create(
            Person(
                first_name="Deelnemer",
                last_name=str(start + i),
                email=f"deelnemer{start + i}@bench.invalid",
                preferred_language="nl",
            )
            for i in range(size)
        )
        issued = [
            today - datetime.timedelta(days=1 + (start + i) * 7919 % HISTORY_DAYS)
            for i in range(size)
        ]
        histories = [_history(day, until, start + i) for i, day in enumerate(issued)]
        requests = CardRequest.objects.bulk_create(
            CardRequest(
                participant=person,
                region=regions[(start + i) % REGIONS],
                consultant=consultants[(start + i) % len(consultants)],
                heard_via=HeardVia.GP,
                channel=Channel.PHONE,
                state=histories[i][1],
            )
            for i, person in enumerate(people)
        )
        plans = CrisisPlan.objects.bulk_create(
            CrisisPlan(request=r, draft=content, draft_revision=1) for r in requests
        )
        versions = PlanVersion.objects.bulk_create(
            PlanVersion(plan=plan, number=1, content=content, content_hash=digest, established_by=p)
            for plan, p in zip(plans, people, strict=True)
        )
        cards = Card.objects.bulk_create(
            Card(
                request=r,
                version=v,
                number=f"B{start + i:08d}",
                panels=panels,
                status=CardStatus.ISSUED,
                issued_on=issued[i],
                marked_unreliable_on=histories[i][2],
            )
            for i, (r, v) in enumerate(zip(requests, versions, strict=True))
        )
        Evaluation.objects.bulk_create(
            Evaluation(
                card=card,
                due_on=due,
                invited_at=timezone.make_aware(datetime.datetime.combine(due, datetime.time(6))),
                completed_at=completed,
                outcome="unchanged" if completed else "",
            )
            for card, (evaluations, _s, _m, _c) in zip(cards, histories, strict=True)
            for due, completed in evaluations
        )
        # The mails those runs sent, each recorded under its key (services/daily.py).
        Notification.objects.bulk_create(
            [
                Notification(key=f"evaluation-invite:{card.pk}:{due.isoformat()}", recipient=p)
                for card, p, (evaluations, *_rest) in zip(cards, people, histories, strict=True)
                for due, _completed in evaluations
            ]
            + [
                Notification(key=f"unreliable:{card.pk}:{checked:%Y%m%d}:{who}", recipient=to)
                for card, r, (_e, _s, marked, checked) in zip(
                    cards, requests, histories, strict=True
                )
                if marked is not None
                for who, to in (("holder", r.participant), ("consultant", r.consultant))
            ]
        )
        EmergencyLink.objects.bulk_create(EmergencyLink(holder=p) for p in people)
        print(f"\rbuilt {start + size}/{n} cards", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def _reset_peak() -> None:
    gc.collect()
    with contextlib.suppress(OSError):  # not Linux: the peak is the process's so far
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _daily(label: str, today: datetime.date, n: int) -> None:
    wanted = int(os.environ.get("BENCH_DAILY_PROCESSES", settings.REGIE_DAILY_PROCESSES))
    parts = processes_for(wanted)
    _reset_peak()
    # The job's processes together (this one and its parts), sampled from outside.
    watcher = subprocess.Popen(  # noqa: S603  # nosec B603  # this interpreter, a fixed module
        [sys.executable, "-m", "bench.memwatch", str(os.getpid())],
        stdout=subprocess.PIPE,
        text=True,
    )
    children_cpu = _children_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    # Counted as they run: CaptureQueriesContext stops at Django's 9,000-query log.
    profiler = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    with connection.execute_wrapper(count):
        if profiler is not None:
            profiler.enable()
        report = run_daily_in_parts(today, wanted)
        if profiler is not None:
            profiler.disable()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    watcher.terminate()
    together = watcher.communicate(timeout=30)[0].strip()
    in_parts = ""
    if parts > 1:
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        in_parts = (
            f" + {_children_cpu() - children_cpu:.2f} s in {parts} processes, "
            f"the largest peaking at {largest:.0f} MB"
        )
    print(
        f"run_daily {label}: {n} cards in {seconds:.2f} s ({cpu:.2f} s CPU in Python{in_parts}), "
        f"peak {_peak_mb():.0f} MB ({together} MB{' with its parts' if parts > 1 else ''}, as PSS), "
        f"{len(queries)} queries"
        + (" in this process" if parts > 1 else "")
        + f"; {report.summary()}"
    )
    if profiler is not None:  # BENCH_PROFILE=1: where the time went, by cumulative time
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


def _printing() -> None:
    cards = list(
        Card.objects.filter(status=CardStatus.ISSUED)
        .select_related("request__participant", "request__region", "version")
        .prefetch_related(LIVE_LINKS)
        .order_by("-issued_on", "pk")[:50]
    )
    holders: dict = {}
    card_pdf(cards[0], holders=holders)  # fonts and URL patterns load once per process
    times, cpu_times = [], []
    for card in cards:
        start, cpu = time.perf_counter(), time.process_time()
        card_pdf(card, holders=holders)
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
    print(
        f"card PDF: median {statistics.median(times):.1f} ms "
        f"({statistics.median(cpu_times):.1f} ms CPU) over {len(times)} cards"
    )

    since = (
        Card.objects.filter(status=CardStatus.ISSUED)
        .order_by("-issued_on")
        .values_list("issued_on", flat=True)[PRINT_CARDS - 1]
    )
    assert since is not None  # issued cards have an issue date
    with tempfile.TemporaryDirectory(prefix="regie-bench-") as out:
        start, cpu = time.perf_counter(), time.process_time()
        with open(os.devnull, "w") as devnull:
            call_command(
                "print_cards", since=since.isoformat(), out=out, stdout=devnull, stderr=devnull
            )
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        printed = len(os.listdir(out))
    print(
        f"print_cards: {printed} cards in {seconds:.2f} s ({printed / seconds:.0f} cards/s; "
        f"{cpu:.2f} s CPU, {printed / cpu:.0f} cards per CPU second)"
    )


def main(n: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        today = timezone.localdate()
        start = time.perf_counter()
        build(n, today)
        with connection.cursor() as cursor:
            # Planner statistics, as a live database has them (autovacuum would
            # get there later): without them PostgreSQL may nest-loop the whole
            # card and request tables.
            cursor.execute("ANALYZE")
        print(f"built {n} cards in {time.perf_counter() - start:.1f} s ({connection.vendor})")
        reset_queries()
        # The mails go to the database queue, as in production (a worker
        # delivers them later); with BENCH_TASKS=immediate the test settings'
        # backend delivers each one in this process after its batch commits.
        queue = os.environ.get("BENCH_TASKS", "database") != "immediate"
        print(f"mails: {'to the database queue' if queue else 'sent in this process'}")
        tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
        with override_settings(TASKS=tasks) if queue else contextlib.nullcontext():
            _daily("first run (a month to catch up)", today, n)
            _daily("rerun (nothing to do)", today, n)
        if queue:
            from django_tasks_db.models import DBTaskResult

            print(f"tasks queued: {DBTaskResult.objects.count()} (not run)")
        _printing()
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average: {load}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

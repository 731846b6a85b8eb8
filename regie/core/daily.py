"""The daily jobs: each app registers its own, `manage.py run_daily` runs them all.

An app registers a job in its AppConfig.ready() with `register_daily_job(name, job)`;
a job takes the day to act for and returns a one-line summary. Jobs run in the
order they were registered, which is the order of INSTALLED_APPS (Django calls
ready() in that order), so the crisis card's evaluations run before
coordination's reminders on every run. One job failing does not stop the others.
Every job must be safe to run twice on one day (the command may be re-run after
a failure).

Several machines may start the daily job at once (cron on each, or a worker
each): `run_daily_locked` takes a lease on the day's `DailyRun` row first, so
the same day's jobs never run twice at the same time. The jobs' own unique
keys (for example the crisis card's `Notification`) are the second line: even
two runs side by side send each reminder once (core/tests/test_daily_concurrency.py).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from . import dbstats
from .models import DailyRun
from .tasks import background

logger = logging.getLogger(__name__)

Job = Callable[[datetime.date], str]


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Job


@dataclass(frozen=True)
class DailyResult:
    name: str
    summary: str = ""
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


class DailyJobs:
    """An ordered set of named jobs."""

    def __init__(self) -> None:
        self._jobs: dict[str, DailyJob] = {}

    def register(self, name: str, run: Job) -> None:
        """Add a job; registering the same job under its name again changes nothing.

        Raises ImproperlyConfigured when another job already has the name.
        """
        existing = self._jobs.get(name)
        if existing is not None and existing.run is not run:
            raise ImproperlyConfigured(f"Two daily jobs are called {name!r}.")
        self._jobs.setdefault(name, DailyJob(name=name, run=run))

    def jobs(self) -> list[DailyJob]:
        return list(self._jobs.values())

    def run_all(self, today: datetime.date) -> list[DailyResult]:
        """Run every job for `today`, in order. A job that raises is logged with its
        traceback and reported as failed; the jobs after it still run."""
        results = []
        for job in self.jobs():
            try:
                summary = job.run(today)
            except Exception as error:  # one broken job must not stop the others
                logger.exception("Daily job %s failed for %s", job.name, today.isoformat())
                results.append(DailyResult(name=job.name, error=f"{type(error).__name__}: {error}"))
            else:
                results.append(DailyResult(name=job.name, summary=summary))
        return results


registry = DailyJobs()


def register_daily_job(name: str, run: Job) -> None:
    """Register an app's daily job (call from AppConfig.ready())."""
    registry.register(name, run)


# A run that holds the lease this long is taken to have died (machine lost).
LEASE = datetime.timedelta(hours=6)


def _claim(today: datetime.date) -> bool:
    """Take the day's lease; False when another run for `today` holds it."""
    DailyRun.objects.get_or_create(day=today)
    now = timezone.now()
    with transaction.atomic():
        run = DailyRun.objects.select_for_update().get(day=today)
        if run.running_since is not None and now - run.running_since < LEASE:
            return False
        run.running_since = now
        run.runs += 1
        run.save(update_fields=["running_since", "runs"])
    return True


def run_daily_locked(today: datetime.date) -> list[DailyResult] | None:
    """Run every job for `today` unless a run for that day is under way elsewhere.

    Returns the results, or None when the day's run was skipped. The lease is
    given back when the run ends, also after a failing job, so the command can
    simply be run again.
    """
    if not _claim(today):
        logger.info("Daily jobs for %s already running elsewhere; skipped", today.isoformat())
        return None
    results: list[DailyResult] = []
    try:
        results = registry.run_all(today)
        refresh_statistics_after_jobs()
    finally:
        summary = (
            "; ".join(f"{r.name}: {'failed' if r.failed else 'ok'}" for r in results)
            or "interrupted"
        )
        DailyRun.objects.filter(day=today).update(
            running_since=None, last_finished_at=timezone.now(), last_summary=summary
        )
    return results


def refresh_statistics_after_jobs() -> None:
    """The planner statistics, once a day after the jobs (core.dbstats; SQLite
    only, a no-op on PostgreSQL). Logged, not one of the jobs' results: it is
    the database's housekeeping, and a failure here fails no job."""
    try:
        if dbstats.refresh_statistics():
            logger.info("Database statistics refreshed (bounded ANALYZE)")
    except Exception:  # the day's jobs are done; statistics can wait for tomorrow
        logger.exception("Refreshing the database statistics failed")


class DailyJobFailed(RuntimeError):
    """One or more daily jobs failed; the task is tried again (each job is idempotent)."""


@background
def run_daily_task(day: str | None = None) -> str:
    """The daily jobs as a background task (`manage.py run_daily --enqueue`).

    `day` is an ISO date, or None for today. Raises DailyJobFailed naming the
    failed jobs, so the queue tries again later and finally lists it as failed.
    """
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    results = run_daily_locked(today)
    if results is None:
        return "skipped: already running"
    failed = [r.name for r in results if r.failed]
    if failed:
        raise DailyJobFailed(f"Daily jobs failed for {today.isoformat()}: {', '.join(failed)}")
    return "; ".join(f"{r.name}: {r.summary}" for r in results)

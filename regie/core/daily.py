"""The daily jobs: each app registers its own, `manage.py run_daily` runs them all.

An app registers a job in its AppConfig.ready() with `register_daily_job(name, job)`;
a job takes the day to act for and returns a one-line summary. Jobs run in the
order they were registered, which is the order of INSTALLED_APPS (Django calls
ready() in that order), so the crisis card's evaluations run before
coordination's reminders on every run. One job failing does not stop the others.
Every job must be safe to run twice on one day (the command may be re-run after
a failure).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

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

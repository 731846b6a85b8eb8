"""The crisis card's daily job as `manage.py run_daily` runs it: `run_daily`
over all cards, split over processes where that can hold (core.parallel,
decision 0053)."""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Iterable

from django.conf import settings

from regie.core.parallel import in_parts

from .daily import DailyReport, run_daily

_COUNTS = [field.name for field in dataclasses.fields(DailyReport) if field.name != "today"]


def total(today: datetime.date, parts: Iterable[DailyReport]) -> DailyReport:
    """The counts of the reports of one run's parts, added up."""
    report = DailyReport(today=today)
    for part in parts:
        for name in _COUNTS:
            setattr(report, name, getattr(report, name) + getattr(part, name))
    return report


def run_daily_in_parts(today: datetime.date, parts: int | None = None) -> DailyReport:
    """`run_daily` for `today` over all cards in `parts` processes (default
    REGIE_DAILY_PROCESSES), each taking the cards whose id leaves its number
    when divided by `parts`; one process where forking cannot hold."""
    wanted = settings.REGIE_DAILY_PROCESSES if parts is None else parts
    return total(today, in_parts(functools.partial(run_daily, today), wanted))


def daily_job(today: datetime.date) -> str:
    """The crisis card's job in `manage.py run_daily` (registered in apps.py)."""
    return run_daily_in_parts(today).summary()

"""`manage.py seed_scale`: a national data set, built in bulk and in chunks.

Memory stays bounded: staff (a few percent of N) are kept as ids; the
participants and everything that hangs from them are built, inserted and
dropped one chunk at a time, each chunk in its own transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from regie.people.models import Person

from . import audit, crisiscard, recovery
from .base import Out, Progress, Random
from .sizes import SCALE_DOMAIN, Sizes
from .staff import build_staff


class ScaleDataPresent(Exception):
    """The database already holds a scale data set."""


def has_scale_data() -> bool:
    return Person.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exists()


@dataclass(frozen=True)
class Result:
    participants: int
    log_rows: int
    seconds: float


def seed_scale(*, participants: int, seed: int, chunk: int, out: Out) -> Result:
    """Build the set; raise ScaleDataPresent when the database already has one."""
    if has_scale_data():
        raise ScaleDataPresent
    sizes = Sizes(participants)
    rng = Random(seed)
    today = timezone.localdate()
    progress = Progress(out, participants)
    staff = build_staff(sizes, rng, today)
    with transaction.atomic():
        recovery.build_meetings(staff, rng, today)
    progress.note(
        f"{sizes.regions} regions, {sizes.consultants} consultants, "
        f"{sizes.coordinators} coordinators, {sizes.case_directors} case directors"
    )
    clock = audit.LogClock(participants, datetime.datetime.now(datetime.UTC))
    log_rows = 0
    for lo in range(0, participants, chunk):
        hi = min(lo + chunk, participants)
        with transaction.atomic():
            rows = crisiscard.build_participants(lo, hi, staff, rng, today)
            cases = recovery.build_cases(rows, staff, rng, today)
            log_rows += audit.seal_chunk(rows, cases, staff, rng, clock)
        progress.step(hi)
    elapsed = progress.elapsed()
    return Result(participants, log_rows, elapsed)

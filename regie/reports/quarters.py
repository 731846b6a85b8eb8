"""Calendar quarters: the only periods anonymised figures are counted over.

Reports and the consultation's input pack cover exactly one *completed*
calendar quarter (Q1-Q4 of a year, ended before today). One granularity,
no overlaps and no partial periods: two figures of different periods never
differ by a few days, and a period that is still running is never shown, so
nobody can subtract one report from another to work out a hidden count
(decision 0013).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The first quarter a person can choose: nothing was recorded in Regie before it.
FIRST_YEAR = 2020
KEY = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, key: str) -> Quarter | None:
        """The quarter written as "2026-Q3", or None."""
        match = KEY.match(key or "")
        return cls(int(match[1]), int(match[2])) if match else None

    @classmethod
    def exactly(cls, start: datetime.date | None, end: datetime.date | None) -> Quarter | None:
        """The quarter from `start` up to and including `end`, if they are exactly one."""
        if start is None or end is None:
            return None
        quarter = cls.containing(start)
        return quarter if (quarter.start, quarter.end) == (start, end) else None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-Q{self.number}"

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of the quarter's three months, in order."""
        return [(self.year, self.start.month + n) for n in range(3)]

    def is_completed(self, today: datetime.date | None = None) -> bool:
        """Whether the quarter ended before today."""
        return self.end < (today or timezone.localdate())

    def label(self) -> str:
        """For example "Q3 2026 (July to September)"."""
        return _("Q%(number)s %(year)s (%(first)s to %(last)s)") % {
            "number": self.number,
            "year": self.year,
            "first": date_format(self.start, "F"),
            "last": date_format(self.end, "F"),
        }

    def dates(self) -> str:
        """For example "1 July 2026 up to and including 30 September 2026"."""
        return _("%(start)s up to and including %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }

    def __str__(self) -> str:
        return self.key


def last_completed(today: datetime.date | None = None) -> Quarter:
    """The newest quarter that ended before today."""
    return Quarter.containing(today or timezone.localdate()).previous()


def completed_quarters(
    today: datetime.date | None = None, count: int | None = None
) -> list[Quarter]:
    """Completed quarters from the newest back to FIRST_YEAR's first (or the last
    `count` of them), newest first."""
    quarters = [last_completed(today)]
    while quarters[-1].previous().year >= FIRST_YEAR and (count is None or len(quarters) < count):
        quarters.append(quarters[-1].previous())
    return quarters

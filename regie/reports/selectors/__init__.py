"""Anonymised figures per region and completed calendar quarter, counted in the database.

A report covers exactly one quarter that has ended (`quarters.Quarter`,
decision 0013): arbitrary or running periods would let a reader subtract two
reports and work out a hidden count.

Every figure is a count over coded fields (states, reasons, choices, dates);
no free text and no names are read. Each query groups and counts in the
database (`values().annotate(Count)` or conditional `Count(filter=Q(...))`),
so the number of queries is the same however many requests a region has.
Every table goes through `suppression.suppress_table` before anyone sees it.

The sections about applications live in requests.py, those about cards and
evaluations in cards.py; base.py holds what they share.
"""

from __future__ import annotations

import datetime

from regie.core.db_router import use_replica
from regie.people.models import Region

from ..quarters import Quarter
from .base import MINIMUM, Report, Section, applications_in
from .cards import (
    cards_by_month_section,
    evaluations_by_outcome_section,
    lead_times_section,
    themes_section,
    use_and_respect_section,
)
from .requests import (
    applications_by_heard_via_section,
    applications_by_month_section,
    funnel_section,
    key_figures_section,
)

__all__ = ["MINIMUM", "Report", "Section", "region_report"]


@use_replica()
def region_report(
    region: Region, quarter: Quarter, *, today: datetime.date | None = None, minimum: int = MINIMUM
) -> Report:
    """Every section of the anonymised report of a region over one completed quarter.

    Counts only, so it reads from the replica when there is one (decisions/0044).
    Raises ValueError for a quarter that has not ended yet (checked here too,
    not only in the form, so no caller can count a running period).
    """
    if not isinstance(quarter, Quarter) or not quarter.is_completed(today):
        raise ValueError("A report covers one completed calendar quarter.")
    period = quarter
    applications = applications_in(region, period)
    sections = [
        key_figures_section(region, period, minimum),
        applications_by_month_section(applications, period, minimum),
        applications_by_heard_via_section(applications, minimum),
        funnel_section(applications, minimum),
        cards_by_month_section(region, period, minimum),
        lead_times_section(region, period, minimum),
        evaluations_by_outcome_section(region, period, minimum),
        use_and_respect_section(region, period, minimum),
        themes_section(region, period, minimum),
    ]
    return Report(region=region, quarter=quarter, minimum=minimum, sections=sections)

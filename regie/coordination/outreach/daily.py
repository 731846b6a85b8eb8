"""Outreach's job in `manage.py run_daily` (registered in coordination's apps.py)."""

from __future__ import annotations

import datetime

from .services import remind_expiring_agreements


def agreement_reminders(today: datetime.date) -> str:
    """Remind the region's coordinators once of each regional agreement that ends soon."""
    reminded = remind_expiring_agreements(today)
    return f"{reminded} regional agreements reminded about."

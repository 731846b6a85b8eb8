"""Writes for workload: the region's overload thresholds and a person's own time entries."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core.policy import Actor
from regie.people.access import is_region_coordinator
from regie.people.models import Person, Region

from ..errors import CoordinationError
from .models import OverloadThreshold, TimeEntry, TimeEntryKind

# The same bounds as the database constraint, checked first for a clear message.
ACTIVE_RANGE = (1, 100)
HOURS_PERCENT_RANGE = (50, 300)
ATTENTION_RANGE = (10, 100)
DAY_MINUTES = 24 * 60
# Other work is logged close to when it happened; older hours are history.
BACKDATE_DAYS = 365


def _require_coordinator(actor: Actor, region: Region) -> None:
    if not is_region_coordinator(actor, region):
        raise CoordinationError(_("Only a coordinator of the region can do this."))


@transaction.atomic
def threshold_set(
    *,
    actor: Actor,
    region: Region,
    max_active_trajectories: int,
    max_hours_percent: int,
    attention_percent: int,
) -> OverloadThreshold:
    """Set when the region's consultants count as overloaded or needing attention.

    Who may: a coordinator of the region.
    What changes: the region's one OverloadThreshold (made on first use).
    Raises CoordinationError for a value outside the sensible range.
    """
    _require_coordinator(actor, region)
    low, high = ACTIVE_RANGE
    if not low <= max_active_trajectories <= high:
        raise CoordinationError(
            _("Active trajectories at most must be between %(low)s and %(high)s.")
            % {"low": low, "high": high}
        )
    low, high = HOURS_PERCENT_RANGE
    if not low <= max_hours_percent <= high:
        raise CoordinationError(
            _("Hours at most must be between %(low)s%% and %(high)s%% of contract hours.")
            % {"low": low, "high": high}
        )
    low, high = ATTENTION_RANGE
    if not low <= attention_percent <= high:
        raise CoordinationError(
            _("Needs attention from must be between %(low)s%% and %(high)s%% of a limit.")
            % {"low": low, "high": high}
        )
    threshold = OverloadThreshold.objects.select_for_update().filter(region=region).first()
    if threshold is None:
        threshold = OverloadThreshold(region=region)
    threshold.max_active_trajectories = max_active_trajectories
    threshold.max_hours_percent = max_hours_percent
    threshold.attention_percent = attention_percent
    threshold.updated_by = actor.person
    threshold.save()
    return threshold


@transaction.atomic
def time_entry_add(
    *,
    actor: Actor,
    worked_on: datetime.date,
    minutes: int,
    kind: str,
    note: str = "",
) -> TimeEntry:
    """Log hours of other work (besides conversations and case contacts) for oneself.

    Who may: anyone with a person record, for themselves only (the view checks
    they do consultant, peer-expert or coordinator work).
    What changes: one new TimeEntry of the actor.
    Raises CoordinationError for a date in the future or long ago, or more
    than 24 hours on one day.
    """
    person: Person | None = actor.person
    if person is None:
        raise CoordinationError(_("Only a person can log their own hours."))
    today = timezone.localdate()
    if worked_on > today:
        raise CoordinationError(_("The date cannot be in the future."))
    if worked_on < today - datetime.timedelta(days=BACKDATE_DAYS):
        raise CoordinationError(_("The date cannot be more than a year ago."))
    if kind not in TimeEntryKind.values:
        raise CoordinationError(_("Choose what kind of work this was."))
    if not 1 <= minutes <= DAY_MINUTES:
        raise CoordinationError(_("The time must be between 1 minute and 24 hours."))
    already = (
        TimeEntry.objects.filter(person=person, worked_on=worked_on).aggregate(
            total=Sum("minutes")
        )["total"]
        or 0
    )
    if already + minutes > DAY_MINUTES:
        raise CoordinationError(
            _(
                "With this entry you would have more than 24 hours of other work on "
                "%(date)s. You already logged %(hours)s hours that day."
            )
            % {"date": worked_on.strftime("%d-%m-%Y"), "hours": round(already / 60, 1)}
        )
    return TimeEntry.objects.create(
        person=person,
        worked_on=worked_on,
        minutes=minutes,
        kind=kind,
        note=note.strip(),
        recorded_by=person,
    )


@transaction.atomic
def time_entry_delete(*, actor: Actor, entry: TimeEntry) -> None:
    """Remove one of the actor's own time entries.

    Who may: the person the entry belongs to.
    Raises CoordinationError for anyone else's entry.
    """
    if actor.person is None or entry.person_id != actor.person.pk:
        raise CoordinationError(_("You can only remove your own hours."))
    entry.delete()

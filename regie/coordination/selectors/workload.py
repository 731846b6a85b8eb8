"""Workload per person: active trajectories and hours logged, computed in the database.

Active trajectories: card requests assigned to the person as consultant in an
active state, plus recovery cases where they are an active team member.
Hours: conversations they recorded, case contacts they took part in, and
their other time entries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils import timezone

from regie.crisiscard.models import CardRequest, Conversation, RequestState
from regie.people.models import (
    ConsultantQualification,
    PeerExpertQualification,
    Role,
    RoleAssignment,
)
from regie.recovery.models import CaseContact, CaseMember, CaseState

from ..models import OverloadThreshold, TimeEntry

ACTIVE_REQUEST_STATES = frozenset(
    {
        RequestState.MATCHED,
        RequestState.IN_CONVERSATION,
        RequestState.PLAN_DRAFTED,
        RequestState.AWAITING_SIGNATURES,
        RequestState.EVALUATION_DUE,
    }
)
WINDOW_DAYS = 28


def active_trajectory_counts(person_ids: Iterable[int]) -> dict[int, int]:
    """Active trajectories per person id (two queries, whatever the number of people)."""
    ids = list(person_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        CardRequest.objects.filter(consultant_id__in=ids, state__in=ACTIVE_REQUEST_STATES)
        .order_by()
        .values("consultant_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["consultant_id"]] += row["n"]
    rows = (
        CaseMember.objects.current()
        .filter(person_id__in=ids, case__state=CaseState.ACTIVE)
        .order_by()
        .values("person_id")
        .annotate(n=Count("case_id", distinct=True))
    )
    for row in rows:
        counts[row["person_id"]] += row["n"]
    return counts


def minutes_logged(
    person_ids: Iterable[int], since: datetime.date, until: datetime.date | None = None
) -> dict[int, int]:
    """Minutes worked per person id in [since, until] (three queries)."""
    ids = list(person_ids)
    until = until or timezone.localdate()
    minutes = dict.fromkeys(ids, 0)
    queries = [
        Conversation.objects.filter(
            recorded_by_id__in=ids, occurred_on__gte=since, occurred_on__lte=until
        )
        .values(who=F("recorded_by_id"))
        .annotate(total=Sum("duration_minutes")),
        CaseContact.objects.filter(
            team_participants__in=ids, occurred_on__gte=since, occurred_on__lte=until
        )
        .values(who=F("team_participants"))
        .annotate(total=Sum("duration_minutes")),
        TimeEntry.objects.filter(person_id__in=ids, worked_on__gte=since, worked_on__lte=until)
        .values(who=F("person_id"))
        .annotate(total=Sum("minutes")),
    ]
    for query in queries:
        for row in query.order_by():
            minutes[row["who"]] += int(row["total"] or 0)
    return minutes


def contract_hours(person_ids: Iterable[int]) -> dict[int, Decimal]:
    """Contract hours per week per person id, from their qualifications (two queries)."""
    ids = list(person_ids)
    hours = dict.fromkeys(ids, Decimal(0))
    for model in (ConsultantQualification, PeerExpertQualification):
        rows = model.objects.filter(person_id__in=ids).values_list(
            "person_id", "contract_hours_per_week"
        )
        for person_id, value in rows:
            hours[person_id] = max(hours[person_id], value or Decimal(0))
    return hours


def threshold_for(region_id: int) -> OverloadThreshold:
    """The region's thresholds, or the defaults when the coordinator set none (unsaved)."""
    found = OverloadThreshold.objects.filter(region_id=region_id).first()
    return found or OverloadThreshold(region_id=region_id)


@dataclass(frozen=True)
class Load:
    person_id: int
    active: int
    minutes: int
    contract_hours_per_week: Decimal

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def contract_hours_in_window(self) -> float:
        return float(self.contract_hours_per_week) * WINDOW_DAYS / 7

    @property
    def hours_percent(self) -> int | None:
        """Hours in the window as a percentage of contract hours (None: no contract hours)."""
        if self.contract_hours_in_window <= 0:
            return None
        return round(100 * self.minutes / 60 / self.contract_hours_in_window)

    def is_overloaded(self, threshold: OverloadThreshold) -> bool:
        if self.active > threshold.max_active_trajectories:
            return True
        percent = self.hours_percent
        return percent is not None and percent > threshold.max_hours_percent

    def needs_attention(self, threshold: OverloadThreshold) -> bool:
        if self.is_overloaded(threshold):
            return True
        limit = threshold.attention_percent / 100
        if self.active >= threshold.max_active_trajectories * limit:
            return True
        percent = self.hours_percent
        return percent is not None and percent >= threshold.max_hours_percent * limit


def loads(person_ids: Iterable[int], *, today: datetime.date | None = None) -> dict[int, Load]:
    """Load per person for the last four weeks (a fixed number of queries)."""
    ids = list(person_ids)
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    active = active_trajectory_counts(ids)
    minutes = minutes_logged(ids, since, today)
    hours = contract_hours(ids)
    return {pk: Load(pk, active[pk], minutes[pk], hours[pk]) for pk in ids}


def region_worker_ids(region_id: int) -> set[int]:
    """People with an active consultant role in the region (one query)."""
    return set(
        RoleAssignment.objects.active()
        .filter(region_id=region_id, role=Role.CONSULTANT)
        .values_list("person_id", flat=True)
    )


def overloaded_person_ids(region_id: int, *, today: datetime.date | None = None) -> set[int]:
    """Consultants of the region who are over a threshold: they get no new suggestions."""
    threshold = threshold_for(region_id)
    return {
        pk
        for pk, load in loads(region_worker_ids(region_id), today=today).items()
        if load.is_overloaded(threshold)
    }

"""Workload per person: active trajectories and hours logged, computed in the database.

Active trajectories: card requests assigned to the person as consultant in an
active state, plus recovery cases where they are an active team member.
Hours: conversations they recorded, case contacts they took part in, and
their other time entries.

Every function here runs a fixed number of queries, whatever the number of
people: aggregates are grouped in the database, per person (and per day for
the weekly trend, which Python then buckets into weeks so the code works the
same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from regie.crisiscard.models import CardRequest, Conversation, RequestState
from regie.people.models import (
    ConsultantQualification,
    PeerExpertQualification,
    Person,
    Role,
    RoleAssignment,
)
from regie.recovery.models import CaseContact, CaseMember, CaseState, RecoveryCase, TeamRole

from .models import OverloadThreshold, TimeEntry

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
WINDOW_WEEKS = WINDOW_DAYS // 7
TREND_WEEKS = 12
PEER_ROLES = (Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT)
PEER_TEAM_ROLES = (TeamRole.PEER_EXPERT, TeamRole.FAMILY_PEER_EXPERT)

# Where hours come from, in the order pages show them.
SOURCE_CONVERSATIONS = "conversations"
SOURCE_CASE_CONTACTS = "case_contacts"
SOURCE_OTHER = "other"
SOURCES = (SOURCE_CONVERSATIONS, SOURCE_CASE_CONTACTS, SOURCE_OTHER)


def active_trajectory_counts(person_ids: Iterable[int]) -> dict[int, int]:
    """Active trajectories per person id (two queries, whatever the number of people)."""
    ids = list(person_ids)
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    rows = (
        CardRequest.objects.filter(consultant_id__in=ids, state__in=ACTIVE_REQUEST_STATES)
        .order_by()
        .values("consultant_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["consultant_id"]] += row["n"]
    member_rows = (
        CaseMember.objects.current()
        .filter(person_id__in=ids, case__state=CaseState.ACTIVE)
        .order_by()
        .values("person_id")
        .annotate(n=Count("case_id", distinct=True))
    )
    for member_row in member_rows:
        counts[member_row["person_id"]] += member_row["n"]
    return counts


def _minute_sources(
    ids: list[int], since: datetime.date, until: datetime.date
) -> dict[str, tuple[QuerySet, str, str]]:
    """Per source: the rows in the period, the date field and the minutes field,
    with the person as `who`."""
    return {
        SOURCE_CONVERSATIONS: (
            Conversation.objects.filter(
                recorded_by_id__in=ids, occurred_on__gte=since, occurred_on__lte=until
            ).annotate(who=F("recorded_by_id")),
            "occurred_on",
            "duration_minutes",
        ),
        SOURCE_CASE_CONTACTS: (
            CaseContact.objects.filter(
                team_participants__in=ids, occurred_on__gte=since, occurred_on__lte=until
            ).annotate(who=F("team_participants")),
            "occurred_on",
            "duration_minutes",
        ),
        SOURCE_OTHER: (
            TimeEntry.objects.filter(
                person_id__in=ids, worked_on__gte=since, worked_on__lte=until
            ).annotate(who=F("person_id")),
            "worked_on",
            "minutes",
        ),
    }


def minutes_by_source(
    person_ids: Iterable[int], since: datetime.date, until: datetime.date | None = None
) -> dict[int, dict[str, int]]:
    """Minutes worked per person id and source in [since, until] (three queries)."""
    ids = list(person_ids)
    until = until or timezone.localdate()
    minutes = {pk: dict.fromkeys(SOURCES, 0) for pk in ids}
    if not ids:
        return minutes
    for source, (query, _day, field) in _minute_sources(ids, since, until).items():
        for row in query.order_by().values("who").annotate(total=Sum(field)):
            minutes[row["who"]][source] += int(row["total"] or 0)
    return minutes


def minutes_logged(
    person_ids: Iterable[int], since: datetime.date, until: datetime.date | None = None
) -> dict[int, int]:
    """Minutes worked per person id in [since, until] (three queries)."""
    return {
        pk: sum(by_source.values())
        for pk, by_source in minutes_by_source(person_ids, since, until).items()
    }


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


def trend_weeks(today: datetime.date, weeks: int = TREND_WEEKS) -> list[datetime.date]:
    """The Mondays of the last `weeks` weeks, oldest first; the last is this week."""
    this_week = week_start(today)
    return [this_week - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def weekly_minutes(
    person_ids: Iterable[int], *, today: datetime.date | None = None, weeks: int = TREND_WEEKS
) -> dict[int, list[int]]:
    """Minutes worked per person id in each of the last `weeks` weeks, oldest first.

    Three queries, each grouped by person and day in the database; a person
    has only a few rows per day, so putting days into weeks here stays cheap
    and avoids database-specific date functions.
    """
    ids = list(person_ids)
    today = today or timezone.localdate()
    mondays = trend_weeks(today, weeks)
    index = {monday: i for i, monday in enumerate(mondays)}
    result = {pk: [0] * len(mondays) for pk in ids}
    if not ids:
        return result
    for query, day_field, field in _minute_sources(ids, mondays[0], today).values():
        rows = query.order_by().values("who", day_field).annotate(total=Sum(field))
        for row in rows:
            slot = index[week_start(row[day_field])]
            result[row["who"]][slot] += int(row["total"] or 0)
    return result


def contract_hours(person_ids: Iterable[int]) -> dict[int, Decimal]:
    """Contract hours per week per person id, from their qualifications (two queries)."""
    ids = list(person_ids)
    hours = dict.fromkeys(ids, Decimal(0))
    if not ids:
        return hours
    for model in (ConsultantQualification, PeerExpertQualification):
        rows = model.objects.filter(person_id__in=ids).values_list(
            "person_id", "contract_hours_per_week"
        )
        for person_id, value in rows:
            hours[person_id] = max(hours[person_id], value or Decimal(0))
    return hours


def threshold_for(region_id: int | None) -> OverloadThreshold:
    """The region's thresholds, or the defaults when the coordinator set none (unsaved).

    Peer experts work for organisations, not regions: `None` gives the defaults.
    """
    found = (
        OverloadThreshold.objects.filter(region_id=region_id).first()
        if region_id is not None
        else None
    )
    return found or OverloadThreshold(region_id=region_id)  # type: ignore[misc]  # None: the unsaved defaults for peer experts (never saved)


@dataclass(frozen=True)
class Load:
    """One person's load over the last four weeks.

    Comparisons with the thresholds use exact integer arithmetic on minutes,
    so "exactly at the limit" never tips over through rounding.
    """

    person_id: int
    active: int
    minutes: int
    contract_hours_per_week: Decimal

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def contract_minutes_in_window(self) -> Decimal:
        return self.contract_hours_per_week * 60 * WINDOW_WEEKS

    @property
    def contract_hours_in_window(self) -> float:
        return float(self.contract_hours_per_week) * WINDOW_WEEKS

    @property
    def has_contract_hours(self) -> bool:
        return self.contract_hours_per_week > 0

    @property
    def hours_percent(self) -> int | None:
        """Hours in the window as a rounded percentage of contract hours (None: no contract)."""
        if not self.has_contract_hours:
            return None
        return round(Decimal(100 * self.minutes) / self.contract_minutes_in_window)

    def _hours_over(self, percent: Decimal) -> bool:
        return self.has_contract_hours and 100 * self.minutes > percent * (
            self.contract_minutes_in_window
        )

    def _hours_at_least(self, percent: Decimal) -> bool:
        return self.has_contract_hours and 100 * self.minutes >= percent * (
            self.contract_minutes_in_window
        )

    def too_many_trajectories(self, threshold: OverloadThreshold) -> bool:
        return self.active > threshold.max_active_trajectories

    def too_many_hours(self, threshold: OverloadThreshold) -> bool:
        return self._hours_over(Decimal(threshold.max_hours_percent))

    def is_overloaded(self, threshold: OverloadThreshold) -> bool:
        """Over a limit: more trajectories than allowed, or more hours than allowed."""
        return self.too_many_trajectories(threshold) or self.too_many_hours(threshold)

    def needs_attention(self, threshold: OverloadThreshold) -> bool:
        """Overloaded, or at or above `attention_percent` of either limit."""
        if self.is_overloaded(threshold):
            return True
        share = threshold.attention_percent
        if 100 * self.active >= threshold.max_active_trajectories * share:
            return True
        return self._hours_at_least(Decimal(threshold.max_hours_percent * share) / 100)

    def signal(self, threshold: OverloadThreshold) -> str:
        """'overloaded', 'attention' or 'ok' — pages turn this into words."""
        if self.is_overloaded(threshold):
            return "overloaded"
        if self.needs_attention(threshold):
            return "attention"
        return "ok"


def _loads_and_sources(
    ids: list[int], today: datetime.date
) -> tuple[dict[int, Load], dict[int, dict[str, int]]]:
    since = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    active = active_trajectory_counts(ids)
    by_source = minutes_by_source(ids, since, today)
    hours = contract_hours(ids)
    found = {pk: Load(pk, active[pk], sum(by_source[pk].values()), hours[pk]) for pk in ids}
    return found, by_source


def loads(person_ids: Iterable[int], *, today: datetime.date | None = None) -> dict[int, Load]:
    """Load per person for the last four weeks (seven queries)."""
    return _loads_and_sources(list(person_ids), today or timezone.localdate())[0]


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


def region_consultants(region_id: int) -> list[Person]:
    """The region's consultants today, with their qualification, by name (one query)."""
    return list(
        Person.objects.filter(pk__in=region_worker_ids_query(region_id))
        .select_related("consultant_qualification")
        .order_by("last_name", "first_name", "pk")
    )


def region_worker_ids_query(region_id: int) -> QuerySet:
    return (
        RoleAssignment.objects.active()
        .filter(region_id=region_id, role=Role.CONSULTANT)
        .values("person_id")
    )


def is_region_consultant(region_id: int, person: Person) -> bool:
    """Whether the person has (or had) a consultant role in the region."""
    return RoleAssignment.objects.filter(
        region_id=region_id, role=Role.CONSULTANT, person=person
    ).exists()


def team_peer_experts(organisation_ids: Iterable[int]) -> list[Person]:
    """Peer experts and family peer experts a team lead follows (one query): those
    with a role at the organisations, and those on the team of one of their cases."""
    return list(
        _team_peer_experts_query(organisation_ids)
        .select_related("peer_expert_qualification")
        .order_by("last_name", "first_name", "pk")
    )


def team_peer_expert(
    organisation_ids: Iterable[int], person_uuid: uuid.UUID | str
) -> Person | None:
    """One of the peer experts a team lead follows, or None (one query)."""
    return _team_peer_experts_query(organisation_ids).filter(uuid=person_uuid).first()


def _team_peer_experts_query(organisation_ids: Iterable[int]) -> QuerySet[Person]:
    orgs = list(organisation_ids)
    today = timezone.localdate()
    by_role = (
        RoleAssignment.objects.active(today)
        .filter(organisation_id__in=orgs, role__in=PEER_ROLES)
        .values("person_id")
    )
    on_cases = (
        CaseMember.objects.current(today)
        .filter(
            team_role__in=PEER_TEAM_ROLES,
            case__in=RecoveryCase.objects.filter(organisation_id__in=orgs),
        )
        .values("person_id")
    )
    return Person.objects.filter(Q(pk__in=by_role) | Q(pk__in=on_cases))


@dataclass(frozen=True)
class Row:
    """One person on a workload page: their load and what it means."""

    person: Person
    load: Load
    signal: str
    over_trajectories: bool
    over_hours: bool


def _row(person: Person, load: Load, threshold: OverloadThreshold) -> Row:
    return Row(
        person,
        load,
        load.signal(threshold),
        load.too_many_trajectories(threshold),
        load.too_many_hours(threshold),
    )


def load_rows(
    people: list[Person], threshold: OverloadThreshold, *, today: datetime.date | None = None
) -> list[Row]:
    """Rows for a workload table: overloaded first, then needs attention, then by name."""
    found = loads([p.pk for p in people], today=today)
    order = {"overloaded": 0, "attention": 1, "ok": 2}
    rows = [_row(p, found[p.pk], threshold) for p in people]
    return sorted(rows, key=lambda r: order[r.signal])


def person_overview(
    person: Person, threshold: OverloadThreshold, *, today: datetime.date | None = None
) -> tuple[Row, dict[str, int]]:
    """One person's row and their minutes per source in the window (seven queries)."""
    found, by_source = _loads_and_sources([person.pk], today or timezone.localdate())
    return _row(person, found[person.pk], threshold), by_source[person.pk]


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def person_trend(person: Person, *, today: datetime.date | None = None) -> list[Week]:
    """Hours per week over the last twelve weeks, oldest first (three queries)."""
    today = today or timezone.localdate()
    minutes = weekly_minutes([person.pk], today=today)[person.pk]
    return [Week(m, n) for m, n in zip(trend_weeks(today), minutes, strict=True)]


def window_start(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=WINDOW_DAYS - 1)


def attention_count(region_id: int, *, today: datetime.date | None = None) -> int:
    """How many of the region's consultants need attention (for the home page)."""
    threshold = threshold_for(region_id)
    return sum(
        1
        for load in loads(region_worker_ids(region_id), today=today).values()
        if load.needs_attention(threshold)
    )


def own_time_entries(person: Person, since: datetime.date) -> QuerySet[TimeEntry]:
    """A person's own time entries from `since`, newest first (one query)."""
    return TimeEntry.objects.filter(person=person, worked_on__gte=since).order_by(
        "-worked_on", "-pk"
    )

"""Reads for matching: the region's queue with wishes, and the consultants on offer.

Everything here takes a fixed number of queries, whatever the queue's length.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.crisiscard.models import CardRequest, RequestState, Urgency, Weight
from regie.crisiscard.services.requests import (
    Conflicts,
    conflicts_for_requests,
    independence_problem,
    organisations_of,
    room_text,
)
from regie.people.access import is_hbo_consultant
from regie.people.models import (
    PeerExpertStatus,
    Person,
    Region,
    Role,
    RoleAssignment,
)

from ..workload.models import OverloadThreshold
from ..workload.selectors import loads, threshold_for
from . import engine
from .models import MatchingRun, MatchingSuggestion, MatchingWish, RunStatus, WorkProfile


@dataclass(frozen=True)
class QueueItem:
    """One application waiting for a consultant, with what matching needs."""

    request: CardRequest
    wish: MatchingWish | None
    waiting_days: int
    previous: Person | None
    previous_from_history: bool

    @property
    def heavy(self) -> bool:
        return self.request.weight == Weight.HEAVY


@dataclass(frozen=True)
class Candidate:
    """An active consultant of the region and their matching facts."""

    person: Person
    profile: WorkProfile | None
    hbo: bool
    peer: bool
    active: int
    overloaded: bool
    limit: int  # the region's OverloadThreshold.max_active_trajectories

    @property
    def profile_capacity(self) -> int:
        return self.profile.capacity if self.profile is not None else WorkProfile().capacity

    @property
    def capacity(self) -> int:
        """The trajectories they take at most: their own number, but never more
        than the region's overload limit (one more would make them overloaded)."""
        return min(self.profile_capacity, self.limit)

    @property
    def free(self) -> int:
        return 0 if self.overloaded else max(0, self.capacity - self.active)


def queue_requests(region: Region) -> QuerySet[CardRequest]:
    return CardRequest.objects.filter(region=region, state=RequestState.APPLIED)


def waiting_count(region_id: int) -> int:
    return CardRequest.objects.filter(region_id=region_id, state=RequestState.APPLIED).count()


def queue_in_order(region: Region) -> QuerySet[CardRequest]:
    """The region's applications waiting for a consultant, longest waiting first,
    with what a queue row shows (one query, or a count and a slice when paged)."""
    return (
        queue_requests(region)
        .select_related("participant", "matching_wish__previous_consultant")
        .order_by("applied_at", "pk")
    )


def matching_queue(region: Region, *, today: datetime.date | None = None) -> list[QueueItem]:
    """The region's whole queue, longest waiting first (three queries)."""
    return queue_items(list(queue_in_order(region)), today=today)


def queue_items(
    requests: list[CardRequest], *, today: datetime.date | None = None
) -> list[QueueItem]:
    """Queue rows for `requests` (read with `queue_in_order`; two more queries).
    A previous consultant is the wish's, or else the consultant of the
    participant's latest earlier request."""
    today = today or timezone.localdate()
    participant_ids = {r.participant_id for r in requests}
    history: dict[int, int] = {}
    earlier = (
        CardRequest.objects.filter(participant_id__in=participant_ids, consultant__isnull=False)
        .exclude(state=RequestState.APPLIED)
        .order_by("participant_id", "-applied_at", "-pk")
        .values_list("participant_id", "consultant_id")
    )
    for participant_id, consultant_id in earlier:
        history.setdefault(participant_id, consultant_id)
    people = Person.objects.in_bulk(set(history.values())) if history else {}
    items = []
    for request in requests:
        wish = getattr(request, "matching_wish", None)
        previous = wish.previous_consultant if wish is not None else None
        from_history = False
        if previous is None and request.participant_id in history:
            previous = people.get(history[request.participant_id])
            from_history = previous is not None
        waited = (today - timezone.localtime(request.applied_at).date()).days
        items.append(QueueItem(request, wish, max(waited, 0), previous, from_history))
    return items


def consultant_roles(region: Region) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.active()
        .filter(role=Role.CONSULTANT, region=region)
        .select_related(
            "person__consultant_qualification",
            "person__peer_expert_qualification",
            "person__work_profile",
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def candidates(region: Region, threshold: OverloadThreshold | None = None) -> list[Candidate]:
    """Every active consultant of the region with level, load and overload
    (a fixed number of queries). Their capacity is capped at the region's
    `threshold` (read when not given) for active trajectories."""
    if threshold is None:
        threshold = threshold_for(region.pk)
    people: dict[int, Person] = {}
    for role in consultant_roles(region):
        people.setdefault(role.person_id, role.person)
    # One read of each load gives both the count and the overload (these are
    # the region's active consultants, as overloaded_person_ids reads them).
    region_loads = loads(people)
    found = []
    for pk, person in people.items():
        qualification = getattr(person, "consultant_qualification", None)
        peer_qualification = getattr(person, "peer_expert_qualification", None)
        found.append(
            Candidate(
                person=person,
                profile=getattr(person, "work_profile", None),
                hbo=is_hbo_consultant(person),
                peer=bool(qualification and qualification.has_peer_expertise)
                or bool(
                    peer_qualification and peer_qualification.status == PeerExpertStatus.QUALIFIED
                ),
                active=region_loads[pk].active,
                overloaded=region_loads[pk].is_overloaded(threshold),
                limit=threshold.max_active_trajectories,
            )
        )
    return found


def engine_input(
    queue: list[QueueItem], pool: list[Candidate]
) -> tuple[list[engine.Need], list[engine.Offer]]:
    """The queue and the consultants as the engine's needs and offers (keys: ids)."""
    conflicts = conflicts_for_requests(item.request for item in queue)
    employers = _employers(pool, conflicts.values())
    offers = [
        engine.Offer(
            key=c.person.pk,
            hbo=c.hbo,
            peer=c.peer,
            languages=frozenset(c.profile.languages if c.profile else ()),
            gender=c.profile.gender if c.profile else "",
            days=frozenset(c.profile.available_days if c.profile else ()),
            active=c.active,
            capacity=c.capacity,
            overloaded=c.overloaded,
        )
        for c in pool
    ]
    needs = []
    for item in queue:
        facts = conflicts[item.request.pk]
        wish = item.wish
        needs.append(
            engine.Need(
                key=item.request.pk,
                heavy=item.heavy,
                urgent=item.request.urgency == Urgency.URGENT,
                waiting_days=item.waiting_days,
                wants_peer=bool(wish and wish.wants_peer_expertise),
                language=(wish.language if wish else "").lower(),
                gender=wish.consultant_gender if wish else "",
                days=frozenset(wish.available_days if wish else ()),
                previous=item.previous.pk if item.previous is not None else None,
                excluded=frozenset(
                    c.person.pk
                    for c in pool
                    if independence_problem(c.person, facts, employers.get(c.person.pk))
                ),
            )
        )
    return needs, offers


def _employers(pool: list[Candidate], facts: Iterable[Conflicts]) -> dict[int, frozenset[int]]:
    """The candidates' organisations, read (one query) only when a participant
    has a treating organisation to compare them with."""
    if any(f.treating_organisation_ids for f in facts):
        return organisations_of(c.person.pk for c in pool)
    return dict.fromkeys((c.person.pk for c in pool), frozenset())


@dataclass(frozen=True)
class AssignChoice:
    """A consultant on the request's choose page: their facts and why they
    cannot take it ("" when they can)."""

    candidate: Candidate
    reason: str

    @property
    def person(self) -> Person:
        return self.candidate.person


def assign_choices(request: CardRequest) -> list[AssignChoice]:
    """Every active consultant of the request's region with level, languages,
    load and the reason they may not take it: MBO for a heavy situation, not
    independent, or no room. The same reasons the assign service refuses with
    (crisiscard's refusal_reason), in a fixed number of queries."""
    pool = candidates(request.region)
    facts = conflicts_for_requests([request])[request.pk]
    employers = _employers(pool, [facts])
    choices = []
    for c in pool:
        reason = ""
        if request.weight == Weight.HEAVY and not c.hbo:
            reason = _(
                "%(name)s works at MBO level; a heavy situation needs an HBO consultant."
            ) % {"name": c.person.full_name}
        reason = (
            reason
            or independence_problem(c.person, facts, employers.get(c.person.pk))
            or room_text(
                c.person,
                active=c.active,
                capacity=c.profile_capacity,
                limit=c.limit,
                overloaded=c.overloaded,
            )
        )
        choices.append(AssignChoice(c, reason))
    return choices


def eligible_consultants(request: CardRequest) -> list[Person]:
    """Consultants who may take `request` now (see assign_choices)."""
    return [choice.person for choice in assign_choices(request) if not choice.reason]


def latest_run(region: Region) -> MatchingRun | None:
    """The region's newest run with suggestions."""
    return (
        MatchingRun.objects.filter(region=region, status=RunStatus.DONE)
        .select_related("created_by")
        .first()
    )


def latest_and_unfinished_run(region: Region) -> tuple[MatchingRun | None, MatchingRun | None]:
    """The newest run with suggestions, and the unfinished run: one asked for and
    not made yet, or the newest if it failed (None when the newest is done).
    One query while no run is waiting or failed (the usual case), two otherwise."""
    newest = MatchingRun.objects.filter(region=region).select_related("created_by").first()
    if newest is None:
        return None, None
    if newest.status == RunStatus.DONE:
        return newest, None
    return latest_run(region), newest


def run_suggestions(run: MatchingRun) -> list[MatchingSuggestion]:
    return list(
        run.suggestions.select_related(
            "request__participant", "consultant", "chosen_consultant", "decided_by"
        ).order_by("pk")
    )


def work_profile_of(person: Person) -> WorkProfile:
    """The person's work profile, or an unsaved one with the defaults."""
    return WorkProfile.objects.filter(person=person).first() or WorkProfile(person=person)

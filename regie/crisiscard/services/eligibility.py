"""Whether a consultant may take a card request: active in its region, the
right level, independent of the participant's circle (persons and the
treating organisations), and room in their load.

The one rule for assigning, by hand (services/requests.request_assign) and
through matching. Reads only; nothing here writes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from regie.coordination.matching.models import WorkProfile
from regie.coordination.workload import selectors as workload
from regie.people.access import is_hbo_consultant
from regie.people.models import (
    STAFF_ROLES,
    Person,
    Role,
    RoleAssignment,
)

from ..models import (
    CardRequest,
    CrisisPlan,
    Party,
    PartyKind,
    Weight,
)
from .errors import CrisisCardError

RELATIVE_KINDS = frozenset({PartyKind.RELATIVE, PartyKind.TRUSTED_PERSON})
TREATING_KINDS = frozenset({PartyKind.CARE_PROVIDER, PartyKind.GP})


@dataclass(frozen=True)
class Conflicts:
    """Who is too close to the participant to be their consultant."""

    participant_id: int
    party_person_ids: frozenset[int]
    relative_person_ids: frozenset[int]
    treating_person_ids: frozenset[int]
    relative_emails: frozenset[str]
    treating_emails: frozenset[str]
    contact_phones: frozenset[str]
    # The organisations that treat the participant: of a care-provider or GP
    # party in the plan, and where a treating professional works.
    treating_organisation_ids: frozenset[int] = frozenset()


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")[-9:]


def organisations_of(person_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """The organisations each person works for now (an active staff role there),
    by person id. One query, however many people."""
    ids = list(person_ids)
    found: dict[int, set[int]] = {pk: set() for pk in ids}
    if ids:
        rows = (
            RoleAssignment.objects.active()
            .filter(person_id__in=ids, role__in=STAFF_ROLES, organisation__isnull=False)
            .values_list("person_id", "organisation_id")
        )
        for person_id, organisation_id in rows:
            found[person_id].add(organisation_id)
    return {pk: frozenset(orgs) for pk, orgs in found.items()}


def _conflicts_from(
    participant_id: int,
    parties: list[dict],
    draft: object,
    employers: dict[int, frozenset[int]] | None = None,
) -> Conflicts:
    contacts: list[dict[str, object]] = []
    if isinstance(draft, dict) and isinstance(draft.get("contacts"), list):
        contacts = [c for c in draft["contacts"] if isinstance(c, dict)]

    def people(kinds: frozenset[str] | None) -> frozenset[int]:
        return frozenset(
            p["person_id"]
            for p in parties
            if p["person_id"] is not None and (kinds is None or p["kind"] in kinds)
        )

    def emails(kinds: frozenset[str]) -> frozenset[str]:
        return frozenset(p["email"].lower() for p in parties if p["email"] and p["kind"] in kinds)

    treating = people(TREATING_KINDS)
    organisations = {
        p["organisation_id"]
        for p in parties
        if p["organisation_id"] is not None and p["kind"] in TREATING_KINDS
    }
    for person_id in treating:
        organisations |= (employers or {}).get(person_id, frozenset())
    return Conflicts(
        participant_id=participant_id,
        party_person_ids=people(None),
        relative_person_ids=people(RELATIVE_KINDS),
        treating_person_ids=treating,
        relative_emails=emails(RELATIVE_KINDS),
        treating_emails=emails(TREATING_KINDS),
        contact_phones=frozenset(
            d for d in (_digits(str(c.get("phone", ""))) for c in contacts) if len(d) >= 6
        ),
        treating_organisation_ids=frozenset(organisations),
    )


def conflicts_for_requests(requests: Iterable[CardRequest]) -> dict[int, Conflicts]:
    """The independence facts of each request, by request pk: the parties in its
    plan, the contacts in its plan draft and the treating organisations. At most
    three queries, however many requests."""
    requests = list(requests)
    ids = [r.pk for r in requests]
    parties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in Party.objects.filter(request_id__in=ids).values(
        "request_id", "kind", "person_id", "email", "organisation_id"
    ):
        parties[row["request_id"]].append(dict(row))
    drafts = dict(CrisisPlan.objects.filter(request_id__in=ids).values_list("request_id", "draft"))
    treating = {
        row["person_id"]
        for rows in parties.values()
        for row in rows
        if row["person_id"] is not None and row["kind"] in TREATING_KINDS
    }
    employers = organisations_of(treating) if treating else {}
    return {
        r.pk: _conflicts_from(r.participant_id, parties[r.pk], drafts.get(r.pk) or {}, employers)
        for r in requests
    }


def _conflicts(request: CardRequest) -> Conflicts:
    return conflicts_for_requests([request])[request.pk]


def independence_problem(
    consultant: Person, conflicts: Conflicts, employers: frozenset[int] | None = None
) -> str:
    """Why `consultant` is too close to the participant (see check_independence),
    or "" when they are independent. `employers` are the consultant's
    organisations (see organisations_of); when not given and the participant
    has a treating organisation, they are read (one query)."""
    email = (consultant.email or "").lower()
    if consultant.pk == conflicts.participant_id:
        return _("%(name)s is the participant.") % {"name": consultant.full_name}
    if consultant.pk in conflicts.treating_person_ids or (
        email and email in conflicts.treating_emails
    ):
        return _("%(name)s is the participant's treating professional.") % {
            "name": consultant.full_name
        }
    if (
        consultant.pk in conflicts.relative_person_ids
        or (email and email in conflicts.relative_emails)
        or (_digits(consultant.phone) and _digits(consultant.phone) in conflicts.contact_phones)
    ):
        return _("%(name)s is a relative or contact person of the participant.") % {
            "name": consultant.full_name
        }
    if consultant.pk in conflicts.party_person_ids:
        return _("%(name)s is a party in the participant's plan.") % {"name": consultant.full_name}
    if conflicts.treating_organisation_ids:
        if employers is None:
            employers = organisations_of([consultant.pk])[consultant.pk]
        if employers & conflicts.treating_organisation_ids:
            return _("%(name)s works for the participant's treating organisation.") % {
                "name": consultant.full_name
            }
    return ""


def check_independence(*, consultant: Person, request: CardRequest) -> None:
    """Raise CrisisCardError when `consultant` is too close to the participant:
    the participant themself, a party in the plan, a relative or contact person
    (a relative or trusted-person party, a party with their e-mail address, or
    a contact in the plan with their phone number), a treating professional
    (a care-provider or GP party that is them or has their e-mail address), or
    employed by the treating organisation (the organisation of a care-provider
    or GP party, or where the treating professional works)."""
    problem = independence_problem(consultant, _conflicts(request))
    if problem:
        raise CrisisCardError(
            _("Not independent: %(problem)s Choose another consultant.") % {"problem": problem}
        )


def _active_consultant_roles(region_id: int) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.active().filter(role=Role.CONSULTANT, region_id=region_id)


def room_text(
    consultant: Person, *, active: int, capacity: int, limit: int, overloaded: bool
) -> str:
    """Why `consultant` has no room for one more trajectory, or "": overloaded,
    at the region's `limit` for active trajectories (one more would overload
    them), or at their own `capacity`. No query: the caller has the facts."""
    if overloaded:
        return _("%(name)s is overloaded and gets no new trajectories.") % {
            "name": consultant.full_name
        }
    if active + 1 > limit:
        return _(
            "%(name)s already has %(active)s active trajectories. The limit in this region "
            "is %(limit)s, so one more would overload them."
        ) % {"name": consultant.full_name, "active": active, "limit": limit}
    if active >= capacity:
        return _("%(name)s already has %(active)s of %(capacity)s active trajectories.") % {
            "name": consultant.full_name,
            "active": active,
            "capacity": capacity,
        }
    return ""


def room_problem(consultant: Person, region_id: int) -> str:
    """Why `consultant` has no room for one more trajectory in the region, or ""
    (see room_text); reads their load, work profile and the region's limit."""
    profile = WorkProfile.objects.filter(person=consultant).first()
    return room_text(
        consultant,
        active=workload.active_trajectory_counts([consultant.pk])[consultant.pk],
        capacity=profile.capacity if profile is not None else WorkProfile().capacity,
        limit=workload.threshold_for(region_id).max_active_trajectories,
        overloaded=consultant.pk in workload.overloaded_person_ids(region_id),
    )


def refusal_reason(
    consultant: Person, request: CardRequest, conflicts: Conflicts | None = None
) -> str:
    """Why `consultant` may not take `request`, or "" when they may: not an
    active consultant of its region, MBO for a heavy situation, not
    independent (see check_independence), or no room (see room_text). The one
    rule for assigning, by hand and through matching."""
    active = _active_consultant_roles(request.region_id).filter(person=consultant).exists()
    if not active:
        return _("%(name)s is not an active consultant in %(region)s.") % {
            "name": consultant.full_name,
            "region": request.region.name,
        }
    if request.weight == Weight.HEAVY and not is_hbo_consultant(consultant):
        return _("%(name)s works at MBO level; a heavy situation needs an HBO consultant.") % {
            "name": consultant.full_name
        }
    return independence_problem(consultant, conflicts or _conflicts(request)) or room_problem(
        consultant, request.region_id
    )

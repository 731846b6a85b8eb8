"""Card requests: applying, registering by phone, assigning a consultant,
the situation's weight, and stopping.

Every state change goes through `transitions.transition`. Every function here
writes the access log; each raises CrisisCardError with a translated message
when the change is refused, and then nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.coordination.matching.models import WorkProfile
from regie.coordination.workload import selectors as workload
from regie.core.policy import Actor
from regie.people.access import is_hbo_consultant
from regie.people.models import (
    STAFF_ROLES,
    Municipality,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
)

from ..access import consultant_region_ids, coordinator_region_ids
from ..models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    CrisisPlan,
    Party,
    PartyKind,
    RequestEvent,
    RequestState,
    StopReason,
    Urgency,
    Weight,
)
from . import transitions
from .cards import revoke_holder_links
from .errors import CrisisCardError

RELATIVE_KINDS = frozenset({PartyKind.RELATIVE, PartyKind.TRUSTED_PERSON})
TREATING_KINDS = frozenset({PartyKind.CARE_PROVIDER, PartyKind.GP})


@dataclass(frozen=True)
class Applicant:
    """What an application says about the applicant and their wish."""

    first_name: str
    last_name: str
    email: str
    phone: str
    date_of_birth: datetime.date | None
    municipality: Municipality
    heard_via: str
    urgency: str = Urgency.NORMAL
    wishes: str = ""


def _licence_holder(region_id: int) -> Organisation | None:
    return (
        Organisation.objects.filter(region_id=region_id, kind=OrganisationKind.LICENCE_HOLDER)
        .order_by("pk")
        .first()
    )


def _create(
    *,
    actor: Actor,
    applicant: Applicant,
    channel: str,
    weight: str,
    weight_confirmed: bool,
    registered_by: Person | None,
    purpose: str,
    role: str,
    event_text: str,
) -> CardRequest:
    if not (applicant.email.strip() or applicant.phone.strip()):
        raise CrisisCardError(_("Give an e-mail address or a phone number, so we can reach you."))
    if applicant.date_of_birth and applicant.date_of_birth > timezone.localdate():
        raise CrisisCardError(_("The date of birth cannot be in the future."))
    region = applicant.municipality.region
    person = Person.objects.create(
        first_name=applicant.first_name.strip(),
        last_name=applicant.last_name.strip(),
        email=applicant.email.strip().lower(),
        phone=applicant.phone.strip(),
        date_of_birth=applicant.date_of_birth,
    )
    RoleAssignment.objects.create(
        person=person,
        role=Role.PARTICIPANT,
        region=region,
        organisation=_licence_holder(region.pk),
    )
    card_request = CardRequest.objects.create(
        participant=person,
        region=region,
        municipality=applicant.municipality,
        heard_via=applicant.heard_via,
        urgency=applicant.urgency,
        weight=weight,
        weight_confirmed=weight_confirmed,
        channel=channel,
        wishes=applicant.wishes.strip(),
        state=RequestState.APPLIED,
        registered_by=registered_by,
    )
    RequestEvent.objects.create(
        request=card_request,
        actor=registered_by,
        to_state=RequestState.APPLIED,
        text=event_text[:300],
    )
    record(
        actor=actor if actor.is_authenticated else None,
        action=Action.CREATE,
        purpose=purpose,
        object_type=ObjectType.CARD_REQUEST,
        object_id=str(card_request.uuid),
        subject=person,
        role=role,
    )
    return card_request


@transaction.atomic
def request_apply(*, actor: Actor, applicant: Applicant) -> CardRequest:
    """The public application form: anyone, no login needed.

    Creates a new Person (without a login) for the applicant, their participant
    role in the municipality's region (with the region's licence holder), the
    CardRequest (online, applied) and its first timeline entry. A new person
    every time: an anonymous form must never attach itself to someone's record.
    Raises CrisisCardError without an e-mail address and a phone number.
    """
    return _create(
        actor=actor,
        applicant=applicant,
        channel=Channel.ONLINE,
        weight=Weight.LIGHT,
        weight_confirmed=False,
        registered_by=None,
        purpose="crisiscard:apply",
        role="",
        event_text=_("Application received through the online form"),
    )


def may_register_in(actor: Actor, region_id: int) -> bool:
    return region_id in coordinator_region_ids(actor) | consultant_region_ids(actor)


@transaction.atomic
def request_register(*, actor: Actor, applicant: Applicant, weight: str) -> CardRequest:
    """An application taken by phone, registered by staff.

    Who may: a coordinator or consultant of the municipality's region. A
    coordinator's weight counts as set by the coordinator; a consultant's is a
    first estimate for the coordinator to confirm. Raises CrisisCardError
    for another region or a missing way to reach the applicant.
    """
    region_id = applicant.municipality.region_id
    if actor.person is None or not may_register_in(actor, region_id):
        raise CrisisCardError(_("You can only register applications in your own region."))
    is_coordinator = region_id in coordinator_region_ids(actor)
    if weight not in Weight.values:
        raise CrisisCardError(_("Choose light or heavy."))
    return _create(
        actor=actor,
        applicant=applicant,
        channel=Channel.PHONE,
        weight=weight,
        weight_confirmed=is_coordinator,
        registered_by=actor.person,
        purpose="crisiscard:request_register",
        role=Role.COORDINATOR if is_coordinator else Role.CONSULTANT,
        event_text=_("Application taken by phone and registered by %(name)s")
        % {"name": actor.person.full_name},
    )


# --- Assigning a consultant ------------------------------------------------


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


@transaction.atomic
def request_assign(*, actor: Actor, request: CardRequest, consultant: Person) -> CardRequest:
    """Match a consultant to a request (applied → matched), or change the
    consultant before the first conversation (matched → matched).

    The one door for assigning: the request page and matching's decisions both
    come here. Who may: the coordinator of the request's region (the
    transition table checks). Raises CrisisCardError with the reason when the
    consultant may not take it (see refusal_reason: region, level,
    independence, overload and the region's limit), or the request is past
    matching.
    """
    if request.region_id not in coordinator_region_ids(actor):
        raise CrisisCardError(_("You cannot make this step for this request."))
    if request.state not in (RequestState.APPLIED, RequestState.MATCHED):
        raise CrisisCardError(
            _("A consultant can be chosen or changed only until the first conversation.")
        )
    if consultant.pk == request.consultant_id:
        raise CrisisCardError(
            _("%(name)s is already the consultant.") % {"name": consultant.full_name}
        )
    reason = refusal_reason(consultant, request)
    if reason:
        raise CrisisCardError(reason)
    previous = request.consultant
    text = (
        _("Consultant changed from %(old)s to %(new)s")
        % {"old": previous.full_name, "new": consultant.full_name}
        if previous is not None
        else _("Matched to consultant %(name)s") % {"name": consultant.full_name}
    )
    locked = transitions.transition(
        actor=actor, request=request, to_state=RequestState.MATCHED, text=text
    )
    locked.consultant = consultant
    locked.version += 1
    locked.save(update_fields=["consultant", "version"])
    request.consultant, request.version = consultant, locked.version
    return locked


@transaction.atomic
def request_set_weight(*, actor: Actor, request: CardRequest, weight: str) -> CardRequest:
    """Set or correct the situation's weight (light or heavy); it then counts
    as confirmed by the coordinator.

    Who may: the coordinator of the request's region. Raises CrisisCardError
    when the request has stopped, or when heavy is chosen while an MBO
    consultant is assigned (change the consultant first).
    """
    if request.region_id not in coordinator_region_ids(actor):
        raise CrisisCardError(_("You cannot make this step for this request."))
    if weight not in Weight.values:
        raise CrisisCardError(_("Choose light or heavy."))
    locked = CardRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state in transitions.STOPPED:
        raise CrisisCardError(_("This request has stopped; its weight can no longer change."))
    if (
        weight == Weight.HEAVY
        and locked.consultant is not None
        and not is_hbo_consultant(locked.consultant)
    ):
        raise CrisisCardError(
            _(
                "%(name)s works at MBO level and cannot take a heavy situation. "
                "Choose an HBO consultant first, then set the weight to heavy."
            )
            % {"name": locked.consultant.full_name}
        )
    previous = locked.weight
    locked.weight = weight
    locked.weight_confirmed = True
    locked.version += 1
    locked.save(update_fields=["weight", "weight_confirmed", "version"])
    RequestEvent.objects.create(
        request=locked,
        actor=actor.person,
        text=(
            _("Situation set to “%(weight)s” by the coordinator") % {"weight": Weight(weight).label}
            if previous == weight
            else _("Situation changed from “%(old)s” to “%(new)s” by the coordinator")
            % {"old": Weight(previous).label, "new": Weight(weight).label}
        ),
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:request_weight",
        object_type=ObjectType.CARD_REQUEST,
        object_id=str(locked.uuid),
        subject=locked.participant,
        part="weight",
        role=Role.COORDINATOR,
    )
    request.weight, request.weight_confirmed, request.version = weight, True, locked.version
    return locked


def stop_states_for(actor: Actor, request: CardRequest) -> list[str]:
    """The ways this actor may stop this request: withdraw and/or close."""
    return [
        state
        for state in (RequestState.WITHDRAWN, RequestState.CLOSED)
        if transitions.can_transition(actor, request, state)
    ]


@transaction.atomic
def request_stop(
    *,
    actor: Actor,
    request: CardRequest,
    to_state: str,
    reason: str,
    note: str = "",
    keeps_card: bool = False,
) -> CardRequest:
    """Withdraw or close a request, with a reason from StopReason and a note.

    Who may: see TRANSITIONS (the participant withdraws; the consultant and
    coordinator withdraw or close). What changes besides the state: unless
    `keeps_card`, the request's issued card ends today and the holder's
    emergency link is revoked (410) when they hold no other issued card.
    Raises CrisisCardError without a reason, for a stopped request, or for a
    step this actor may not make.
    """
    if to_state not in transitions.STOPPED:
        raise CrisisCardError(_("Choose whether to withdraw or to close the request."))
    if reason not in StopReason.values:
        raise CrisisCardError(_("Choose a reason, so we can learn why trajectories stop."))
    label = StopReason(reason).label
    text = (
        _("Request withdrawn: %(reason)s")
        if to_state == RequestState.WITHDRAWN
        else _("Request closed: %(reason)s")
    ) % {"reason": label}
    stopped = transitions.transition(
        actor=actor,
        request=request,
        to_state=to_state,
        text=text,
        reason=reason,
        note=note.strip(),
    )
    if not keeps_card:
        Card.objects.filter(request=stopped, status=CardStatus.ISSUED).update(
            status=CardStatus.ENDED, ended_on=timezone.localdate()
        )
        holder_id = stopped.participant_id
        if not Card.objects.filter(
            request__participant_id=holder_id, status=CardStatus.ISSUED
        ).exists():
            revoke_holder_links(holder_id)
    return stopped

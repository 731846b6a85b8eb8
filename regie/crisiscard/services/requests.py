"""Card requests: applying, registering by phone, assigning a consultant,
the situation's weight, and stopping.

Every state change goes through `transitions.transition`. Every function here
writes the access log; each raises CrisisCardError with a translated message
when the change is refused, and then nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.access import is_hbo_consultant
from regie.people.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
)

from ..access import consultant_region_ids, coordinator_region_ids
from ..models import (
    CardRequest,
    Channel,
    RequestEvent,
    RequestState,
    StopReason,
    Urgency,
    Weight,
)
from . import transitions
from .eligibility import (
    Conflicts as Conflicts,
)
from .eligibility import (
    check_independence as check_independence,
)
from .eligibility import (
    conflicts_for_requests as conflicts_for_requests,
)
from .eligibility import (
    independence_problem as independence_problem,
)
from .eligibility import (
    organisations_of as organisations_of,
)
from .eligibility import (
    refusal_reason,
)
from .eligibility import (
    room_text as room_text,
)
from .errors import CrisisCardError


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
# Who may take a request lives in services/eligibility.py; the names imported
# from there "as" themselves are still imported from here by coordination.


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
        keeps_card=keeps_card,
    )
    return stopped

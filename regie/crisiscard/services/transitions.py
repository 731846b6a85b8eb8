"""The card request's state machine: one table, one function.

Each transition names who may make it: the region's "coordinator", the
assigned "consultant", the "participant" themself, or the "system" (scheduled
jobs, with no acting person). Every transition writes the timeline and the
access log. Withdrawing and closing need a reason (for drop-out reporting).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor

from ..access import relation
from ..models import CardRequest, RequestEvent, RequestState, StopReason
from .errors import CrisisCardError

S = RequestState
OPEN_STATES = frozenset(set(S) - {S.WITHDRAWN, S.CLOSED})
STOPPED = frozenset({S.WITHDRAWN, S.CLOSED})
# States with an issued card from which a new draft (version) can start.
CARD_IN_USE = frozenset({S.CARD_ISSUED, S.EVALUATION_DUE, S.EVALUATED})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.APPLIED, S.MATCHED): frozenset({"coordinator"}),
    (S.MATCHED, S.MATCHED): frozenset({"coordinator"}),  # another consultant
    (S.MATCHED, S.IN_CONVERSATION): frozenset({"consultant"}),
    (S.IN_CONVERSATION, S.PLAN_DRAFTED): frozenset({"consultant"}),
    (S.PLAN_DRAFTED, S.AWAITING_SIGNATURES): frozenset({"participant"}),
    (S.AWAITING_SIGNATURES, S.PLAN_DRAFTED): frozenset({"consultant", "participant"}),
    (S.AWAITING_SIGNATURES, S.CARD_ISSUED): frozenset({"consultant"}),
    (S.CARD_ISSUED, S.EVALUATION_DUE): frozenset({"system"}),
    (S.EVALUATED, S.EVALUATION_DUE): frozenset({"system"}),
    (S.EVALUATION_DUE, S.EVALUATED): frozenset({"consultant"}),
    # A new version from an issued card, at any time ("change at any time"); the
    # issued card stays valid for responders until its successor is issued.
    (S.CARD_ISSUED, S.PLAN_DRAFTED): frozenset({"consultant", "participant"}),
    (S.EVALUATED, S.PLAN_DRAFTED): frozenset({"consultant", "participant"}),
    (S.EVALUATION_DUE, S.PLAN_DRAFTED): frozenset({"consultant", "participant"}),
    **{
        (state, S.WITHDRAWN): frozenset({"participant", "consultant", "coordinator"})
        for state in OPEN_STATES
    },
    **{
        (state, S.CLOSED): frozenset({"consultant", "coordinator", "system"})
        for state in OPEN_STATES
    },
}


def who(actor: Actor | None, request: CardRequest) -> set[str]:
    if actor is None:
        return {"system"}
    access = relation(actor, request)
    if access is None:
        return set()
    roles = set()
    if access.is_coordinator:
        roles.add("coordinator")
    if access.is_consultant:
        roles.add("consultant")
    if access.is_participant:
        roles.add("participant")
    return roles


def can_transition(actor: Actor | None, request: CardRequest, to_state: str) -> bool:
    allowed = TRANSITIONS.get((request.state, to_state), frozenset())
    return bool(allowed & who(actor, request))


@transaction.atomic
def transition(
    *,
    actor: Actor | None,
    request: CardRequest,
    to_state: str,
    text: str = "",
    reason: str = "",
    note: str = "",
) -> CardRequest:
    """Move a request along TRANSITIONS.

    Who may: see the table. What changes: the state (and stop reason), a
    timeline entry, one access-log entry. Raises CrisisCardError when the
    move is not in the table for this actor, or a stop has no reason.
    """
    locked = CardRequest.objects.select_for_update().get(pk=request.pk)
    allowed = TRANSITIONS.get((locked.state, to_state))
    if allowed is None:
        raise CrisisCardError(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(locked.state).label, "to": S(to_state).label}
        )
    if not allowed & who(actor, locked):
        raise CrisisCardError(_("You cannot make this step for this request."))
    if to_state in STOPPED:
        if reason not in StopReason.values:
            raise CrisisCardError(_("Choose a reason, so we can learn why trajectories stop."))
        locked.stop_reason = reason
        locked.stop_note = note
    previous = locked.state
    locked.state = to_state
    locked.version += 1
    locked.save(update_fields=["state", "stop_reason", "stop_note", "version"])
    RequestEvent.objects.create(
        request=locked,
        actor=actor.person if actor is not None else None,
        from_state=previous,
        to_state=to_state,
        text=(
            text
            or _("State changed from “%(from)s” to “%(to)s”")
            % {"from": S(previous).label, "to": S(to_state).label}
        )[:300],
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:transition",
        object_type=ObjectType.CARD_REQUEST,
        object_id=str(locked.uuid),
        subject=locked.participant,
        part=f"{previous}->{to_state}",
        role=sorted(who(actor, locked))[0] if actor is not None else "system",
    )
    request.state, request.version = locked.state, locked.version
    request.stop_reason, request.stop_note = locked.stop_reason, locked.stop_note
    return locked

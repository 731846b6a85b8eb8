"""The card request's state machine: one table, one function.

Each transition names who may make it: the region's "coordinator", the
assigned "consultant", the "participant" themself, or the "system" (scheduled
jobs, with no acting person). Every transition writes the timeline and the
access log. Withdrawing and closing need a reason (for drop-out reporting).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor

from ..access import relation
from ..models import CardRequest, RequestEvent, RequestState, StopReason
from .errors import CrisisCardError
from .links import end_cards_of_stopped_request

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


def transition(
    *,
    actor: Actor | None,
    request: CardRequest,
    to_state: str,
    text: str = "",
    reason: str = "",
    note: str = "",
    keeps_card: bool = False,
    deferred: DeferredMoves | None = None,
) -> CardRequest:
    """Move a request along TRANSITIONS.

    Who may: see the table. What changes: the state (and stop reason), a
    timeline entry, one access-log entry; a stop (withdrawn, closed) also
    ends the request's issued card and revokes the holder's QR link unless
    `keeps_card` (the holder keeps the card). Raises CrisisCardError when the
    move is not in the table for this actor, or a stop has no reason.

    With `deferred` (the daily job's batches): the request was locked by
    `DeferredMoves`; the move is checked against the same table and logged
    now, and its state and timeline entry are written with the batch's other
    moves by `DeferredMoves.write` (no query here).
    """
    if deferred is not None:
        return deferred.move(actor=actor, request=request, to_state=to_state, text=text)
    return _transition_now(
        actor=actor,
        request=request,
        to_state=to_state,
        text=text,
        reason=reason,
        note=note,
        keeps_card=keeps_card,
    )


def _check(actor: Actor | None, locked: CardRequest, to_state: str) -> None:
    allowed = TRANSITIONS.get((locked.state, to_state))
    if allowed is None:
        raise CrisisCardError(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(locked.state).label, "to": S(to_state).label}
        )
    if not allowed & who(actor, locked):
        raise CrisisCardError(_("You cannot make this step for this request."))


def _timeline_entry(
    actor: Actor | None, locked: CardRequest, previous: str, to_state: str, text: str
) -> RequestEvent:
    return RequestEvent(
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


def _log_move(actor: Actor | None, locked: CardRequest, previous: str, to_state: str) -> None:
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


@transaction.atomic
def _transition_now(
    *,
    actor: Actor | None,
    request: CardRequest,
    to_state: str,
    text: str,
    reason: str,
    note: str,
    keeps_card: bool,
) -> CardRequest:
    locked = CardRequest.objects.select_for_update().get(pk=request.pk)
    if (
        CardRequest.participant.is_cached(request)
        and request.participant_id == locked.participant_id
    ):
        locked.participant = request.participant  # the caller's, not one query more (run_daily)
    _check(actor, locked, to_state)
    if to_state in STOPPED:
        if reason not in StopReason.values:
            raise CrisisCardError(_("Choose a reason, so we can learn why trajectories stop."))
        locked.stop_reason = reason
        locked.stop_note = note
    previous = locked.state
    locked.state = to_state
    locked.version += 1
    locked.save(update_fields=["state", "stop_reason", "stop_note", "version"])
    _timeline_entry(actor, locked, previous, to_state, text).save()
    _log_move(actor, locked, previous, to_state)
    if to_state in STOPPED:
        end_cards_of_stopped_request(locked, keeps_card=keeps_card)
    request.state, request.version = locked.state, locked.version
    request.stop_reason, request.stop_note = locked.stop_reason, locked.stop_note
    return locked


class DeferredMoves:
    """Moves of many requests written together (the daily job's batches).

    Inside a transaction: creating it locks the requests (one query, in id
    order, as the rows a page locks one at a time); `transition(...,
    deferred=moves)` checks each move against TRANSITIONS and logs it; `write`
    stores the states and timeline entries of all of them (one UPDATE per
    target state, one INSERT) and marks the stored reports of their completed
    quarters stale, as saving each request would (regie.reports.signals).
    Stops are not deferred: they also end cards.
    """

    def __init__(self, request_ids: Iterable[int]) -> None:
        rows = (
            CardRequest.objects.select_for_update()
            .filter(pk__in=set(request_ids))
            .only("pk", "uuid", "state", "version", "participant_id", "region_id", "applied_at")
            .order_by("pk")
        )
        self.locked: dict[int, CardRequest] = {row.pk: row for row in rows}
        self._entries: list[RequestEvent] = []
        self._moved: dict[str, list[CardRequest]] = {}
        self._callers: list[tuple[CardRequest, CardRequest]] = []

    def move(
        self, *, actor: Actor | None, request: CardRequest, to_state: str, text: str
    ) -> CardRequest:
        if to_state in STOPPED:
            raise ValueError("A stop is never deferred: it also ends the request's cards.")
        locked = self.locked[request.pk]
        if CardRequest.participant.is_cached(request):
            locked.participant = request.participant
        _check(actor, locked, to_state)
        previous = locked.state
        entry = _timeline_entry(actor, locked, previous, to_state, text)
        _log_move(actor, locked, previous, to_state)
        locked.state = to_state
        locked.version += 1
        self._entries.append(entry)
        self._moved.setdefault(to_state, []).append(locked)
        # The caller's copy follows in `write`: a batch that rolls back leaves it as it was.
        self._callers.append((request, locked))
        return locked

    def write(self) -> int:
        """Store the moves made so far; returns how many requests moved."""
        from regie.reports.precompute import completed_quarter_keys, mark_stale

        for to_state, moved in self._moved.items():
            CardRequest.objects.filter(pk__in=[row.pk for row in moved]).update(
                state=to_state, version=F("version") + 1
            )
        RequestEvent.objects.bulk_create(self._entries)
        stale: dict[int, set[str]] = {}
        for moved in self._moved.values():
            for row in moved:
                stale.setdefault(row.region_id, set()).update(
                    completed_quarter_keys(row.applied_at)
                )
        for region_id, quarters in stale.items():
            mark_stale(quarters, region_id=region_id)
        for request, locked in self._callers:
            request.state, request.version = locked.state, locked.version
        count = sum(len(moved) for moved in self._moved.values())
        self._entries, self._moved, self._callers = [], {}, []
        return count

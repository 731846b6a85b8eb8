"""Conversations: the consultant's logged contact moments with a request.

Durations feed the consultant's workload (selectors.requests.consultant_workload). A
question from a card holder, applicant or contact person is a conversation
of kind QUESTION with a follow-up date: the consultant is the contact point.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.access import is_hbo_consultant
from regie.people.models import Person, Role
from regie.privacy.restriction import ensure_not_restricted

from ..access import relation
from ..models import CardRequest, Conversation, ConversationKind, Party, RequestState
from . import transitions
from .errors import CrisisCardError

MAX_MINUTES = 24 * 60


def may_mediate(person: Person | None) -> bool:
    """Mediation between parties (task 8) is for HBO consultants only."""
    return is_hbo_consultant(person)


def _check_mediation(parties: list[Party], outcome: str) -> None:
    if not parties:
        raise CrisisCardError(
            _("A mediation is a conversation with the parties: tick who was present.")
        )
    if outcome == "":
        raise CrisisCardError(_("Write down the outcome of the mediation."))


def _require_assigned_consultant(actor: Actor, request: CardRequest) -> None:
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the request's own consultant can log conversations."))


@transaction.atomic
def conversation_log(
    *,
    actor: Actor,
    request: CardRequest,
    kind: str,
    occurred_on: datetime.date,
    duration_minutes: int,
    participants: Iterable[Person] = (),
    others_present: str = "",
    notes: str = "",
    follow_up_on: datetime.date | None = None,
    parties_present: Iterable[Party] = (),
    outcome: str = "",
) -> Conversation:
    """Log a conversation on a request.

    Who may: the request's assigned consultant (active in its region).
    Mediation with parties only for an HBO consultant; it needs the parties
    present (parties of this request) and the outcome. A question needs a
    follow-up date. The date cannot be in the future, the duration is 1 to
    1440 minutes. The first conversation on a matched request moves it to
    "in conversation". Raises CrisisCardError otherwise; nothing is saved then.
    """
    ensure_not_restricted(request.participant_id)
    _require_assigned_consultant(actor, request)
    assert actor.person is not None
    if request.state in transitions.STOPPED:
        raise CrisisCardError(_("This request has stopped; no more conversations can be logged."))
    if kind not in ConversationKind.values:
        raise CrisisCardError(_("Choose what kind of conversation this was."))
    parties = list(parties_present)
    if any(party.request_id != request.pk for party in parties):
        raise CrisisCardError(_("Choose only parties of this request."))
    outcome = outcome.strip()
    if kind == ConversationKind.MEDIATION:
        if not may_mediate(actor.person):
            raise CrisisCardError(
                _("Mediation between parties is an HBO task. Ask an HBO colleague to do it.")
            )
        _check_mediation(parties, outcome)
    today = timezone.localdate()
    if occurred_on > today:
        raise CrisisCardError(_("The date cannot be in the future."))
    if not 1 <= duration_minutes <= MAX_MINUTES:
        raise CrisisCardError(_("The duration must be between 1 and 1440 minutes."))
    if kind == ConversationKind.QUESTION and follow_up_on is None:
        raise CrisisCardError(_("A question needs a follow-up date, so that it is not forgotten."))
    if follow_up_on is not None and follow_up_on < occurred_on:
        raise CrisisCardError(_("The follow-up date cannot be before the conversation."))
    conversation = Conversation.objects.create(
        request=request,
        kind=kind,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        others_present=others_present.strip(),
        notes=notes.strip(),
        follow_up_on=follow_up_on,
        outcome=outcome,
        recorded_by=actor.person,
    )
    people = list(participants)
    if people:
        conversation.participants.set(people)
    if parties:
        conversation.parties_present.set(parties)
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:conversation_add",
        object_type=ObjectType.CONVERSATION,
        object_id=conversation.pk,
        subject=request.participant,
        part=kind,
        role=Role.CONSULTANT,
    )
    if request.state == RequestState.MATCHED:
        transitions.transition(
            actor=actor,
            request=request,
            to_state=RequestState.IN_CONVERSATION,
            text=_("First conversation held: %(kind)s") % {"kind": ConversationKind(kind).label},
        )
    return conversation


@transaction.atomic
def conversation_mark_followed_up(
    *, actor: Actor, request: CardRequest, conversation: Conversation
) -> Conversation:
    """Mark a conversation's follow-up as done.

    Who may: the request's assigned consultant. Raises CrisisCardError for
    another request's conversation or one without a follow-up date.
    """
    _require_assigned_consultant(actor, request)
    if conversation.request_id != request.pk:
        raise CrisisCardError(_("This conversation belongs to another request."))
    if conversation.follow_up_on is None:
        raise CrisisCardError(_("This conversation has no follow-up to mark."))
    if conversation.followed_up:
        return conversation
    conversation.followed_up = True
    conversation.save(update_fields=["followed_up"])
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:conversation_followed_up",
        object_type=ObjectType.CONVERSATION,
        object_id=conversation.pk,
        subject=request.participant,
        part="followed_up",
        role=Role.CONSULTANT,
    )
    return conversation

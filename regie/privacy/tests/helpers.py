"""One of everything a copy of someone's data holds, for the export tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.crisiscard.models import (
    ChangeProposal,
    Conversation,
    ConversationKind,
    Evaluation,
    RequestEvent,
    Signature,
)
from regie.crisiscard.tests.permission_args_portal import make_card
from regie.recovery.models import (
    ActionOwner,
    CaseContact,
    CasePartner,
    ClientConsent,
    ContactWith,
    Goal,
    GoalAction,
    LifeArea,
    PartnerKind,
    Perspective,
    WheelAssessment,
    WheelScore,
)

PLAN_TEXT = "Ik ben iemand die houdt van rust."  # what make_card writes in a version
NOTE_TEXT = "Gesprek over de signalen van Sam."
GOAL_TEXT = "Weer twee dagen per week vrijwilligerswerk doen."


def fill_crisis_card(world) -> None:
    """The participant's request gets an event, a conversation, a proposal, a
    version with a signature, an issued card with an evaluation."""
    request = world.card_request
    consultant = world.people["consultant"]
    RequestEvent.objects.create(request=request, text="Plan drafted", to_state="plan_drafted")
    Conversation.objects.create(
        request=request,
        kind=ConversationKind.PLAN,
        duration_minutes=45,
        notes=NOTE_TEXT,
        recorded_by=consultant,
    )
    card = make_card(
        participant=request.participant,
        consultant=consultant,
        region=world.region,
        issued_on=timezone.localdate(),
        state=request.state,
        request=request,
    )
    ChangeProposal.objects.create(
        plan=card.version.plan, text="Mijn zus belt", author=request.participant
    )
    Signature.objects.create(version=card.version, party=world.party, agreements_hash="0" * 64)
    Evaluation.objects.create(card=card, due_on=timezone.localdate() + datetime.timedelta(days=365))


def fill_recovery(world) -> None:
    """The client's case gets a partner, a wheel, a goal with an action, a
    contact and a sharing choice."""
    case = world.case
    director = world.people["case_director"]
    area = LifeArea.objects.order_by("position").first()
    partner = CasePartner.objects.create(
        case=case, kind=PartnerKind.RELATIVE, life_area=area, person=world.relative
    )
    assessment = WheelAssessment.objects.create(
        case=case, perspective=Perspective.CLIENT, recorded_by=world.client
    )
    WheelScore.objects.create(assessment=assessment, life_area=area, score=6, note="gaat beter")
    goal = Goal.objects.create(case=case, life_area=area, description=GOAL_TEXT)
    GoalAction.objects.create(goal=goal, description="Bellen", owner_kind=ActionOwner.CLIENT)
    contact = CaseContact.objects.create(
        case=case,
        duration_minutes=30,
        with_whom=ContactWith.CLIENT,
        notes="Kennismaking",
        recorded_by=director,
    )
    contact.team_participants.add(director)
    ClientConsent.objects.create(case=case, partner=partner, plan=True, changed_by=world.client)

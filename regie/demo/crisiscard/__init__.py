"""Demo data for the crisis card, called by `manage.py seed_demo` after the recovery demo.

Participants in every state of the trajectory, with plans in plain Dutch, parties,
signatures, the sharing grid (the demo login shares sections with its GP, who
has a live read link, and with police and crisis services on the emergency
route) and cards: one card due for its yearly evaluation (issued thirteen
months ago), one older than eighteen months, and an issued card for the demo
login deelnemer@regie.example so the portal shows something (with an English
side, and a question waiting for their consultant).

Idempotent: every trajectory is keyed by its participant's e-mail address; a
participant who already has a request is left alone. The models are used
directly, but the data keeps the invariants: a card comes from an established
version whose content_hash matches its content, every issued card has one live
emergency link, stopped requests have a reason.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from regie.crisiscard.models import (
    Card,
    CardStatus,
    Conversation,
    ConversationKind,
)
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Person

from .content import DEMO_QUESTION, ENGLISH_PANELS
from .trajectories import TRAJECTORIES, build_trajectory


def _second_language_and_question(today: datetime.date) -> None:
    """The demo login's card gets an English side, and a question waits for their
    consultant (idempotent: both are added once)."""
    card = (
        Card.objects.filter(
            request__participant__email=f"deelnemer@{DEMO_DOMAIN}", status=CardStatus.ISSUED
        )
        .select_related("request__participant")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if card is None:
        return
    if not card.panels_en:
        card.panels_en = ENGLISH_PANELS
        card.save(update_fields=["panels_en"])
    request = card.request
    if not Conversation.objects.filter(
        request=request, kind=ConversationKind.QUESTION, recorded_by=request.participant
    ).exists():
        question = Conversation.objects.create(
            request=request,
            kind=ConversationKind.QUESTION,
            occurred_on=today - datetime.timedelta(days=1),
            duration_minutes=1,
            notes=DEMO_QUESTION,
            follow_up_on=today + datetime.timedelta(days=1),
            recorded_by=request.participant,
        )
        question.participants.add(request.participant)


@transaction.atomic
def seed(fake: Any) -> None:  # fake: the people seeder's Faker, kept for a stable signature
    today = timezone.localdate()
    d = DEMO_DOMAIN
    people = {
        p.email.split("@")[0]: p
        for p in Person.objects.filter(
            email__in=[
                f"{name}@{d}"
                for name in (
                    "consulent.mbo",
                    "consulent.hbo",
                    "consulent1.gelderland",
                    "coordinator",
                )
            ]
        ).select_related("user")
    }
    for trajectory in TRAJECTORIES:
        build_trajectory(trajectory, today, people)
    _second_language_and_question(today)

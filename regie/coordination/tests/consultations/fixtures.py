"""Small builders for consultation tests: consultations, follow-ups, and completed
evaluations with coded findings for the input pack."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from regie.coordination.consultations.models import RegionalMeeting, RegionalMeetingAction
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    CrisisPlan,
    Evaluation,
    EvaluationFinding,
    HeardVia,
    PlanVersion,
    RequestState,
)

_numbers = itertools.count(1)


def meeting(region, creator, *, held_on=None, title="Regionaal overleg crisiszorg", **extra):
    return RegionalMeeting.objects.create(
        region=region,
        held_on=held_on or timezone.localdate(),
        title=title,
        created_by=creator,
        **extra,
    )


def meeting_action(owner, description="Politie traint op de kaart", **extra):
    return RegionalMeetingAction.objects.create(meeting=owner, description=description, **extra)


def card_in(region, participant, consultant) -> Card:
    """An issued card of a fresh request in `region` (minimal, for evaluations)."""
    request = CardRequest.objects.create(
        participant=participant,
        region=region,
        heard_via=HeardVia.CARE_PROVIDER,
        channel=Channel.ONLINE,
        consultant=consultant,
        state=RequestState.CARD_ISSUED,
    )
    plan = CrisisPlan.objects.create(request=request, draft={}, draft_revision=1)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content={},
        content_hash=f"{next(_numbers):064x}",
        established_by=participant,
    )
    return Card.objects.create(
        request=request,
        version=version,
        number=f"T-{next(_numbers):06d}",
        status=CardStatus.ISSUED,
        issued_on=timezone.localdate() - datetime.timedelta(days=400),
    )


def evaluation(
    card: Card,
    *,
    completed_on: datetime.date,
    crisis: bool | None = None,
    used: bool | None = None,
    used_by=(),
    respected_by=(),
    themes=(),
    what_should_change: str = "",
) -> Evaluation:
    completed_at = timezone.make_aware(
        datetime.datetime.combine(completed_on, datetime.time(12, 0))
    )
    item = Evaluation.objects.create(
        card=card,
        due_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=next(_numbers)),
        completed_at=completed_at,
        crisis_happened=crisis,
        card_used=used,
        used_by=list(used_by),
        respected_by=list(respected_by),
        what_should_change=what_should_change,
    )
    EvaluationFinding.objects.bulk_create(
        [EvaluationFinding(evaluation=item, kind="used_by", code=c) for c in used_by]
        + [EvaluationFinding(evaluation=item, kind="respected_by", code=c) for c in respected_by]
        + [EvaluationFinding(evaluation=item, kind="theme", code=c) for c in themes]
    )
    return item

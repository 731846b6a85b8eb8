"""The yearly evaluation of a crisis card (task 6).

The daily job (`services.daily`) creates an Evaluation when a card is due; the
assigned consultant records its outcome here, together with the card holder.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.models import Person, Role
from regie.privacy.restriction import ensure_not_restricted

from ..access import relation
from ..models import (
    CardStatus,
    Evaluation,
    EvaluationFinding,
    EvaluationOutcome,
    EvaluationTheme,
    FindingKind,
    RequestState,
    RespectedBy,
    StopReason,
)
from .errors import CrisisCardError
from .transitions import transition

# What the evaluation form shows; a save based on another state is stale.
EVALUATION = StaleGuard(
    ("completed_at", "crisis_happened", "card_used", "what_should_change", "outcome")
)


def open_evaluations_for(person: Person) -> QuerySet[Evaluation]:
    """Evaluations waiting for this consultant: not completed, on a request assigned to them.

    For the consultant's home page (one query; the card, request and participant
    come along). Oldest due date first.
    """
    return (
        Evaluation.objects.filter(
            completed_at__isnull=True,
            card__request__consultant=person,
            card__status=CardStatus.ISSUED,
        )
        .select_related("card__request__participant")
        .order_by("due_on", "pk")
    )


def open_evaluation_for_request(request_pk: int) -> Evaluation | None:
    """The evaluation a participant's card is waiting for, if any (for the portal)."""
    return (
        Evaluation.objects.filter(
            completed_at__isnull=True,
            card__request_id=request_pk,
            card__status=CardStatus.ISSUED,
        )
        .order_by("due_on", "pk")
        .first()
    )


def _check_choices(
    values: Iterable[str], label: str, known: Iterable[str] = RespectedBy.values
) -> list[str]:
    chosen = list(dict.fromkeys(values))
    allowed = set(known)
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise CrisisCardError(
            _("“%(label)s” holds a choice we do not know. Choose from the list.") % {"label": label}
        )
    return chosen


@transaction.atomic
def record_evaluation(
    *,
    actor: Actor,
    evaluation: Evaluation,
    crisis_happened: bool,
    card_used: bool,
    used_by: Iterable[str],
    respected_by: Iterable[str],
    what_should_change: str,
    outcome: str,
    themes: Iterable[str] = (),
    seen: str,
) -> Evaluation:
    """Record the outcome of a card's yearly evaluation.

    Who may: the request's assigned consultant (in the request's region).
    What changes: the evaluation's answers and completion time, and the request:
    - "unchanged": evaluation due → evaluated; the next evaluation is due a year on;
    - "updated": evaluation due → plan drafted; a new version (and card) follows;
    - "ended": the request is closed (reason "card ended"), the card ends today
      and the holder's emergency link is revoked (unless they hold another issued
      card), so the QR code stops working.
    Who used and respected the card and the coded themes are also written as
    EvaluationFinding rows (the only evaluation content anonymised reports count).
    Raises CrisisCardError when the actor is not the consultant, the evaluation
    was already recorded, a choice is unknown, or the request is not waiting
    for this evaluation; StaleSave when it changed after `seen` (EVALUATION's
    fingerprint) was taken.
    """
    EVALUATION.lock(evaluation, seen=seen)
    locked = (
        Evaluation.objects.select_for_update()
        .select_related("card__request__participant")
        .filter(pk=evaluation.pk)
        .first()
    )
    if locked is None:
        raise CrisisCardError(_("This evaluation no longer exists."))
    card = locked.card
    request = card.request
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the consultant of this card can record its evaluation."))
    ensure_not_restricted(request.participant_id)
    if locked.completed_at is not None:
        raise CrisisCardError(_("This evaluation was already recorded."))
    if card.status != CardStatus.ISSUED:
        raise CrisisCardError(_("This card is no longer in use, so it cannot be evaluated."))
    if outcome not in EvaluationOutcome.values:
        raise CrisisCardError(_("Choose what happens with the card."))
    used = _check_choices(used_by, _("Used by"))
    respected = _check_choices(respected_by, _("Respected by"))
    coded = _check_choices(themes, _("Themes"), EvaluationTheme.values)
    if not card_used and used:
        raise CrisisCardError(
            _("You said the card was not used, but you ticked who used it. Check both answers.")
        )
    if request.state != RequestState.EVALUATION_DUE:
        raise CrisisCardError(_("This request is not waiting for an evaluation."))

    text = _("Evaluation recorded: %(outcome)s") % {"outcome": EvaluationOutcome(outcome).label}
    if outcome == EvaluationOutcome.UNCHANGED:
        transition(actor=actor, request=request, to_state=RequestState.EVALUATED, text=text)
    elif outcome == EvaluationOutcome.UPDATED:
        transition(actor=actor, request=request, to_state=RequestState.PLAN_DRAFTED, text=text)
    else:
        transition(
            actor=actor,
            request=request,
            to_state=RequestState.CLOSED,
            text=text,
            reason=StopReason.CARD_ENDED,
            note=what_should_change.strip()[:1000],
        )
        card.refresh_from_db(fields=["status", "ended_on"])  # ended by the stop

    locked.crisis_happened = crisis_happened
    locked.card_used = card_used
    locked.used_by = used
    locked.respected_by = respected
    locked.what_should_change = what_should_change.strip()
    locked.outcome = outcome
    locked.completed_at = timezone.now()
    locked.save(
        update_fields=[
            "crisis_happened",
            "card_used",
            "used_by",
            "respected_by",
            "what_should_change",
            "outcome",
            "completed_at",
        ]
    )
    EvaluationFinding.objects.bulk_create(
        [EvaluationFinding(evaluation=locked, kind=FindingKind.USED_BY, code=c) for c in used]
        + [
            EvaluationFinding(evaluation=locked, kind=FindingKind.RESPECTED_BY, code=c)
            for c in respected
        ]
        + [EvaluationFinding(evaluation=locked, kind=FindingKind.THEME, code=c) for c in coded]
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:evaluation_edit",
        object_type=ObjectType.EVALUATION,
        object_id=locked.pk,
        subject=request.participant,
        part=outcome,
        role=Role.CONSULTANT,
    )
    return locked

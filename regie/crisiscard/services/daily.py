"""The daily job: yearly evaluations and cards that are no longer reliable.

Idempotent: every e-mail is guarded by a Notification row with a unique key,
created in the same transaction as the change it announces and sent only after
that transaction commits. Running the job twice on one day sends nothing twice;
a run that fails half-way leaves each card either fully handled or untouched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_card, log_evaluation
from regie.audit.models import Action
from regie.people.models import Person

from .. import reliability
from ..models import (
    Card,
    CardStatus,
    Evaluation,
    Notification,
    RequestState,
    _add_months,
)
from . import printing
from .errors import CrisisCardError
from .portal import site_link
from .transitions import transition

# Requests whose card can be evaluated. Another state means a new version or
# card is already on its way (or the request stopped), so no evaluation is due.
EVALUABLE_STATES = (RequestState.CARD_ISSUED, RequestState.EVALUATED, RequestState.EVALUATION_DUE)
MOVES_TO_DUE = (RequestState.CARD_ISSUED, RequestState.EVALUATED)
# Lower bounds in days, a little generous: _add_months may round a date down by
# up to three days. The exact date is checked per card.
DAYS_BEFORE_EVALUATION = 362
CHUNK = 200
RUN_DAILY = "crisiscard:run_daily"


@dataclass
class DailyReport:
    today: datetime.date
    evaluations_created: int = 0
    requests_due: int = 0
    invitations_sent: int = 0
    marked_unreliable: int = 0
    unreliable_notices_sent: int = 0

    def summary(self) -> str:
        return (
            f"{self.evaluations_created} evaluations created, "
            f"{self.requests_due} requests now due for evaluation, "
            f"{self.invitations_sent} invitations sent, "
            f"{self.marked_unreliable} cards marked no longer reliable, "
            f"{self.unreliable_notices_sent} notices sent."
        )


def _notify_once(
    key: str, person: Person | None, template: str, context: dict, *, card: Card
) -> bool:
    """Mail (or, without an address, queue a letter) unless this key was sent before.

    Inside a transaction. The letter goes to the print queue of the card's region.
    """
    if person is None:
        return False
    try:
        with transaction.atomic():
            _note, created = Notification.objects.get_or_create(
                key=key, defaults={"recipient": person}
            )
    except IntegrityError:  # a parallel run made it first
        return False
    if not created:
        return False
    return bool(
        printing.notify(person, template, context, region=card.request.region, request=card.request)
    )


def _evaluation_due_on(card: Card) -> datetime.date:
    """Card.evaluation_due_on without a query: uses the annotated last completion."""
    last = card.last_completed  # type: ignore[attr-defined]  # annotated by the daily query
    base = last.date() if last is not None else card.issued_on
    return _add_months(base, 12)  # type: ignore[arg-type]  # only issued cards: issued_on is set


def _handle_due(card: Card, due_on: datetime.date, report: DailyReport) -> None:
    request = card.request
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(card=card, due_on=due_on)
        if created:
            report.evaluations_created += 1
            log_evaluation(
                evaluation,
                actor=None,
                action=Action.CREATE,
                purpose=RUN_DAILY,
                part=str(due_on),
                role="system",
            )
        if request.state in MOVES_TO_DUE:
            try:
                transition(
                    actor=None,
                    request=request,
                    to_state=RequestState.EVALUATION_DUE,
                    text=_("The yearly evaluation is due."),
                )
            except CrisisCardError:
                pass  # another run moved it meanwhile
            else:
                report.requests_due += 1
        sent = _notify_once(
            f"evaluation-invite:{card.pk}:{due_on.isoformat()}",
            request.participant,
            "crisiscard/portal/emails/evaluation_invite",
            {"card": card, "link": site_link("crisiscard:portal_home")},
            card=card,
        )
        if sent:
            report.invitations_sent += 1
            Evaluation.objects.filter(pk=evaluation.pk).update(invited_at=timezone.now())


def _handle_unreliable(card: Card, today: datetime.date, report: DailyReport) -> None:
    """Tell the holder and the consultant once per reliable period that it has ended.

    `marked_unreliable_on` only records that the job told them (not the rule:
    that is regie.crisiscard.reliability); a later confirming evaluation starts
    a new period, which is told about again when it ends.
    """
    request = card.request
    checked = reliability.checked_with_holder_on(card)
    with transaction.atomic():
        marked = (
            Card.objects.filter(pk=card.pk)
            .filter(Q(marked_unreliable_on__isnull=True) | Q(marked_unreliable_on__lt=checked))
            .update(marked_unreliable_on=today)
        )
        if not marked:
            return
        report.marked_unreliable += 1
        log_card(
            card,
            actor=None,
            action=Action.CHANGE,
            purpose=RUN_DAILY,
            part="marked_unreliable",
            role="system",
        )
        context = {"card": card, "participant": request.participant}
        for who, person, template in (
            ("holder", request.participant, "crisiscard/portal/emails/unreliable_holder"),
            ("consultant", request.consultant, "crisiscard/portal/emails/unreliable_consultant"),
        ):
            link = site_link("crisiscard:portal_home") if who == "holder" else ""
            key = f"unreliable:{card.pk}:{checked:%Y%m%d}:{who}"
            if _notify_once(key, person, template, {**context, "link": link}, card=card):
                report.unreliable_notices_sent += 1


def run_daily(today: datetime.date | None = None) -> DailyReport:
    """Find cards due for evaluation and cards that are no longer reliable.

    (a) A card (issued, its request in card issued, evaluated or evaluation due)
        whose evaluation is due gets an Evaluation for that due date (a task on
        the consultant's home), its request moves to "evaluation due" (actor:
        the system), and the card holder gets a friendly invitation.
    (b) A card that is no longer reliable (regie.crisiscard.reliability) is
        marked once per reliable period; the holder and the consultant are told.
    Safe to run more than once a day: nothing is created or sent twice.
    """
    today = today or timezone.localdate()
    report = DailyReport(today=today)
    related = ("request__participant", "request__consultant", "request__region")

    due_cards = (
        Card.objects.filter(
            status=CardStatus.ISSUED,
            issued_on__lte=today - datetime.timedelta(days=DAYS_BEFORE_EVALUATION),
            request__state__in=EVALUABLE_STATES,
        )
        .annotate(last_completed=Max("evaluations__completed_at"))
        .select_related(*related)
        .order_by("pk")
    )
    for card in due_cards.iterator(chunk_size=CHUNK):
        due_on = _evaluation_due_on(card)
        if due_on <= today:
            _handle_due(card, due_on, report)

    old_cards = (
        reliability.with_checked_on(Card.objects.filter(status=CardStatus.ISSUED))
        .filter(reliability.unreliable_q(today))
        .filter(
            Q(marked_unreliable_on__isnull=True)
            | Q(marked_unreliable_on__lt=F(reliability.CHECKED_ON))
        )
        .select_related(*related)
        .order_by("pk")
    )
    for card in old_cards.iterator(chunk_size=CHUNK):
        _handle_unreliable(card, today, report)
    return report


def daily_job(today: datetime.date) -> str:
    """The crisis card's job in `manage.py run_daily` (registered in apps.py)."""
    return run_daily(today).summary()

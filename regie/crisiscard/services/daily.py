"""The daily job: yearly evaluations and cards that are no longer reliable.

Idempotent: every e-mail is guarded by a Notification row with a unique key,
created in the same transaction as the change it announces and sent only after
that transaction commits. Running the job twice on one day sends nothing twice;
a run that fails half-way leaves each card either fully handled or untouched.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Least,
    Mod,
    TruncDate,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_card, log_evaluation
from regie.audit.models import Action
from regie.audit.services import chain_batch, logged_atomic
from regie.core.tasks import enqueue_together
from regie.people.models import Person
from regie.privacy.restriction import restrictions_read_once

from .. import reliability
from ..models import (
    Card,
    CardStatus,
    Evaluation,
    RequestState,
    _add_months,
)
from . import printing
from .errors import CrisisCardError
from .portal import site_link
from .transitions import DeferredMoves, transition

# Requests whose card can be evaluated. Another state means a new version or
# card is already on its way (or the request stopped), so no evaluation is due.
EVALUABLE_STATES = (RequestState.CARD_ISSUED, RequestState.EVALUATED, RequestState.EVALUATION_DUE)
MOVES_TO_DUE = (RequestState.CARD_ISSUED, RequestState.EVALUATED)
# Lower bounds in days, a little generous: _add_months may round a date down by
# up to three days. The exact date is checked per card.
DAYS_BEFORE_EVALUATION = 362
CHUNK = 2000
# Cards handled in one transaction: one commit (a disk flush on PostgreSQL) per
# batch instead of per card, each card still all or nothing in its own
# savepoint (`logged_atomic`, which also drops the card's access-log events
# when it rolls back). The batch's access-log events are appended to the chain
# in one write at its end (`chain_batch`), so the chain is locked only from
# that write to the commit.
BATCH = 100
# The panels are the card's whole text: never needed to schedule or to notify.
PANEL_FIELDS = ("panels", "panels_en")
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
    if person is None or not _claim_key(key, person):
        return False
    return bool(
        printing.notify(
            person, template, context, region=card.request.region, request=card.request, later=True
        )
    )


# Quoted names work on SQLite and PostgreSQL alike; the table is Notification's.
_CLAIM_KEYS = 'INSERT INTO "crisiscard_notification" ("key", "sent_at", "recipient_id")'


def _claim_key(key: str, person: Person) -> bool:
    """Record notice `key` for `person`; False when it was recorded before."""
    return key in _claim_keys([(key, person)])


def _claim_keys(wanted: list[tuple[str, Person]]) -> set[str]:
    """Record notice keys for their persons in one statement; returns the keys
    recorded now (not those recorded before).

    `ON CONFLICT DO NOTHING` (SQLite and PostgreSQL) instead of an INSERT in a
    savepoint that an IntegrityError rolls back: the daily queries leave out
    what was handled, so a key is new unless a parallel run made it first.
    """
    if not wanted:
        return set()
    sent_at = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s)"] * len(wanted))
    # Only placeholders are joined in: the values go as parameters.
    sql = f'{_CLAIM_KEYS} VALUES {rows} ON CONFLICT ("key") DO NOTHING RETURNING "key"'
    params = [value for key, person in wanted for value in (key, sent_at, person.pk)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key for (key,) in cursor.fetchall()}


def _evaluation_due_on(card: Card) -> datetime.date:
    """Card.evaluation_due_on without a query: uses the annotated last completion."""
    last = card.last_completed  # type: ignore[attr-defined]  # annotated by the daily query
    base = last.date() if last is not None else card.issued_on
    return _add_months(base, 12)  # type: ignore[arg-type]  # only issued cards: issued_on is set


def _latest_base_for_due(today: datetime.date) -> datetime.date:
    """The last base date (issue or last completion) whose evaluation is due `today`.

    `_add_months(base, 12) <= today` exactly when `base` is on or before this
    date: the due date keeps the base's month a year on, its day capped at 28.
    """
    year, month = today.year - 1, today.month
    if today.day >= 28:  # every day of that month gives a due date up to the 28th
        return _add_months(datetime.date(year, month, 1), 1) - datetime.timedelta(days=1)
    return datetime.date(year, month, today.day)


def _due_cards(today: datetime.date) -> QuerySet[Card]:
    """Cards whose evaluation is due `today` and not yet created, decided in the database.

    The due date is `_add_months(base, 12)`, base being the (UTC) date of the
    last completed evaluation or else the issue date, as `_evaluation_due_on`
    computes it. A card whose evaluation for that date exists was handled by an
    earlier run (evaluation, state and invitation are written together), so a
    rerun finds nothing and issues no query per card.
    """
    last_completed = (
        Evaluation.objects.filter(card=OuterRef("pk"), completed_at__isnull=False)
        .order_by("-completed_at")
        .values("completed_at")[:1]
    )
    base = Coalesce(
        TruncDate(Subquery(last_completed), tzinfo=datetime.UTC),
        F("issued_on"),
        output_field=DateField(),
    )
    handled = Evaluation.objects.filter(
        card=OuterRef("pk"),
        due_on__year=OuterRef("_due_year"),
        due_on__month=OuterRef("_due_month"),
        due_on__day=OuterRef("_due_day"),
    )
    return (
        Card.objects.filter(
            status=CardStatus.ISSUED,
            issued_on__lte=today - datetime.timedelta(days=DAYS_BEFORE_EVALUATION),
            request__state__in=EVALUABLE_STATES,
        )
        .annotate(last_completed=Subquery(last_completed), _base=base)
        .filter(_base__lte=_latest_base_for_due(today))
        .annotate(
            _due_year=ExtractYear("_base") + 1,
            _due_month=ExtractMonth("_base"),
            _due_day=Least(ExtractDay("_base"), Value(28), output_field=IntegerField()),
        )
        .filter(~Exists(handled))
        .defer(*PANEL_FIELDS)
    )


def _handle_due(card: Card, due_on: datetime.date, report: DailyReport) -> None:
    """Create the card's evaluation for `due_on`, move its request, invite the holder.

    All or nothing: when a parallel run created the evaluation first, this
    card is left to it.
    """
    request = card.request
    try:
        with logged_atomic():
            # The invitation first, so the evaluation is written once with its
            # invited_at; the mail itself goes only after commit.
            sent = _notify_once(
                f"evaluation-invite:{card.pk}:{due_on.isoformat()}",
                request.participant,
                "crisiscard/portal/emails/evaluation_invite",
                {"card": card, "link": site_link("crisiscard:portal_home")},
                card=card,
            )
            evaluation = Evaluation.objects.create(
                card=card, due_on=due_on, invited_at=timezone.now() if sent else None
            )
            log_evaluation(
                evaluation,
                actor=None,
                action=Action.CREATE,
                purpose=RUN_DAILY,
                part=str(due_on),
                role="system",
            )
            moved = False
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
                    moved = True
    except IntegrityError:  # a parallel run created this evaluation first
        return
    report.evaluations_created += 1
    report.requests_due += moved
    report.invitations_sent += sent


def _handle_due_batch(batch: list[tuple[Card, datetime.date]], report: DailyReport) -> None:
    """Handle a batch of due cards together; card by card when anything is in the way.

    Inside the batch's transaction. The batch's requests are locked first (in
    id order), so a parallel run that reaches the same cards waits here for
    this batch to commit and then finds their evaluations. Then, in one
    savepoint: which evaluations exist (one query), the notice keys (one
    INSERT), the invitations (rendered per card as before), the evaluations
    (one INSERT), each card's log events and move (checked against the state
    machine per card, `transition(..., deferred=...)`), and the moves (one
    UPDATE, one INSERT for the timeline). When any of it raises
    IntegrityError (a row some other path wrote meanwhile, or a card's move
    failing), the savepoint rolls back with its log events and mails and the
    batch is handled card by card (`_handle_due`), each card all or nothing.
    """
    moves = DeferredMoves(card.request_id for card, _ in batch)
    counts = DailyReport(today=report.today)
    try:
        with logged_atomic():
            _handle_due_together(batch, moves, counts)
    except IntegrityError:
        for card, due_on in batch:
            _handle_due(card, due_on, report)
        return
    report.evaluations_created += counts.evaluations_created
    report.requests_due += counts.requests_due
    report.invitations_sent += counts.invitations_sent


def _existing_evaluations(
    batch: list[tuple[Card, datetime.date]],
) -> set[tuple[int, datetime.date]]:
    """(card, due date) of the batch's evaluations that exist: those a parallel run
    made and committed while this batch waited for its locks."""
    cards = [card.pk for card, _ in batch]
    return set(Evaluation.objects.filter(card_id__in=cards).values_list("card_id", "due_on"))


def _handle_due_together(
    batch: list[tuple[Card, datetime.date]], moves: DeferredMoves, counts: DailyReport
) -> None:
    """The set-based part of `_handle_due_batch`: the same rows, events and mails
    as `_handle_due` for each card, in the same order, in a few statements."""
    existing = _existing_evaluations(batch)
    todo = [(card, due_on) for card, due_on in batch if (card.pk, due_on) not in existing]
    if not todo:
        return
    keys = {card.pk: f"evaluation-invite:{card.pk}:{due_on.isoformat()}" for card, due_on in todo}
    claimed = _claim_keys(
        [
            (keys[card.pk], card.request.participant)
            for card, _ in todo
            if card.request.participant is not None
        ]
    )
    link = site_link("crisiscard:portal_home")
    sent: dict[int, bool] = {}
    for card, _due_on in todo:
        request = card.request
        sent[card.pk] = keys[card.pk] in claimed and bool(
            printing.notify(
                request.participant,
                "crisiscard/portal/emails/evaluation_invite",
                {"card": card, "link": link},
                region=request.region,
                request=request,
                later=True,
            )
        )
    invited_at = timezone.now()
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(card=card, due_on=due_on, invited_at=invited_at if sent[card.pk] else None)
            for card, due_on in todo
        ]
    )
    for (card, due_on), evaluation in zip(todo, evaluations, strict=True):
        log_evaluation(
            evaluation,
            actor=None,
            action=Action.CREATE,
            purpose=RUN_DAILY,
            part=str(due_on),
            role="system",
        )
        request = card.request
        if request.state in MOVES_TO_DUE:
            with contextlib.suppress(CrisisCardError):  # another run moved it meanwhile
                transition(
                    actor=None,
                    request=request,
                    to_state=RequestState.EVALUATION_DUE,
                    text=_("The yearly evaluation is due."),
                    deferred=moves,
                )
    counts.requests_due = moves.write()
    counts.evaluations_created = len(todo)
    counts.invitations_sent = sum(sent.values())


def _not_told_of(marked_on: datetime.date | None, checked: datetime.date) -> bool:
    """Whether the period that began on `checked` ended without the job telling."""
    return marked_on is None or marked_on < checked


def _handle_unreliable_batch(batch: list[Card], today: datetime.date, report: DailyReport) -> None:
    """Tell the holder and the consultant once per reliable period that it has ended.

    `marked_unreliable_on` only records that the job told them (not the rule:
    that is regie.crisiscard.reliability); a later confirming evaluation starts
    a new period, which is told about again when it ends.

    Inside the batch's transaction, in a few statements for the whole batch:
    the cards are locked and their mark read again (`SELECT … FOR UPDATE` in
    id order; on SQLite the batch's transaction holds the write lock from its
    start), so a parallel run that reaches the same cards waits and then finds
    them marked. The cards still to tell are marked in one UPDATE, each gets
    its log event, and the notices' keys are claimed in one INSERT before each
    notice is sent.
    """
    checked: dict[int, datetime.date] = {}
    for card in batch:
        day = reliability.checked_with_holder_on(card)
        if day is not None:  # always, for the issued cards the query finds
            checked[card.pk] = day
    marked_on: dict[int, datetime.date | None] = dict(
        Card.objects.filter(pk__in=checked)
        .order_by("pk")
        .select_for_update()
        .values_list("pk", "marked_unreliable_on")
    )
    todo = [
        card
        for card in batch
        if card.pk in marked_on and _not_told_of(marked_on[card.pk], checked[card.pk])
    ]
    if not todo:
        return
    with logged_atomic():
        Card.objects.filter(pk__in=[card.pk for card in todo]).update(marked_unreliable_on=today)
        notices: list[tuple[str, Person, str, dict, Card]] = []
        holder_link = site_link("crisiscard:portal_home")
        for card in todo:
            log_card(
                card,
                actor=None,
                action=Action.CHANGE,
                purpose=RUN_DAILY,
                part="marked_unreliable",
                role="system",
            )
            request = card.request
            context = {"card": card, "participant": request.participant}
            for who, person, template in (
                ("holder", request.participant, "crisiscard/portal/emails/unreliable_holder"),
                (
                    "consultant",
                    request.consultant,
                    "crisiscard/portal/emails/unreliable_consultant",
                ),
            ):
                if person is None:
                    continue
                key = f"unreliable:{card.pk}:{checked[card.pk]:%Y%m%d}:{who}"
                link = holder_link if who == "holder" else ""
                notices.append((key, person, template, {**context, "link": link}, card))
        claimed = _claim_keys([(key, person) for key, person, *_ in notices])
        for key, person, template, notice_context, card in notices:
            if key in claimed and printing.notify(
                person,
                template,
                notice_context,
                region=card.request.region,
                request=card.request,
                later=True,
            ):
                report.unreliable_notices_sent += 1
    report.marked_unreliable += len(todo)


def run_daily(today: datetime.date | None = None, part: int = 0, parts: int = 1) -> DailyReport:
    """Find cards due for evaluation and cards that are no longer reliable.

    (a) A card (issued, its request in card issued, evaluated or evaluation due)
        whose evaluation is due gets an Evaluation for that due date (a task on
        the consultant's home), its request moves to "evaluation due" (actor:
        the system), and the card holder gets a friendly invitation.
    (b) A card that is no longer reliable (regie.crisiscard.reliability) is
        marked once per reliable period; the holder and the consultant are told.
    Safe to run more than once a day: nothing is created or sent twice.
    With `parts` > 1 only the cards whose id leaves `part` when divided by
    `parts` (`daily_parts.run_daily_in_parts` runs them side by side).
    """
    today = today or timezone.localdate()
    report = DailyReport(today=today)
    related = ("request__participant", "request__consultant", "request__region")

    due_cards = _in_part(_due_cards(today), part, parts).select_related(*related).order_by("pk")
    due = ((card, _evaluation_due_on(card)) for card in due_cards.iterator(chunk_size=CHUNK))
    for batch in itertools.batched(((c, d) for c, d in due if d <= today), BATCH, strict=False):
        with _batch_transaction():
            _handle_due_batch(list(batch), report)

    old_cards = (
        reliability.with_checked_on(
            _in_part(Card.objects.filter(status=CardStatus.ISSUED), part, parts)
        )
        .filter(reliability.unreliable_q(today))
        .filter(
            Q(marked_unreliable_on__isnull=True)
            | Q(marked_unreliable_on__lt=F(reliability.CHECKED_ON))
        )
        .defer(*PANEL_FIELDS)
        .select_related(*related)
        .order_by("pk")
    )
    for old_batch in itertools.batched(old_cards.iterator(chunk_size=CHUNK), BATCH, strict=False):
        with _batch_transaction():
            _handle_unreliable_batch(list(old_batch), today, report)
    return report


def _in_part(cards: QuerySet[Card], part: int, parts: int) -> QuerySet[Card]:
    if parts == 1:
        return cards
    return cards.alias(_part=Mod("pk", parts)).filter(_part=part)


@contextlib.contextmanager
def _batch_transaction() -> Iterator[None]:
    """One batch's transaction: its log events appended to the chain in one
    write, its mails queued in one INSERT after the commit, and the processing
    restrictions behind its mails read once, at its start."""
    with transaction.atomic(), chain_batch(), enqueue_together(), restrictions_read_once():
        yield

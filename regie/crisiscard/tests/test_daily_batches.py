"""The daily job handles a batch of due cards in a few statements, and card by
card when a row written meanwhile is in the way (services/daily.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain
from regie.core.tests.tasks_helpers import DATABASE_QUEUE
from regie.crisiscard.models import (
    Card,
    CardRequest,
    Evaluation,
    Notification,
    RequestEvent,
    RequestState,
)
from regie.crisiscard.services import daily
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.transitions import DeferredMoves, transition
from regie.privacy.models import ProcessingRestriction
from regie.reports.models import StoredReport
from regie.reports.quarters import Quarter

from .permission_args_portal import cards_of_new_holders, months_ago


def _run_counted(django_capture_on_commit_callbacks) -> tuple[daily.DailyReport, int]:
    """Run the job with its commits' callbacks (the mails queued): its report and queries."""
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = daily.run_daily()
    return report, len(queries)


def test_a_batch_costs_the_same_few_queries_for_5_and_for_15_cards(
    world, django_capture_on_commit_callbacks, settings
):
    # The mails go to the database queue, as in production: one INSERT for
    # the batch's mails, not one per mail.
    settings.TASKS = DATABASE_QUEUE
    cards_of_new_holders(world, 5, "few")
    first, few = _run_counted(django_capture_on_commit_callbacks)
    cards_of_new_holders(world, 15, "many")
    second, many = _run_counted(django_capture_on_commit_callbacks)
    assert (first.evaluations_created, first.requests_due, first.invitations_sent) == (5, 5, 5)
    assert (second.evaluations_created, second.requests_due, second.invitations_sent) == (
        15,
        15,
        15,
    )
    # Ten more cards in the same batch: not one query more (the processing
    # restrictions behind the mails are read once per batch).
    assert many == few
    assert DBTaskResult.objects.count() == 20
    assert verify_chain().intact


def test_no_invitation_goes_to_a_paused_holder_in_a_batch(
    world, django_capture_on_commit_callbacks
):
    cards = cards_of_new_holders(world, 3, "pause")
    paused = cards[1].request.participant
    ProcessingRestriction.objects.create(
        person=paused, restricted_since=timezone.now(), reason="Ik betwist mijn adres."
    )
    # Another person's pause, lifted: it holds nothing back.
    lifted = cards[2].request.participant
    ProcessingRestriction.objects.create(
        person=lifted,
        restricted_since=timezone.now() - datetime.timedelta(days=9),
        reason="Even niet.",
        lifted_at=timezone.now() - datetime.timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = daily.run_daily()
    assert report.evaluations_created == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cards[0].request.participant.email, lifted.email]
    )


def test_the_moves_are_stored_as_one_transition_each(world):
    (card,) = cards_of_new_holders(world, 1, "move")
    request = card.request
    # The application was made in a completed quarter whose report is stored.
    applied = timezone.now() - datetime.timedelta(days=400)
    CardRequest.objects.filter(pk=request.pk).update(applied_at=applied)
    quarter = Quarter.containing(timezone.localdate(applied)).key
    stored = StoredReport.objects.create(region=world.region, quarter=quarter)
    version = CardRequest.objects.get(pk=request.pk).version

    daily.run_daily()

    request.refresh_from_db()
    assert request.state == RequestState.EVALUATION_DUE
    assert request.version == version + 1
    entry = RequestEvent.objects.get(request=request)
    assert (entry.actor, entry.from_state, entry.to_state) == (
        None,
        RequestState.CARD_ISSUED,
        RequestState.EVALUATION_DUE,
    )
    assert entry.text
    move = AccessEvent.objects.get(object_type="card_request", object_id=str(request.uuid))
    assert move.part == "card_issued->evaluation_due"
    assert move.actor_role == "system"
    assert move.subject_uuid == request.participant.uuid
    stored.refresh_from_db()
    assert stored.stale


def test_a_row_written_meanwhile_sends_the_batch_card_by_card(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """An evaluation that another path wrote after the batch looked (so the
    batch's INSERT meets it) rolls the batch back with its keys, mails and log
    events; card by card, that card is left alone and the others are handled."""
    cards = cards_of_new_holders(world, 3, "race")
    taken = cards[1]

    def lock_while_another_path_writes_one(request_ids):
        moves = DeferredMoves(request_ids)
        if not Evaluation.objects.filter(card=taken).exists():
            Evaluation.objects.create(card=taken, due_on=taken.evaluation_due_on())
        return moves

    monkeypatch.setattr(daily, "DeferredMoves", lock_while_another_path_writes_one)
    # The batch's look at its evaluations did not see that row yet.
    monkeypatch.setattr(daily, "_existing_evaluations", lambda batch: set())
    log_before = AccessEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        report = daily.run_daily()

    assert (report.evaluations_created, report.requests_due, report.invitations_sent) == (2, 2, 2)
    assert Evaluation.objects.get(card=taken).invited_at is None  # the other path's row
    assert not Notification.objects.filter(key__startswith=f"evaluation-invite:{taken.pk}:")
    taken.request.refresh_from_db()
    assert taken.request.state == RequestState.CARD_ISSUED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        c.request.participant.email for c in (cards[0], cards[2])
    )
    logged = AccessEvent.objects.order_by("seq")[log_before:]
    assert [(e.object_type, e.action) for e in logged] == [
        ("evaluation", "create"),
        ("card_request", "change"),
    ] * 2
    assert verify_chain().intact


@pytest.mark.django_db
def test_a_deferred_move_follows_the_same_table_and_never_stops(world):
    (card,) = cards_of_new_holders(world, 1, "table")
    request = card.request
    moves = DeferredMoves([request.pk])
    with pytest.raises(CrisisCardError):
        transition(actor=None, request=request, to_state=RequestState.EVALUATED, deferred=moves)
    with pytest.raises(ValueError):
        transition(
            actor=None,
            request=request,
            to_state=RequestState.CLOSED,
            reason="other",
            deferred=moves,
        )
    assert moves.write() == 0
    assert not RequestEvent.objects.filter(request=request).exists()
    transition(actor=None, request=request, to_state=RequestState.EVALUATION_DUE, deferred=moves)
    assert request.state == RequestState.CARD_ISSUED  # the caller's copy follows on write
    assert moves.write() == 1
    assert request.state == RequestState.EVALUATION_DUE
    request.refresh_from_db()
    assert request.state == RequestState.EVALUATION_DUE


def _past_eighteen_months(world, count: int, prefix: str) -> list[Card]:
    # No evaluation in between: only the mark.
    return cards_of_new_holders(
        world, count, prefix, issued_on=months_ago(19), state=RequestState.PLAN_DRAFTED
    )


def test_marking_a_batch_costs_the_same_few_queries_for_5_and_for_15_cards(
    world, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = DATABASE_QUEUE
    _past_eighteen_months(world, 5, "old")
    first, few = _run_counted(django_capture_on_commit_callbacks)
    _past_eighteen_months(world, 15, "older")
    second, many = _run_counted(django_capture_on_commit_callbacks)
    assert (first.marked_unreliable, first.unreliable_notices_sent) == (5, 10)
    assert (second.marked_unreliable, second.unreliable_notices_sent) == (15, 30)
    assert many == few
    assert Notification.objects.filter(key__startswith="unreliable:").count() == 40
    assert DBTaskResult.objects.count() == 40  # holder and consultant, each card
    marks = AccessEvent.objects.filter(object_type="card", part="marked_unreliable")
    assert marks.count() == 20
    assert verify_chain().intact


def test_a_card_marked_meanwhile_is_not_marked_or_told_again(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """A parallel run that marked a card after this run's query found it (and
    before this batch took its locks) has told both: this batch leaves it."""
    cards = _past_eighteen_months(world, 3, "meanwhile")
    taken = cards[1]
    original = daily.reliability.checked_with_holder_on

    def another_run_marks_one_first(card):
        Card.objects.filter(pk=taken.pk).update(marked_unreliable_on=timezone.localdate())
        return original(card)

    monkeypatch.setattr(daily.reliability, "checked_with_holder_on", another_run_marks_one_first)
    with django_capture_on_commit_callbacks(execute=True):
        report = daily.run_daily()
    assert report.marked_unreliable == 2
    told = {m.to[0] for m in mail.outbox}
    assert taken.request.participant.email not in told
    assert {cards[0].request.participant.email, cards[2].request.participant.email} <= told
    assert not AccessEvent.objects.filter(
        object_type="card", object_id=str(taken.uuid), part="marked_unreliable"
    ).exists()

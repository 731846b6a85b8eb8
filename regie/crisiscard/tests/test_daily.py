"""The daily job: yearly evaluations and the eighteen-month mark, idempotent."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from regie.crisiscard.models import (
    Card,
    Evaluation,
    Notification,
    RequestEvent,
    RequestState,
)
from regie.crisiscard.services.daily import run_daily

from .permission_args_portal import make_card, make_participant, months_ago


@pytest.fixture
def due_card(world) -> Card:
    """The participant persona's second request: a card issued thirteen months ago."""
    return make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(13),
    )


def test_a_due_card_gets_an_evaluation_a_new_state_and_one_invitation(
    world, due_card, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    evaluation = Evaluation.objects.get(card=due_card)
    assert evaluation.due_on == due_card.evaluation_due_on()
    assert evaluation.invited_at is not None
    due_card.request.refresh_from_db()
    assert due_card.request.state == RequestState.EVALUATION_DUE
    assert RequestEvent.objects.get(request=due_card.request).actor is None  # the system
    assert report.evaluations_created == 1
    assert report.invitations_sent == 1
    assert [m.to for m in mail.outbox] == [[world.people["participant"].email]]
    # The holder's preferred language is Dutch (the default): the mail speaks it.
    assert "een jaar oud" in mail.outbox[0].body


def test_the_invitation_is_rendered_in_the_holders_language(
    world, due_card, monkeypatch, django_capture_on_commit_callbacks
):
    from regie.core import mail as core_mail

    holder = world.people["participant"]
    holder.preferred_language = "nl"
    holder.save()
    languages = []
    original = core_mail.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(core_mail, "render_to_string", spy)
    # The worker renders it when it sends it (here: after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    assert len(languages) >= 2 and set(languages) == {"nl"}  # subject, text (and html)


def test_a_second_run_sends_nothing(world, due_card, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    assert len(mail.outbox) == 1
    assert Evaluation.objects.count() == 1
    assert Notification.objects.count() == 1
    assert (report.evaluations_created, report.invitations_sent, report.requests_due) == (0, 0, 0)


def test_a_card_that_is_not_yet_a_year_old_is_left_alone(world, django_capture_on_commit_callbacks):
    card = make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(11),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    assert not Evaluation.objects.exists()
    card.request.refresh_from_db()
    assert card.request.state == RequestState.CARD_ISSUED
    assert mail.outbox == []


def test_a_card_evaluated_recently_is_not_due_again(world, due_card):
    Evaluation.objects.create(
        card=due_card,
        due_on=months_ago(1),
        completed_at=timezone.now(),
        outcome="unchanged",
    )
    run_daily()
    assert Evaluation.objects.count() == 1


def test_cards_older_than_eighteen_months_are_marked_once_and_both_are_told(
    world, django_capture_on_commit_callbacks
):
    old = make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(19),
        state=RequestState.PLAN_DRAFTED,  # no evaluation mail in between
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    old.refresh_from_db()
    assert old.marked_unreliable_on == timezone.localdate()
    assert report.marked_unreliable == 1
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [world.people["participant"].email, world.people["consultant"].email]
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = run_daily()
    assert again.marked_unreliable == 0
    assert len(mail.outbox) == 2


def test_a_card_confirmed_at_its_evaluation_is_not_marked(world):
    card = make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(19),
        state=RequestState.EVALUATED,
    )
    Evaluation.objects.create(
        card=card, due_on=months_ago(7), completed_at=timezone.now(), outcome="unchanged"
    )
    report = run_daily()
    card.refresh_from_db()
    assert card.marked_unreliable_on is None and report.marked_unreliable == 0


def test_a_confirmed_card_is_told_about_again_when_its_new_period_ends(
    world, django_capture_on_commit_callbacks
):
    card = make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(40),
        state=RequestState.PLAN_DRAFTED,
    )
    Card.objects.filter(pk=card.pk).update(marked_unreliable_on=months_ago(22))
    confirmed = timezone.make_aware(datetime.datetime.combine(months_ago(20), datetime.time(12)))
    Evaluation.objects.create(
        card=card, due_on=months_ago(20), completed_at=confirmed, outcome="unchanged"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    card.refresh_from_db()
    assert report.marked_unreliable == 1
    assert card.marked_unreliable_on == timezone.localdate()
    assert len(mail.outbox) == 2


def test_a_card_of_seventeen_months_is_not_marked(world):
    card = make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(17),
    )
    run_daily()
    card.refresh_from_db()
    assert card.marked_unreliable_on is None


def test_the_job_does_not_query_per_card_that_is_not_due(world):
    def cards(count: int) -> None:
        for i in range(count):
            make_card(
                participant=make_participant(
                    world, f"young{Card.objects.count()}-{i}@regie.example"
                ),
                consultant=world.people["consultant"],
                region=world.region,
                issued_on=months_ago(3),
            )

    cards(1)
    with CaptureQueriesContext(connection) as few:
        run_daily()
    cards(5)
    with CaptureQueriesContext(connection) as many:
        run_daily()
    assert len(many) == len(few)


def test_the_command_prints_a_summary(world, due_card, capsys):
    call_command("run_daily")
    out = capsys.readouterr().out
    # A heading, then one line per registered job (regie.core.daily).
    (line,) = [line for line in out.splitlines() if line.strip().startswith("crisiscard:")]
    out = line
    assert "1 evaluations created" in out
    assert "1 invitations sent" in out


def test_cards_are_handled_in_batches_and_a_card_that_fails_leaves_no_trace(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """A batch is one transaction with one access-log write; a card whose handling
    fails (a parallel run was first) is rolled back with its log events and its
    notice key, and the other cards of the batch are handled."""
    from regie.audit.models import AccessEvent
    from regie.audit.verify import verify_chain
    from regie.crisiscard.services import daily

    cards = [
        make_card(
            participant=world.people["participant"],
            consultant=world.people["consultant"],
            region=world.region,
            issued_on=months_ago(13),
        )
        for _ in range(3)
    ]
    failing = cards[1].request.pk
    real_transition = daily.transition

    def transition(**kwargs):
        if kwargs["request"].pk == failing:
            raise IntegrityError("a parallel run was first")
        return real_transition(**kwargs)

    monkeypatch.setattr(daily, "transition", transition)
    monkeypatch.setattr(daily, "BATCH", 2)
    log_before = AccessEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    assert report.evaluations_created == 2
    assert set(Evaluation.objects.values_list("card", flat=True)) == {cards[0].pk, cards[2].pk}
    assert not Notification.objects.filter(key__startswith=f"evaluation-invite:{cards[1].pk}:")
    logged = AccessEvent.objects.order_by("seq")[log_before:]
    # Per handled card: its evaluation created and its request's move, none for the failed one.
    assert [(e.object_type, e.action) for e in logged] == [
        ("evaluation", "create"),
        ("card_request", "change"),
    ] * 2
    assert str(cards[1].request.uuid) not in {e.object_id for e in logged}
    assert verify_chain().intact
    assert len(mail.outbox) == 2

"""The daily job queues its mails as ids; the worker renders each one when it
sends it (core.mail.send_later, decisions/0051)."""

from __future__ import annotations

import json

from django.core import mail
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from regie.core import mail as core_mail
from regie.core.models import FailedTask
from regie.core.tests.tasks_helpers import database_queue, run_worker  # noqa: F401  (fixture)
from regie.crisiscard.models import Card, Evaluation, RequestState
from regie.crisiscard.services.daily import run_daily
from regie.privacy.models import ProcessingRestriction

from .permission_args_portal import make_card, make_participant, months_ago


def _due(world, address: str, language: str = "nl") -> Card:
    holder = make_participant(world, address)
    holder.preferred_language = language
    holder.save()
    return make_card(
        participant=holder,
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(13),
    )


def _run(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    assert report.invitations_sent == Evaluation.objects.count()


def test_the_queue_holds_ids_and_the_worker_sends_the_mail_in_the_holders_language(
    world,
    database_queue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    dutch = _due(world, "anna@regie.example")
    english = _due(world, "bob@regie.example", language="en")
    _run(django_capture_on_commit_callbacks)

    queued = list(DBTaskResult.objects.filter(status="READY"))
    assert len(queued) == 2
    stored = json.dumps([row.args_kwargs for row in queued])
    for card in (dutch, english):
        holder = card.request.participant
        assert holder.email not in stored  # no address in the queue
        assert str(holder.pk) in stored
    assert "jaar oud" not in stored  # and no text of the mail
    assert mail.outbox == []

    run_worker()
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"anna@regie.example", "bob@regie.example"}
    assert "een jaar oud" in sent["anna@regie.example"].body
    context = {"person": english.request.participant, "card": english, "link": "x"}
    with translation.override("en"):
        expected = core_mail.render(
            "crisiscard/portal/emails/evaluation_invite", context, language="en"
        )
    assert sent["bob@regie.example"].subject == expected.subject
    assert "een jaar oud" not in sent["bob@regie.example"].body
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_the_worker_sends_nothing_to_a_holder_paused_or_without_an_address_since(
    world,
    database_queue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    paused = _due(world, "paused@regie.example")
    moved_away = _due(world, "gone@regie.example")
    _due(world, "told@regie.example")
    _run(django_capture_on_commit_callbacks)

    # After the job queued the mails, before a worker sends them:
    ProcessingRestriction.objects.create(
        person=paused.request.participant, restricted_since=timezone.now(), reason="Even niet."
    )
    holder = moved_away.request.participant
    holder.email = ""
    holder.save()

    run_worker()
    assert [m.to for m in mail.outbox] == [["told@regie.example"]]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    assert not FailedTask.objects.exists()


def test_a_card_removed_before_the_worker_sends_is_not_told_about_and_not_retried(
    world,
    database_queue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    removed = _due(world, "removed@regie.example")
    _due(world, "kept@regie.example")
    _run(django_capture_on_commit_callbacks)

    Card.objects.filter(pk=removed.pk).delete()  # as erasure may, with its evaluation
    assert not Card.objects.filter(pk=removed.pk).exists()

    run_worker()
    assert [m.to for m in mail.outbox] == [["kept@regie.example"]]
    assert not FailedTask.objects.exists()
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_mark_notices_are_rendered_by_the_worker_too(
    world,
    database_queue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    old = make_card(
        participant=make_participant(world, "old@regie.example"),
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(19),
        state=RequestState.PLAN_DRAFTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    assert report.unreliable_notices_sent == 2
    stored = json.dumps([row.args_kwargs for row in DBTaskResult.objects.all()])
    assert "old@regie.example" not in stored
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["old@regie.example", world.people["consultant"].email]
    )
    assert old.request.participant.email == "old@regie.example"

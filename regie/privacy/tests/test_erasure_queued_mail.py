"""Erasure also removes mails to the person that wait in the task queue, were
sent and kept there, or failed: each holds the address and the whole text."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from regie.core.mail import deliver
from regie.core.models import FailedTask
from regie.core.tests.tasks_helpers import database_queue  # noqa: F401  (fixture)

from .test_erasure_sentinels import SENTINEL, dump_hits, erase, sentinel

DELIVER = "regie.core.mail.deliver"


def test_erasure_removes_the_persons_queued_and_failed_mails_and_keeps_others(
    world,
    database_queue,  # noqa: F811
):
    participant = world.people["participant"]
    other = world.people["consultant"]
    deliver.enqueue(participant.email, "Uw kaart", sentinel("waiting-mail"), None)
    deliver.enqueue(participant.email.upper(), "Uw kaart", sentinel("upper-case-address"), None)
    deliver.enqueue(other.email, "Nieuwe aanvraag", "Voor de consulent.", None)
    FailedTask.objects.create(
        task_path=DELIVER,
        arguments={"args": [participant.email, "Uw kaart", sentinel("failed-mail"), None]},
        attempts=5,
        error="SMTPRecipientsRefused",
    )
    FailedTask.objects.create(
        task_path=DELIVER,
        arguments={"args": [other.email, "Nieuwe aanvraag", "Voor de consulent.", None]},
        attempts=5,
        error="SMTPRecipientsRefused",
    )
    assert len(dump_hits(SENTINEL)) == 3

    certificate = erase(world, participant)

    assert dump_hits(SENTINEL) == []
    assert certificate.erased["queued_mail"] == 3
    kept = DBTaskResult.objects.filter(task_path=DELIVER)
    assert [row.args_kwargs["args"][0] for row in kept] == [other.email]
    assert [row.arguments["args"][0] for row in FailedTask.objects.all()] == [other.email]

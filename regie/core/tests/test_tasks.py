"""The task queue: mail leaves through a worker, failures are retried with back-off,
and a task that gives up is listed for the administrator with a "retry" action."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from regie.core import mail as core_mail
from regie.core import tasks
from regie.core.models import FailedTask

from .tasks_helpers import database_queue, run_worker  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("database_queue")


def queue_mail(world, django_capture_on_commit_callbacks) -> None:
    participant = world.people["participant"]
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send_after_commit(
            participant.email,
            "crisiscard/portal/emails/evaluation_invite",
            {"person": participant, "card": None, "link": "https://regie.example/"},
            language="nl",
        )


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    return monkeypatch


def pause_is_over() -> None:
    """What waiting for the back-off does: scheduled attempts become ready."""
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_mail_waits_in_the_queue_until_a_worker_sends_it(
    world, django_capture_on_commit_callbacks
):
    queue_mail(world, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.people["participant"].email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_send_is_tried_again_later_and_sent_when_the_server_is_back(
    world, django_capture_on_commit_callbacks, mail_server_down
):
    queue_mail(world, django_capture_on_commit_callbacks)
    before = timezone.now()
    run_worker()
    assert mail.outbox == []
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED" and "mail server down" in failed.traceback
    assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + tasks.retry_delay(1)
    run_worker()  # the pause is not over: nothing runs
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

    mail_server_down.undo()  # the server recovers
    pause_is_over()
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.people["participant"].email]]
    assert FailedTask.objects.count() == 0


def test_the_pause_grows_with_each_attempt():
    delays = [tasks.retry_delay(attempt) for attempt in range(1, tasks.MAX_ATTEMPTS)]
    assert delays == sorted(delays) and len(set(delays)) == len(delays)
    assert delays[0] == datetime.timedelta(seconds=30)


def test_a_task_that_keeps_failing_is_listed_for_the_administrator_who_retries_it(
    world, django_capture_on_commit_callbacks, mail_server_down
):
    queue_mail(world, django_capture_on_commit_callbacks)
    for _attempt in range(tasks.MAX_ATTEMPTS):
        pause_is_over()
        run_worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="FAILED").count() == tasks.MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no more attempts
    failed = FailedTask.objects.get()
    assert failed.attempts == tasks.MAX_ATTEMPTS
    assert failed.task_path == "regie.core.mail.deliver"
    assert "ConnectionRefusedError: mail server down" in failed.error

    admin = world.client_for("administrator")
    changelist = reverse("admin:core_failedtask_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200
    assert "mail server down" in page.content.decode()
    # The list says what failed, not what the mail said or to whom.
    assert world.people["participant"].email not in page.content.decode()

    mail_server_down.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            changelist, {"action": "retry", "_selected_action": [failed.pk]}, follow=True
        )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.retried_at is not None
    assert "mail server down" not in admin.get(changelist).content.decode()  # off the list
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.people["participant"].email]]


def test_without_a_backend_that_can_wait_a_failure_is_listed_at_once(
    world, settings, django_capture_on_commit_callbacks, mail_server_down
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    queue_mail(world, django_capture_on_commit_callbacks)
    assert FailedTask.objects.get().attempts == 1


def test_the_queue_is_reachable(db):
    assert tasks.queue_reachable() is True


def test_the_failed_list_shows_no_addresses():
    refused = OSError("recipient refused: <sam@regie.example>, (lou@example.org)")
    shown = tasks._shown_error(refused)
    assert shown == "OSError: recipient refused: <[address]>, ([address])"


def test_tasks_enqueued_together_go_after_commit_in_one_transaction_without_rolled_back_ones(
    world, django_capture_on_commit_callbacks
):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    participant = world.people["participant"]

    def send() -> None:
        core_mail.send_after_commit(
            participant.email,
            "crisiscard/portal/emails/evaluation_invite",
            {"person": participant, "card": None, "link": "https://regie.example/"},
            language="nl",
        )

    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic(), tasks.enqueue_together():
            send()
            try:
                with transaction.atomic():
                    send()
                    raise RuntimeError("this part rolls back")
            except RuntimeError:
                pass
            send()
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    opened = [q["sql"] for q in queries if q["sql"].startswith(("SAVEPOINT", "BEGIN"))]
    assert len(opened) == 1  # both rows in one transaction
    run_worker()
    assert len(mail.outbox) == 2


def _row(result: DBTaskResult) -> dict:
    """A queued task's row without what differs between any two rows."""
    return {
        field.attname: getattr(result, field.attname)
        for field in DBTaskResult._meta.concrete_fields
        if field.attname not in ("id", "enqueued_at")
    }


def test_tasks_enqueued_together_go_in_one_insert_as_the_rows_enqueue_writes(
    world, django_capture_on_commit_callbacks
):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    addresses = ["een@example.org", "twee@example.org", "drie@example.org"]
    later = timezone.now() + datetime.timedelta(hours=1)

    # One by one, as outside a group: the library's own rows.
    for to in addresses:
        core_mail.deliver.enqueue(to, f"Onderwerp {to}", "Tekst", None)
    core_mail.deliver.using(run_after=later, priority=5).enqueue(
        "later@example.org", "Later", "", "<p>x</p>"
    )
    one_by_one = [_row(result) for result in DBTaskResult.objects.order_by("enqueued_at")]
    DBTaskResult.objects.all().delete()

    with (
        django_capture_on_commit_callbacks() as callbacks,
        transaction.atomic(),
        tasks.enqueue_together(),
    ):
        for to in addresses:
            tasks.enqueue_after_commit(core_mail.deliver, to, f"Onderwerp {to}", "Tekst", None)
        tasks.enqueue_after_commit(
            core_mail.deliver.using(run_after=later, priority=5),
            "later@example.org",
            "Later",
            "",
            "<p>x</p>",
        )
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    together = [_row(result) for result in DBTaskResult.objects.all()]
    key = lambda row: row["args_kwargs"]["args"][0]  # noqa: E731
    assert sorted(together, key=key) == sorted(one_by_one, key=key)
    assert DBTaskResult.objects.filter(run_after=later).count() == 1

    run_worker()  # the ready ones are sent; the later one waits
    assert sorted(m.to[0] for m in mail.outbox) == sorted(addresses)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    assert DBTaskResult.objects.get(run_after=later).status == "READY"

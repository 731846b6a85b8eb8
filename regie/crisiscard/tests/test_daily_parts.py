"""The daily job split over processes (services/daily_parts.py, core.parallel):
each part takes its own cards, and together they do what one run does."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from regie.audit.verify import verify_chain
from regie.core.tests.tasks_helpers import DATABASE_QUEUE
from regie.crisiscard.models import Card, Evaluation, Notification, RequestState
from regie.crisiscard.services import daily, daily_parts

from .permission_args_portal import cards_of_new_holders, months_ago


def test_each_part_takes_the_cards_whose_id_leaves_its_number(world, settings):
    settings.TASKS = DATABASE_QUEUE
    cards = cards_of_new_holders(world, 6, "part")
    odd = daily.run_daily(part=1, parts=2)
    evaluated = set(Evaluation.objects.values_list("card_id", flat=True))
    assert evaluated == {card.pk for card in cards if card.pk % 2 == 1}
    even = daily.run_daily(part=0, parts=2)
    assert odd.evaluations_created + even.evaluations_created == 6
    assert Counter(Evaluation.objects.values_list("card_id", flat=True)) == {
        card.pk: 1 for card in cards
    }


def test_inside_a_transaction_the_job_is_one_run_in_this_process(world, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    cards_of_new_holders(world, 3, "here")
    parts = []
    monkeypatch.setattr(
        daily_parts,
        "total",
        lambda today, reports: parts.append(reports) or daily_parts.DailyReport(today),
    )
    daily_parts.daily_job(timezone.localdate())
    assert [len(reports) for reports in parts] == [1]
    assert Evaluation.objects.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parts run in processes on PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_two_processes_do_what_one_run_does_and_a_rerun_does_nothing(world, settings, monkeypatch):
    # The mails go to the database queue: the parts' processes write them there.
    settings.TASKS = DATABASE_QUEUE
    settings.REGIE_DAILY_PROCESSES = 2
    due = cards_of_new_holders(world, 6, "due")
    old = cards_of_new_holders(
        world, 2, "old", issued_on=months_ago(19), state=RequestState.PLAN_DRAFTED
    )
    reports = []
    real_total = daily_parts.total
    monkeypatch.setattr(
        daily_parts,
        "total",
        lambda today, parts: real_total(today, reports.extend(parts) or reports),
    )
    today = timezone.localdate()
    assert daily_parts.daily_job(today) == (
        "6 evaluations created, 6 requests now due for evaluation, 6 invitations sent, "
        "2 cards marked no longer reliable, 4 notices sent."
    )
    # Two parts, each with its own cards (ids made one after the other: half each).
    assert len(reports) == 2
    assert [r.evaluations_created for r in reports] == [3, 3]
    assert Counter(Evaluation.objects.values_list("card_id", flat=True)) == {
        card.pk: 1 for card in due
    }
    assert Notification.objects.count() == 6 + 4
    assert DBTaskResult.objects.count() == 6 + 4
    assert set(Card.objects.filter(marked_unreliable_on=today).values_list("pk", flat=True)) == {
        card.pk for card in old
    }
    assert verify_chain().intact
    reports.clear()
    assert daily_parts.daily_job(today).startswith("0 evaluations created")
    assert DBTaskResult.objects.count() == 10

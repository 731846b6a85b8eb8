"""The daily job at scale: a rerun with nothing left to do costs a few queries, not one per card."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regie.crisiscard.models import Card, Evaluation
from regie.crisiscard.services.daily import run_daily

from .permission_args_portal import make_card, months_ago

# Two queries per part of the job (due evaluations, unreliable cards) and room
# for the cursor's chunks; what matters is that it does not grow with the cards.
RERUN_QUERIES = 6


def _cards(world, count: int) -> None:
    for i in range(count):
        make_card(
            participant=world.people["participant"],
            consultant=world.people["consultant"],
            region=world.region,
            # Half due for evaluation, half also past the eighteen months.
            issued_on=months_ago(13 if i % 2 else 19),
        )


def _rerun_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        report = run_daily()
    assert (report.evaluations_created, report.marked_unreliable) == (0, 0)
    return len(queries)


@pytest.mark.django_db
def test_a_rerun_with_nothing_to_do_issues_the_same_few_queries_for_10_and_100_cards(
    world, django_assert_max_num_queries
):
    _cards(world, 10)
    first = run_daily()
    assert first.evaluations_created == 10 and first.marked_unreliable == 5
    few = _rerun_queries()

    _cards(world, 90)
    second = run_daily()
    assert second.evaluations_created == 90 and second.marked_unreliable == 45
    with django_assert_max_num_queries(RERUN_QUERIES):
        run_daily()
    assert _rerun_queries() == few
    assert Evaluation.objects.count() == Card.objects.count() == 100

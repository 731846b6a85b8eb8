"""Two writers save the same draft revision at the same moment: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from regie.core.policy import actor_for_user
from regie.crisiscard import schema
from regie.crisiscard.models import CrisisPlan, DraftRevision
from regie.crisiscard.services import plan as services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Needs PostgreSQL: SQLite serialises writers on the whole database, so there is no "
        "row lock to race for, and the append-only access log refuses the DELETE that "
        "flushing a transactional test needs on SQLite (PostgreSQL uses TRUNCATE)."
    ),
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_on_the_same_revision_one_wins_the_other_is_told(world):
    plan_id = CrisisPlan.objects.get(request=world.card_request).pk
    writers = {"consultant": "De consulent schreef dit.", "participant": "Sam schreef dit zelf."}
    barrier = threading.Barrier(len(writers))
    outcomes: dict[str, object] = {}

    def write(persona: str, text: str) -> None:
        try:
            actor = actor_for_user(world.people[persona].user)
            plan = CrisisPlan.objects.select_related("request").get(pk=plan_id)
            content = schema.normalise(plan.draft)
            content["about_me"]["text"] = text
            barrier.wait(timeout=10)
            services.save_draft(actor=actor, plan=plan, content=content, based_on_revision=1)
            outcomes[persona] = "saved"
        except services.StaleDraft as error:
            outcomes[persona] = error
        except Exception as error:  # reported by the assertion below
            outcomes[persona] = f"unexpected: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=item) for item in writers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [p for p, outcome in outcomes.items() if outcome == "saved"]
    losers = [p for p, outcome in outcomes.items() if isinstance(outcome, services.StaleDraft)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    stored = CrisisPlan.objects.get(pk=plan_id)
    assert stored.draft_revision == 2
    assert stored.draft["about_me"]["text"] == writers[winners[0]]
    refused = outcomes[losers[0]]
    assert (
        refused.content["about_me"]["text"] == writers[winners[0]]
    )  # the loser sees the winner's text
    assert DraftRevision.objects.filter(plan_id=plan_id).count() == 1

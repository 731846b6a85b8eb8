"""Ten people save the same consultation note at the same moment, all based on
the same page: on PostgreSQL the row lock makes them wait for each other, so
exactly one save goes through and nine are refused as stale (none is lost
silently). SQLite has no row locks to test; CI's PostgreSQL pass runs this."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from regie.coordination.consultations.models import RegionalMeeting
from regie.coordination.consultations.services import CONSULTATION, consultation_update
from regie.core.policy import actor_for_user
from regie.core.stale import StaleSave

from .fixtures import meeting

SAVES = 10

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) serialise saves only on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_ten_concurrent_saves_of_one_note_let_exactly_one_through(world):
    coordinator = world.people["coordinator"]
    item = meeting(world.region, coordinator, notes="Eerste aantekeningen")
    seen = CONSULTATION.fingerprint(item)
    start = threading.Barrier(SAVES)
    outcomes: dict[int, str] = {}

    def save(number: int) -> None:
        try:
            actor = actor_for_user(coordinator.user)
            page = RegionalMeeting.objects.get(pk=item.pk)  # each opened the same page
            start.wait(timeout=30)
            consultation_update(
                actor=actor,
                meeting=page,
                held_on=page.held_on,
                title=page.title,
                notes=f"Aantekeningen van schrijver {number}",
                seen=seen,
            )
            outcomes[number] = "saved"
        except StaleSave:
            outcomes[number] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(SAVES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["saved"] + ["stale"] * (SAVES - 1)
    (winner,) = [n for n, outcome in outcomes.items() if outcome == "saved"]
    item.refresh_from_db()
    assert item.notes == f"Aantekeningen van schrijver {winner}"

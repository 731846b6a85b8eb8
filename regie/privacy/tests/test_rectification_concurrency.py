"""Ten people save the same details at once from the same page: one save wins,
the others are told they are stale, and the history gains exactly one row.

PostgreSQL only: SQLite serialises writers on one database lock and cannot
show the race that `select_for_update` guards against. CI's PostgreSQL pass
runs it."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory

from regie.core.policy import actor_for
from regie.people.models import Person
from regie.privacy.export.access import PersonAccess
from regie.privacy.export.collect import person_details
from regie.privacy.models import PersonDetailsVersion
from regie.privacy.rectification.services import StaleDetails, person_details_correct

THREADS = 10

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to show",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_ten_simultaneous_corrections_from_one_version_save_exactly_once(world):
    person = world.people["participant"]
    request = RequestFactory().get("/")
    request.user = person.user
    actor = actor_for(request)
    values = person_details(person)
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def correct(index: int) -> None:
        try:
            own = Person.objects.get(pk=person.pk)
            start.wait(timeout=30)
            try:
                person_details_correct(
                    actor=actor,
                    access=PersonAccess(own, "participant", True),
                    values=values | {"phone": f"06-1000000{index}"},
                    based_on=0,
                )
                outcome = "saved"
            except StaleDetails:
                outcome = "stale"
            except Exception as error:
                outcome = f"error: {error!r}"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=correct, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["saved"] + ["stale"] * (THREADS - 1)
    assert PersonDetailsVersion.objects.filter(person=person).count() == 1
    person.refresh_from_db()
    version = PersonDetailsVersion.objects.get(person=person)
    assert version.number == 1
    assert version.new_values == {"phone": person.phone}

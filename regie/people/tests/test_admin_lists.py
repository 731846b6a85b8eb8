"""The administrator's list of logins logs a read of each person on it, with
the same number of queries for a page of 5 logins as for a page of 50."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.people.tests.factories import PersonFactory, UserFactory


def _logins(n: int) -> None:
    for _ in range(n):
        PersonFactory(user=UserFactory())


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_login_list_runs_as_many_queries_for_50_rows_as_for_5(world):
    client = world.client_for("administrator")
    url = reverse("admin:people_user_changelist")
    _logins(5)
    client.get(url)  # sessions and caches settle on a first visit
    few = _queries(client, url)
    _logins(45)
    assert _queries(client, url) == few


def test_the_login_list_logs_a_read_of_each_person_on_it(world):
    client = world.client_for("administrator")
    person = PersonFactory(user=UserFactory())
    client.get(reverse("admin:people_user_changelist"))
    assert AccessEvent.objects.filter(
        purpose="admin:user", part="list", subject_uuid=person.uuid
    ).exists()

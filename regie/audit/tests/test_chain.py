"""The access log: one entry point, append-only in the database, chained with a keyed hash."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regie.audit.events import ObjectType
from regie.audit.models import GENESIS_HASH, AccessEvent, Action, Outcome
from regie.audit.services import record
from regie.audit.verify import verify_chain
from regie.core.policy import actor_for_user
from regie.people.tests.factories import PersonFactory


def write_events(n: int, subject=None) -> list[AccessEvent]:
    return [
        record(
            actor=None,
            action=Action.READ,
            purpose="test",
            object_type=ObjectType.PERSON,
            object_id=i,
            subject=subject,
        )
        for i in range(n)
    ]


def disable_triggers() -> None:
    """What an attacker with DDL rights would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_no_update")
            cursor.execute("DROP TRIGGER audit_accessevent_no_delete")


@pytest.mark.django_db
def test_record_links_each_event_to_the_previous_one():
    first, second, third = write_events(3)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]


@pytest.mark.django_db
def test_record_stores_who_whose_what_and_from_where(world, rf):
    coordinator = world.people["coordinator"]
    participant = world.people["participant"]
    actor = actor_for_user(coordinator.user)
    request = rf.get("/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox/140")
    event = record(
        actor=actor,
        action=Action.EXPORT,
        purpose="portal:export",
        object_type=ObjectType.CRISIS_PLAN,
        object_id="42",
        part="medication",
        subject=participant,
        role="coordinator",
        request=request,
        legal_basis="consent",
        emergency=True,
        outcome=Outcome.DENIED,
    )
    event.refresh_from_db()
    assert event.subject_uuid == participant.uuid
    assert event.actor_person_uuid == coordinator.uuid
    assert event.actor_user_id == coordinator.user.pk
    assert event.actor_role == "coordinator"
    assert event.actor_organisation == "Crisiskaart Noord"
    assert event.ip_address == "192.0.2.7"
    assert event.user_agent == "Firefox/140"
    assert (event.part, event.legal_basis, event.emergency) == ("medication", "consent", True)
    assert event.outcome == Outcome.DENIED
    # The log holds facts, never the data itself.
    assert participant.last_name not in event.canonical().decode()


@pytest.mark.django_db
def test_database_refuses_update_of_a_log_row():
    (event,) = write_events(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(purpose="rewritten")
    event.refresh_from_db()
    assert event.purpose == "test"


@pytest.mark.django_db
def test_database_refuses_delete_of_a_log_row():
    (event,) = write_events(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_audit_verify_passes_on_an_intact_chain(capsys):
    write_events(5)
    call_command("audit_verify")
    assert "5 events verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_verify_names_the_first_altered_row():
    write_events(6)
    disable_triggers()
    AccessEvent.objects.filter(seq=4).update(purpose="covered up")
    AccessEvent.objects.filter(seq=5).update(purpose="covered up too")
    with pytest.raises(CommandError, match=r"#4"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_audit_verify_notices_a_deleted_row():
    write_events(4)
    disable_triggers()
    AccessEvent.objects.filter(seq=2).delete()
    report = verify_chain()
    assert report.broken_seq == 3
    assert not report.intact


@pytest.mark.django_db
def test_audit_verify_notices_a_rehashed_row_that_breaks_the_link():
    """Recomputing a row's own hash after altering it does not hide the change."""
    write_events(3)
    disable_triggers()
    event = AccessEvent.objects.get(seq=2)
    event.purpose = "forged"
    event.hash = event.compute_hash()
    AccessEvent.objects.filter(pk=event.pk).update(purpose=event.purpose, hash=event.hash)
    assert verify_chain().broken_seq == 3


MUTABLE = ["action", "outcome", "purpose", "object_type", "object_id", "part", "actor_role"]


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    count=st.integers(min_value=1, max_value=8),
    victim=st.integers(min_value=0, max_value=7),
    field=st.sampled_from(MUTABLE),
    value=st.text(alphabet="abcdefghij", min_size=1, max_size=8),
)
def test_any_single_change_is_found_at_exactly_that_row(count, victim, field, value):
    with transaction.atomic():
        write_events(count)
        assert verify_chain().intact
        seq = victim % count + 1
        disable_triggers()
        current = getattr(AccessEvent.objects.get(seq=seq), field)
        AccessEvent.objects.filter(seq=seq).update(**{field: f"{current}{value}"})
        assert verify_chain().broken_seq == seq
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_unknown_subject_uuid_is_kept_after_the_person_is_gone():
    person = PersonFactory()
    (event,) = write_events(1, subject=person)
    person_uuid = person.uuid
    person.delete()
    event.refresh_from_db()
    assert event.subject_uuid == person_uuid
    assert verify_chain().intact

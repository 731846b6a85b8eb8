"""The verifier's fast encoding seals exactly the bytes the model seals, and a
row of unexpected types is judged by the model's own encoding."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regie.audit.canonical import _PLAIN_TEXT, _UUIDS, RowEncoder, canonical_bytes, sealed_text_sql
from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action
from regie.audit.services import record
from regie.audit.verify import verify_chain

from .test_chain import disable_triggers, write_events

text = st.text(max_size=40)  # any code point: quotes, backslashes, controls, emoji
maybe_uuid = st.none() | st.uuids()
row_values = st.fixed_dictionaries(
    {
        "seq": st.integers(min_value=1, max_value=2**62),
        "prev_hash": text,
        "hash": text,
        "key_id": text,
        "action": text,
        "actor_organisation": text,
        "actor_person_uuid": maybe_uuid,
        "actor_role": text,
        "actor_user_id": st.none() | st.integers(min_value=-(2**62), max_value=2**62),
        "emergency": st.booleans(),
        "ip_address": st.none() | text,
        "legal_basis": text,
        "object_id": text,
        "object_type": text,
        "occurred_at": st.datetimes(timezones=st.just(datetime.UTC)),
        "on_behalf_of_uuid": maybe_uuid,
        "outcome": text,
        "part": text,
        "purpose": text,
        "subject_uuid": maybe_uuid,
        "user_agent": text,
    }
)


@settings(max_examples=300, deadline=None)
@given(values=row_values)
def test_fast_encoding_is_the_canonical_form(values):
    encoder = RowEncoder()
    row = tuple(values[name] for name in encoder.columns)
    assert encoder.encode(row) == canonical_bytes(values.__getitem__)


@settings(max_examples=200, deadline=None)
@given(values=row_values)
def test_identifiers_and_time_as_postgresql_writes_them_encode_the_same(values):
    encoder = RowEncoder("postgresql")
    as_text = {
        **values,
        "occurred_at": values["occurred_at"].isoformat(timespec="microseconds"),
        **{
            name: None if values[name] is None else str(values[name])
            for name in ("subject_uuid", "actor_person_uuid", "on_behalf_of_uuid")
        },
    }
    row = tuple(as_text[name] for name in encoder.columns)
    assert encoder.encode(row) == canonical_bytes(values.__getitem__)


@pytest.mark.django_db
def test_postgresql_writes_the_time_as_python_does():
    """The database's text for a stored time is what `isoformat` gives (whole seconds too)."""
    events = write_events(2)
    encoder = RowEncoder(connection.vendor)
    rows = AccessEvent.objects.order_by("seq").values_list(*encoder.select())
    for event, row in zip(events, rows, strict=True):
        assert encoder.encode(row) == event.canonical()


@settings(max_examples=100, deadline=None)
@given(
    values=row_values,
    column=st.sampled_from(RowEncoder.columns),
    odd=st.sampled_from([True, 1, 1.0, "1", b"x", uuid.UUID(int=1), None]),
)
def test_a_value_of_another_type_is_encoded_as_the_model_would(values, column, odd):
    if column == "occurred_at":
        return  # the model itself cannot encode a time that is not one
    encoder = RowEncoder()
    values = {**values, column: odd}
    row = tuple(values[name] for name in encoder.columns)
    assert encoder.encode(row) == canonical_bytes(values.__getitem__)


@pytest.mark.django_db
def test_verify_streams_many_rows_in_chunks():
    write_events(25)
    report = verify_chain(chunk_size=4)
    assert report.intact and report.checked == 25 and report.last_seq == 25


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite stores any type in any column"
)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    column=st.sampled_from(["actor_user_id", "actor_role"]),
    victim=st.integers(min_value=1, max_value=4),
)
def test_a_value_stored_with_another_type_is_found(column, victim):
    """Text in a number column, bytes in a text column: refused, never read as a match."""
    with transaction.atomic():
        write_events(4)
        disable_triggers()
        odd = {"actor_user_id": "x", "actor_role": b"\x00"}[column]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE audit_accessevent SET {column} = %s WHERE seq = %s",  # nosec B608 - a fixed column name
                [odd, victim],
            )
        assert AccessEvent.objects.filter(seq=victim).exists()
        assert verify_chain().broken_seq == victim
        transaction.set_rollback(True)


HOSTILE = [
    "Zorggroep Één",  # beyond ASCII: PostgreSQL's text differs, the row is judged in Python
    'quote " and \\ backslash',
    "tab\there, line\nend",
    "del\x7f",
    "\U0001f600",
    "plain text",
]


@pytest.mark.django_db
def test_rows_of_any_text_verify_and_a_changed_one_is_found():
    """Every kind of text the database writes itself or leaves to Python."""
    for i, text in enumerate(HOSTILE):
        record(
            actor=None,
            action=Action.READ,
            purpose=text,
            object_type=ObjectType.PERSON,
            object_id=i,
            part=HOSTILE[-1 - i],
            organisation=text,
        )
    report = verify_chain(chunk_size=2)
    assert report.intact and report.checked == len(HOSTILE)
    for victim in range(1, len(HOSTILE) + 1):
        with transaction.atomic():
            disable_triggers()
            AccessEvent.objects.filter(seq=victim).update(part="changed")
            report = verify_chain(chunk_size=2)
            assert (report.broken_seq, report.reason) == (
                victim,
                "content does not match its seal",
            )
            assert report.checked == victim - 1
            transaction.set_rollback(True)
        # The walk stopped part way through: the connection still answers.
        assert AccessEvent.objects.count() == len(HOSTILE)


@pytest.mark.django_db
def test_a_break_after_many_chunks_stops_the_walk_cleanly():
    write_events(40)
    with transaction.atomic():
        disable_triggers()
        AccessEvent.objects.filter(seq=7).update(object_id="x")
        assert verify_chain(chunk_size=3).broken_seq == 7
        transaction.set_rollback(True)
    assert verify_chain(chunk_size=3).checked == 40


# One alphabet for all the text of a row, so whole rows of plain text (written
# as it is) come up as often as rows that need escaping or Python. No NUL:
# PostgreSQL text cannot hold it.
alphabets = st.sampled_from(
    [
        st.sampled_from(list(' "\\[]a~')),  # printable, with quote and backslash
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # printable ASCII
        st.characters(max_codepoint=0x7F, exclude_characters="\x00"),  # controls and DEL
        st.characters(codec="utf-8", exclude_characters="\x00"),  # anything
    ]
)
sql_row = alphabets.flatmap(
    lambda alphabet: st.fixed_dictionaries(
        {
            **{name: st.text(alphabet, max_size=30) for name in _PLAIN_TEXT},
            "seq": st.integers(min_value=1, max_value=2**62),
            "occurred_at": st.datetimes(
                min_value=datetime.datetime(1, 1, 1), timezones=st.just(datetime.UTC)
            ),
            "actor_user_id": st.none() | st.integers(min_value=-(2**62), max_value=2**62),
            "emergency": st.booleans(),
            "ip_address": st.none() | st.ip_addresses().map(str),
            **{name: st.none() | st.uuids() for name in _UUIDS},
        }
    )
)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database writes it on PostgreSQL"
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=sql_row)
def test_postgresql_writes_the_sealed_text_as_python_does(values):
    """Exactly `canonical_bytes` when the text is ASCII without DEL; otherwise
    different (so the verifier judges that row in Python), never equal by chance."""
    types = {
        "seq": "bigint",
        "occurred_at": "timestamptz",
        "actor_user_id": "bigint",
        "emergency": "boolean",
        "ip_address": "inet",
        **dict.fromkeys(_UUIDS, "uuid"),
    }
    names = sorted(values)
    columns = ", ".join(f'%s::{types.get(name, "varchar")} AS "{name}"' for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sealed_text_sql('t')}, t.ip_address FROM (SELECT {columns}) AS t",  # nosec B608 - fixed names
            [values[name] for name in names],
        )
        text, ip = cursor.fetchone()
    expected = canonical_bytes({**values, "ip_address": ip}.__getitem__)
    texts = "".join(values[name] for name in _PLAIN_TEXT)
    if texts.isascii() and "\x7f" not in texts:
        assert text.encode() == expected
    else:
        assert text.encode() != expected

"""The bytes a row's seal covers, built two ways that give the same result.

`canonical_bytes` is the definition: the hashed fields as a JSON object with
sorted keys and no spaces, times as ISO 8601 with microseconds, identifiers as
strings. `RowEncoder` builds the same bytes from a database row tuple without
a model instance, a dict or `json.dumps` (one string format per row), for
walking millions of rows; a row whose value types are not the expected ones
(possible on SQLite, whose columns take any type) goes through
`canonical_bytes`, so verification stays exactly as strict (decisions/0002).
"""

from __future__ import annotations

import datetime
import itertools
import json
import uuid
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring_ascii as _json_str  # the C version when built
from typing import Any

from django.db.models import CharField, Func
from django.db.models.functions import Cast

HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "action",
    "outcome",
    "subject_uuid",
    "actor_user_id",
    "actor_person_uuid",
    "on_behalf_of_uuid",
    "actor_role",
    "actor_organisation",
    "ip_address",
    "user_agent",
    "object_type",
    "object_id",
    "part",
    "purpose",
    "legal_basis",
    "emergency",
    "prev_hash",
    "key_id",
)


def canonical_bytes(values: Callable[[str], Any]) -> bytes:
    """The sealed bytes of a row; `values(name)` gives each hashed field's value."""
    data: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = values(name)
        if name == "occurred_at":
            value = value.isoformat(timespec="microseconds")
        elif value is not None and not isinstance(value, (bool, int, str)):
            value = str(value)
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


# What each hashed column holds when the row is well-formed: the types the
# fast encoding handles, with None only where the column may be NULL.
_KINDS: dict[str, tuple[type, ...]] = {
    "seq": (int,),
    "occurred_at": (datetime.datetime,),
    "subject_uuid": (uuid.UUID, type(None)),
    "actor_user_id": (int, type(None)),
    "actor_person_uuid": (uuid.UUID, type(None)),
    "on_behalf_of_uuid": (uuid.UUID, type(None)),
    "ip_address": (str, type(None)),
    "emergency": (bool,),
}


class _UtcIsoText(Func):
    """PostgreSQL writes the time as `datetime.isoformat(timespec="microseconds")`
    writes an aware UTC time, so no datetime object is made per row."""

    template = (
        "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
    )
    output_field = CharField()


_UUIDS = ("subject_uuid", "actor_person_uuid", "on_behalf_of_uuid")
# Text columns that are never NULL.
_PLAIN_TEXT = (
    "action",
    "actor_organisation",
    "actor_role",
    "key_id",
    "legal_basis",
    "object_id",
    "object_type",
    "outcome",
    "part",
    "prev_hash",
    "purpose",
    "user_agent",
)


class RowEncoder:
    """Sealed bytes for rows fetched as `values_list(*encoder.select())`.

    `columns` starts with `seq`, `prev_hash`, `hash`, `key_id` (what the walk
    checks) and then the other hashed fields; `encode(row)` gives exactly
    `canonical_bytes` of that row. On PostgreSQL the database writes the
    identifiers and the time as text (the same text `str()` and `isoformat`
    give), which saves making three objects per row; its column types rule out
    any other type there.
    """

    columns: tuple[str, ...] = (
        "seq",
        "prev_hash",
        "hash",
        "key_id",
        "action",
        "actor_organisation",
        "actor_person_uuid",
        "actor_role",
        "actor_user_id",
        "emergency",
        "ip_address",
        "legal_basis",
        "object_id",
        "object_type",
        "occurred_at",
        "on_behalf_of_uuid",
        "outcome",
        "part",
        "purpose",
        "subject_uuid",
        "user_agent",
    )

    def __init__(self, vendor: str = "") -> None:
        self.as_text = vendor == "postgresql"
        position = {name: i for i, name in enumerate(self.columns)}
        expected = dict(_KINDS)
        if self.as_text:
            expected.update({name: (str, type(None)) for name in _UUIDS}, occurred_at=(str,))
        kinds = [expected.get(name, (str,)) for name in self.columns if name != "hash"]
        # `encode` is written out in this order: the hashed fields, sorted.
        assert [n for n in self.columns if n not in {"seq", "prev_hash", "hash", "key_id"}] == [
            n for n in sorted(HASHED_FIELDS) if n not in {"seq", "prev_hash", "key_id"}
        ]
        self._position = position
        # Every well-formed row's tuple of value types (NULLable columns double it).
        self._well_formed = frozenset(
            (*types[:2], str, *types[2:]) for types in itertools.product(*kinds)
        )
        self._template = "{" + ",".join(f'"{name}":%s' for name in sorted(HASHED_FIELDS)) + "}"
        # The same with the quotes written in, for text that needs no escaping.
        self._plain = self._template.replace('"occurred_at":%s', '"occurred_at":"%s"')
        for name in _PLAIN_TEXT:
            self._plain = self._plain.replace(f'"{name}":%s', f'"{name}":"%s"')

    def select(self) -> list[str | Func]:
        """What to pass to `values_list`, in the order of `columns`."""
        if not self.as_text:
            return list(self.columns)
        return [
            _UtcIsoText(name)
            if name == "occurred_at"
            else Cast(name, CharField())
            if name in _UUIDS
            else name
            for name in self.columns
        ]

    def encode(self, row: Sequence[Any]) -> bytes:
        if tuple(map(type, row)) not in self._well_formed:
            return self.slow(row)
        # Unrolled over `columns`; the types are known here, None only where allowed.
        (seq, prev, _, key_id, action, org, person, role, user, emergency, ip, legal, oid,
         otype, at, behalf, outcome, part, purpose, subject, agent) = row  # fmt: skip
        person = "null" if person is None else f'"{person}"'
        behalf = "null" if behalf is None else f'"{behalf}"'
        subject = "null" if subject is None else f'"{subject}"'
        user = "null" if user is None else int.__repr__(user)
        emergency = "true" if emergency else "false"
        if type(at) is not str:
            at = at.isoformat(timespec="microseconds")  # digits and -:T.+ only
        joined = "".join(
            (action, org, role, key_id, legal, oid, otype, outcome, part, prev, purpose, agent)
        )
        if ip is not None:
            joined += ip
        if joined.isascii() and joined.isprintable() and '"' not in joined and "\\" not in joined:
            # Printable ASCII without quote or backslash: JSON leaves such text as it is.
            ip = "null" if ip is None else f'"{ip}"'
            template = self._plain
        else:
            j = _json_str
            ip = "null" if ip is None else j(ip)
            at = f'"{at}"'
            action, org, role, key_id, legal, oid = (
                j(action),
                j(org),
                j(role),
                j(key_id),
                j(legal),
                j(oid),
            )
            otype, outcome, part, prev, purpose, agent = (
                j(otype),
                j(outcome),
                j(part),
                j(prev),
                j(purpose),
                j(agent),
            )
            template = self._template
        return (
            template
            % (action, org, person, role, user, emergency, ip, key_id, legal, oid, otype, at,
               behalf, outcome, part, prev, purpose, seq, subject, agent)
        ).encode()  # fmt: skip

    def slow(self, row: Sequence[Any]) -> bytes:
        """`canonical_bytes` for a row of any types (never reached on PostgreSQL,
        whose column types are always the expected ones)."""
        position = self._position
        return canonical_bytes(lambda name: row[position[name]])


# How PostgreSQL writes each hashed field's JSON value (`sealed_text_sql`);
# the text columns (`_PLAIN_TEXT`) are written by `to_json` or, when plain, as is.
_SQL_VALUE = {
    "seq": "{c}::text",
    "actor_user_id": "coalesce({c}::text, 'null')",
    "emergency": "CASE WHEN {c} THEN 'true' ELSE 'false' END",
    "occurred_at": "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')",
    **{name: "coalesce('\"' || {c}::text || '\"', 'null')" for name in _UUIDS},
    # to_json writes an inet as its output text (no "/32"), as the driver reads it.
    "ip_address": "coalesce(to_json({c})::text, 'null')",
}
# Printable ASCII without quote or backslash (`RowEncoder`'s plain text).
_SQL_PLAIN = r"'^[\x20\x21\x23-\x5b\x5d-\x7e]*$'"


def sealed_text_sql(table: str) -> str:
    """A PostgreSQL expression for a row's sealed text, made in the database
    so the verifier fetches one short text per row instead of 21 values.

    For a row whose text is ASCII without DEL this is exactly `canonical_bytes`:
    text that is printable ASCII without quote or backslash goes in as it is
    (JSON leaves it so), other text through `to_json`, which escapes it as
    `json.dumps` does. Text beyond ASCII (or DEL) comes out unescaped, which no
    sealed text ever is: its seal does not match, and the verifier then judges
    the row by `RowEncoder` instead (`verify_chain`). The key never goes to the
    database, only the text is made there.
    """

    def written(plain: bool) -> str:
        # Literal text and values in turn; neighbouring literals are joined,
        # since every argument of concat() costs a call per row.
        pieces: list[tuple[bool, str]] = []
        for i, name in enumerate(sorted(HASHED_FIELDS)):
            pieces.append((True, f'{"," if i else "{"}"{name}":'))
            column = f'{table}."{name}"'
            if name in _PLAIN_TEXT and plain:
                pieces += [(True, '"'), (False, column), (True, '"')]
            elif name in _PLAIN_TEXT:
                pieces.append((False, f"to_json({column})"))
            elif name == "occurred_at":  # digits and -:T.+ only: quoted as it is
                pieces += [(True, '"'), (False, _SQL_VALUE[name].format(c=column)), (True, '"')]
            else:
                pieces.append((False, _SQL_VALUE[name].format(c=column)))
        pieces.append((True, "}"))
        merged: list[str] = []
        literal = ""
        for is_literal, piece in pieces:
            if is_literal:
                literal += piece
                continue
            if literal:
                merged.append("'" + literal.replace("'", "''") + "'")
                literal = ""
            merged.append(piece)
        merged.append("'" + literal.replace("'", "''") + "'")
        return "concat(" + ", ".join(merged) + ")"

    texts = ", ".join(f'{table}."{name}"' for name in _PLAIN_TEXT)
    return (
        f"CASE WHEN concat({texts}) ~ {_SQL_PLAIN} "
        f"THEN {written(plain=True)} ELSE {written(plain=False)} END"
    )

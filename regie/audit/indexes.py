"""The indexes the access-log pages and `audit_verify` rely on.

Each entry is (index name, columns); the model declares the named ones, and
`tests/test_indexes.py` fails when the database lacks any of them, so a
migration cannot drop one unnoticed. docs/performance.md ("Access log") says
which query uses which.
"""

from __future__ import annotations

TABLE = "audit_accessevent"

NAMED: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Whose data: the log manager's participant filter, the participant's own log.
    ("audit_subject_seq_idx", ("subject_uuid", "seq")),
    # Who: the log manager's user filter.
    ("audit_actor_seq_idx", ("actor_user_id", "seq")),
    # One action (emergency, export, print are rare): the action filter.
    ("audit_action_seq_idx", ("action", "seq")),
)

# Declared on the fields: the chain's order (unique) and the period filter.
FIELD_INDEXES: tuple[tuple[str, ...], ...] = (("seq",), ("occurred_at",))

RELIED_ON: tuple[tuple[str, ...], ...] = tuple(columns for _, columns in NAMED) + FIELD_INDEXES

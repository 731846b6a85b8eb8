"""The region report's index on Evaluation.completed_at holds completed
evaluations only (docs/performance.md, "Pages"): with the open ones in it,
SQLite answered "a consultant's open evaluations" (consultant home, request
detail, portal) by walking every open evaluation in the country."""

from __future__ import annotations

import pytest
from django.db import connection


def index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [name]
            )
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    assert row is not None, f"index {name} is missing"
    return " ".join(str(row[0]).split()).lower()


@pytest.mark.django_db
def test_the_completed_at_index_leaves_open_evaluations_out():
    definition = index_definition("evaluation_completed_at_idx")
    assert "completed_at" in definition
    assert "where" in definition and "is not null" in definition

"""The team member's home counters start from their own memberships, whatever the country holds.

docs/performance.md, "Case director home": the three counters are one query
that reads the person's current memberships through `casemember_person_role_idx`
and their cases by primary key. Before, each counter scanned every recovery
case in the country with a correlated subquery per case.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from regie.core.policy import actor_for_user
from regie.people.models import Role
from regie.recovery.home import case_director_section
from regie.recovery.models import CaseState

from .cases_helpers import make_case, second_director


def _section_queries(world):
    director = world.people["case_director"]
    assignment = director.roles.get(role=Role.CASE_DIRECTOR)
    actor = actor_for_user(director.user)
    with CaptureQueriesContext(connection) as captured:
        section = case_director_section(actor, assignment)
    return section, [q["sql"] for q in captured.captured_queries]


def _counting(queries: list[str]) -> list[str]:
    return [sql for sql in queries if 'FROM "recovery_recoverycase"' in sql and "COUNT(" in sql]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)  # nosec B608 - our own captured query
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # A test database is tiny: without this PostgreSQL reads every table whole.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (COSTS OFF) " + sql)  # nosec B608 - our own captured query
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        return plan


def test_the_three_counters_are_one_query_however_many_cases_the_country_has(world):
    make_case(world, state=CaseState.ACTIVE)
    _section, few = _section_queries(world)
    other = second_director(world)
    for _ in range(12):
        make_case(world, director=other)
    section, many = _section_queries(world)
    assert len(many) == len(few), "\n".join(many)
    assert len(_counting(many)) == 1, "\n".join(many)
    counts = {str(item.text): item.count for item in section.items}
    assert counts["Your active cases"] == 2  # the world's case and the one made here


def test_the_counters_read_the_directors_memberships_not_every_case(world):
    other = second_director(world)
    for _ in range(5):
        make_case(world, director=other)
    _section, queries = _section_queries(world)
    [sql] = _counting(queries)
    plan = _plan(sql)
    assert "casemember_person_role_idx" in plan, plan
    if connection.vendor == "sqlite":
        # Cases by primary key from the membership list, never a walk over all cases.
        assert "SCAN recovery_recoverycase" not in plan, plan
        assert "SEARCH recovery_recoverycase USING INTEGER PRIMARY KEY" in plan, plan
    else:
        assert "Seq Scan on recovery_recoverycase" not in plan, plan

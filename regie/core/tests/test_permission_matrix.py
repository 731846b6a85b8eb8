"""Walk every named URL for every persona and compare with docs/permissions.md;
then post to every URL a persona may not open, and see the post refused too."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import NoReverseMatch, reverse

from conftest import PERSONAS

from .urlwalk import named_urls

TABLE = Path(settings.BASE_DIR) / "docs" / "permissions.md"


def load_matrix() -> dict[str, dict[str, str]]:
    """Rows of the table under '## Screens', keyed by URL name, then persona."""
    text = TABLE.read_text(encoding="utf-8").split("## Screens", 1)[1]
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    matrix: dict[str, dict[str, str]] = {}
    columns: list[str] = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if cells[0] == "URL name":  # the header of each table in the section
            columns = [
                h.replace(" (other region)", "_other_region").replace(" ", "_") for h in cells[1:]
            ]
            assert columns == PERSONAS, f"Column order in {TABLE.name} must be {PERSONAS}"
            continue
        assert cells[0] not in matrix, f"Two rows for {cells[0]} in {TABLE.name}"
        matrix[cells[0]] = dict(zip(columns, cells[1:], strict=True))
    return matrix


def row_for(matrix: dict[str, dict[str, str]], name: str) -> dict[str, str] | None:
    if name in matrix:
        return matrix[name]
    namespace = name.split(":", 1)[0]
    return matrix.get(f"{namespace}:*") if ":" in name else None


def sample_args(world) -> dict[str, list[object]]:
    """Arguments for URLs that need them. A new URL with arguments gets a line here,
    or in a `sample_args(world)` function of a `permission_args*.py` in its app's tests
    folder (or a folder below it, such as coordination's `tests/<area>/`)."""
    region = world.region.slug
    role = world.consultant_role.uuid
    args: dict[str, list[object]] = {}
    base = Path(settings.BASE_DIR)
    for module_path in sorted(base.joinpath("regie").glob("*/tests/**/permission_args*.py")):
        dotted = ".".join(module_path.relative_to(base).with_suffix("").parts)
        module = importlib.import_module(dotted)
        args.update(module.sample_args(world))
    return args | {
        "people:region_consultants": [region],
        "people:consultant_add": [region],
        "people:consultant_edit": [region, role],
        "people:consultant_end": [region, role],
        "account_confirm_email": ["not-a-real-key"],
        "account_reset_password_from_key": ["1", "not-a-real-key"],
    }


def urls_to_walk(world) -> list[tuple[str, str]]:
    args = sample_args(world)
    matrix = load_matrix()
    result = []
    for name in sorted(set(named_urls())):
        wildcard = name.startswith("admin:") and name not in matrix
        if wildcard and not (name == "admin:index" or name.endswith("_changelist")):
            continue  # detail, add and delete pages: the lists and index cover access
        try:
            url = reverse(name, args=args.get(name, []))
        except NoReverseMatch:
            pytest.fail(f"{name} needs sample arguments in sample_args()")
        result.append((name, url))
    return result


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return "login"
    return str(response.status_code)


def test_every_url_has_a_row_in_the_table():
    matrix = load_matrix()
    missing = [name for name in set(named_urls()) if row_for(matrix, name) is None]
    assert not missing, f"Add rows to docs/permissions.md for: {sorted(missing)}"


def test_the_table_has_no_rows_for_urls_that_do_not_exist():
    names = set(named_urls())
    stale = [name for name in load_matrix() if not name.endswith(":*") and name not in names]
    assert not stale, f"Rows without a URL in docs/permissions.md: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_as_the_table_says(world, persona):
    matrix = load_matrix()
    client = world.client_for(persona)
    mismatches = []
    for name, url in urls_to_walk(world):
        expected = row_for(matrix, name)[persona]  # type: ignore[index]
        got = outcome(client.get(url))
        if got != expected:
            mismatches.append(f"{name} {url}: expected {expected}, got {got}")
    assert not mismatches, "\n".join(mismatches)


# A cell that refuses: the login page, forbidden, or missing (which is how Regie says
# "not yours"); the API answers 401 where a page sends to the login page. The
# management screens send everyone without the admin flag to their own login page,
# which their rows write as 302.
REFUSED = {"login", "401", "403", "404"}


def refused_by_table(name: str, persona: str, expected: str) -> bool:
    if expected in REFUSED:
        return True
    return name.startswith("admin:") and expected == "302" and persona != "administrator"


def refused_post(response) -> bool:
    """A refusal: forbidden, missing, a method the view does not take (it never reached
    a form), or a redirect to a login page. Never a page (200) or a redirect onwards."""
    if response.status_code in (403, 404, 405):
        return True
    if response.request["PATH_INFO"].startswith("/api/"):
        # The API: not logged in (401), or a body that is not the operation's JSON (400,
        # 422: checked before the access function, so it tells nothing about the object).
        return response.status_code in (400, 401, 422)
    if response.status_code != 302:
        return False
    location = response["Location"]
    if location.startswith((reverse("account_login"), reverse("admin:login"))):
        return True
    # Django's admin answers a logout by someone without the admin flag with its index
    # (which sends them to the login page) and does not log them out.
    return response.request["PATH_INFO"] == reverse("admin:logout") and location == reverse(
        "admin:index"
    )


def counted_tables() -> list[str]:
    """Every table of the project's models except the access log, which a refused
    attempt rightly writes to (a refusal is an event, see docs/permissions.md), and
    the sessions, which a refused anonymous visitor may start (allauth keeps where to
    return after logging in), and the rate-limit counts, which count every try at a
    limited page, refused or not (as the cache table did before them, decision 0050)."""
    skip = {
        apps.get_model("audit", "AccessEvent")._meta.db_table,
        apps.get_model("sessions", "Session")._meta.db_table,
        apps.get_model("core", "RateCount")._meta.db_table,
    }
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - skip)


def row_counts(tables: list[str]) -> dict[str, int]:
    """All row counts in one query, so a snapshot per post stays cheap."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_a_persona_may_not_open_refuses_a_post_too(world, persona):
    """Forms post back to their own URL, so the URLs to post to are the walked ones. An
    empty body is enough: the refusal must come before the form is read. The test client
    does not check CSRF tokens, so a post is refused for who sends it, not for a token."""
    matrix = load_matrix()
    client = world.client_for(persona)
    walk = urls_to_walk(world)  # before counting: the sample arguments create rows
    tables = counted_tables()
    failures = []
    posted = 0
    before = row_counts(tables)
    for name, url in walk:
        if not refused_by_table(name, persona, row_for(matrix, name)[persona]):  # type: ignore[index]
            continue
        response = client.post(url, {})
        posted += 1
        after = row_counts(tables)
        changed = {t: (n, after[t]) for t, n in before.items() if after[t] != n}
        if not refused_post(response):
            failures.append(f"{name} {url}: POST answered {response.status_code}")
        if changed:
            failures.append(f"{name} {url}: POST changed row counts {changed}")
        before = after
    assert posted, f"nothing refused for {persona}?"
    assert not failures, "\n".join(failures)

"""Walk every named URL for every persona and compare with docs/permissions.md."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.conf import settings
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

"""Views read parse → access → service → render: no ORM query in a view module.

Queries belong in the app's selectors or access functions. This test reads
every view module and fails on a `Model.objects` it finds, naming the line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import regie

ROOT = Path(regie.__file__).parent


def view_modules() -> list[Path]:
    found = set(ROOT.glob("*/views.py")) | set(ROOT.glob("*/views_*.py"))
    found |= set(ROOT.glob("*/views/*.py")) | set(ROOT.glob("*/*/views.py"))
    found |= set(ROOT.glob("*/*/views/*.py"))
    return sorted(p for p in found if "tests" not in p.parts)


def manager_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT.parent)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]


def test_the_scan_finds_view_modules():
    names = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert "crisiscard/views/cards.py" in names
    assert "coordination/matching/views.py" in names


def test_no_view_module_queries_a_model_manager():
    found = [use for path in view_modules() for use in manager_uses(path)]
    assert not found, "Move these queries into a selector or access function:\n" + "\n".join(found)

"""The layout rule of docs/decisions/0025: rooms, not corridors.

These are the checkable facts of that decision. A failure here means a module
grew past what one person can hold in their head, or a file landed in a
corridor instead of the room it belongs to.
"""

import re
from pathlib import Path

REGIE = Path(__file__).resolve().parents[2]
LIMIT = 500
# The matching engine is one algorithm; splitting it would scatter its proof.
LONG_ALLOWED = {Path("coordination/matching/engine.py")}
# What the coordination app keeps outside its area folders: Django's plumbing,
# the hub page that leads to every area, and the shared access helpers.
COORDINATION_PLUMBING = {
    "__init__.py",
    "apps.py",
    "models.py",
    "urls.py",
    "home.py",
    "views.py",
    "access.py",
    "errors.py",
}
LAYER_AREA_NAME = re.compile(
    r"^(access|forms|selectors|services|views|models|home|demo|urls)_[a-z_]+\.py$"
)


def _modules() -> list[Path]:
    return [p for p in REGIE.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_is_longer_than_the_limit():
    too_long = {
        str(p.relative_to(REGIE)): n
        for p in _modules()
        if p.relative_to(REGIE) not in LONG_ALLOWED
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}


def test_coordination_keeps_only_plumbing_outside_its_area_folders():
    loose = {p.name for p in (REGIE / "coordination").glob("*.py")} - COORDINATION_PLUMBING
    assert loose == set()


def test_no_layer_area_file_names_remain():
    corridors = [str(p.relative_to(REGIE)) for p in _modules() if LAYER_AREA_NAME.match(p.name)]
    assert corridors == []

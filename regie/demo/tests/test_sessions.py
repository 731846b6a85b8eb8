"""The sessions and materials demo: idempotent, with every status and two versions."""

from __future__ import annotations

from django.core.management import call_command

from regie.coordination.materials.models import Material, MaterialVersion
from regie.coordination.sessions.models import InformationSession
from regie.demo.coordination import sessions as demo_sessions


def counts() -> tuple[int, int, int]:
    return (
        InformationSession.objects.count(),
        Material.objects.count(),
        MaterialVersion.objects.count(),
    )


def test_seeding_twice_changes_nothing(db):
    call_command("seed_demo")
    demo_sessions.seed()
    before = counts()
    demo_sessions.seed()
    assert counts() == before
    assert set(InformationSession.objects.values_list("status", flat=True)) == {
        "requested",
        "planned",
        "held",
    }
    held = InformationSession.objects.get(status="held")
    assert held.evaluation_score and held.attendance
    folder = Material.objects.get(title="Folder Crisiskaart")
    versions = list(folder.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    with versions[1].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

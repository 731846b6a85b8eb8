"""Sample arguments for the family track's URLs in the permission matrix."""

from __future__ import annotations

from regie.recovery.models import RelativeNote


def sample_args(world) -> dict[str, list[object]]:
    note, _ = RelativeNote.objects.get_or_create(
        case=world.case,
        relative=world.relative,
        author=world.people["family_peer_expert"],
        defaults={"text": "Een notitie voor de tabel.", "shared_with_team": False},
    )
    return {
        "recovery:family_activity_detail": [world.family_activity.uuid],
        "recovery:family_activity_relatives": [world.family_activity.uuid],
        "recovery:relative_add": [world.case.uuid],
        "recovery:relative_note_add": [world.case.uuid],
        "recovery:relative_note_sharing": [note.pk],
    }

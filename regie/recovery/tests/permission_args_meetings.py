"""Sample arguments for the meeting URLs in the permission matrix: the world's joint meeting."""


def sample_args(world) -> dict[str, list]:
    meeting = [world.meeting.uuid]
    return {
        "recovery:meeting_detail": meeting,
        "recovery:meeting_overview": meeting,
        "recovery:meeting_overview_pdf": meeting,
    }

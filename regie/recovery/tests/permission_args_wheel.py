"""Sample URL arguments for the wheel pages in the permission matrix."""


def sample_args(world) -> dict[str, list]:
    return {
        "recovery:wheel": [world.case.uuid],
        "recovery:assessment_add": [world.case.uuid],
    }

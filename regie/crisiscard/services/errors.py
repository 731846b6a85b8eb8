from regie.core.errors import Refusal


class CrisisCardError(Refusal):
    """A refused change, with a translated message for the user (see regie.core.errors)."""

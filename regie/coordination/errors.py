from regie.core.errors import Refusal


class CoordinationError(Refusal):
    """A refused change, with a translated message for the user (see regie.core.errors)."""

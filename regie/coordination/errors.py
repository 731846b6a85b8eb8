class CoordinationError(Exception):
    """A refused change, with a translated message for the user."""

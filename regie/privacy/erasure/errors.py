from regie.core.errors import Refusal


class ErasureRefused(Refusal):
    """An erasure request or its execution that cannot go ahead."""

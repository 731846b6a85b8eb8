"""Every write to crisis-card data. One module per area; all share CrisisCardError."""

from .errors import CrisisCardError

__all__ = ["CrisisCardError"]

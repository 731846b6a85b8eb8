"""Every write to recovery data. One module per area; all share RecoveryError."""

from .errors import RecoveryError

__all__ = ["RecoveryError"]

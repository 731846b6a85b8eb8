"""The privacy app's models, one module per right (see each module)."""

from .erasure import (
    ErasureCertificate,
    ErasureReason,
    ErasureRequest,
    ErasureStatus,
    ErasureVia,
)
from .rectification import PersonDetailsVersion
from .restriction import ProcessingRestriction

__all__ = [
    "ErasureCertificate",
    "ErasureReason",
    "ErasureRequest",
    "ErasureStatus",
    "ErasureVia",
    "PersonDetailsVersion",
    "ProcessingRestriction",
]

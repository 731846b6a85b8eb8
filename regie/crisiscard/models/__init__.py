"""Crisiskaart: from application to a signed plan, a printed card and the yearly evaluation.

One module per area; every model is importable from here, as Django expects.
"""

from .cards import Card, CardStatus, EmergencyLink

# Still imported from here by the daily job and the demo builders.
from .cards import _add_months as _add_months
from .conversations import Conversation, ConversationKind
from .evaluations import (
    Evaluation,
    EvaluationFinding,
    EvaluationOutcome,
    EvaluationTheme,
    FindingKind,
    RespectedBy,
)
from .notifications import Notification
from .parties import Party, PartyKind, Signature, SignatureStatus
from .plans import (
    ChangeProposal,
    CrisisPlan,
    DraftRevision,
    PlanVersion,
    canonical_json,
    content_hash,
)
from .printing import BatchStatus, PrintBatch, PrintItem, PrintKind
from .requests import (
    CardRequest,
    Channel,
    HeardVia,
    RequestEvent,
    RequestState,
    StopReason,
    Urgency,
    Weight,
)
from .sharing import ResponderType, Sharing, SharingChange, SharingGrant, SharingProposal
from .tokens import new_token, token_digest

__all__ = [
    "BatchStatus",
    "Card",
    "CardRequest",
    "CardStatus",
    "ChangeProposal",
    "Channel",
    "Conversation",
    "ConversationKind",
    "CrisisPlan",
    "DraftRevision",
    "EmergencyLink",
    "Evaluation",
    "EvaluationFinding",
    "EvaluationOutcome",
    "EvaluationTheme",
    "FindingKind",
    "HeardVia",
    "Notification",
    "Party",
    "PartyKind",
    "PlanVersion",
    "PrintBatch",
    "PrintItem",
    "PrintKind",
    "RequestEvent",
    "RequestState",
    "RespectedBy",
    "ResponderType",
    "Sharing",
    "SharingChange",
    "SharingGrant",
    "SharingProposal",
    "Signature",
    "SignatureStatus",
    "StopReason",
    "Urgency",
    "Weight",
    "canonical_json",
    "content_hash",
    "new_token",
    "token_digest",
]

"""Schijf van herstel: recovery cases, tandem teams, the life-area wheel,
goals and actions, contacts, family support and quarterly meetings.

One module per area; every model is importable from here, where Django
finds it under the app label `recovery`."""

from .cases import (
    CaseEvent,
    CaseMember,
    CaseMemberQuerySet,
    CaseState,
    CloseReason,
    Handover,
    HandoverStatus,
    RecoveryCase,
    TeamMembershipRule,
    TeamRole,
    current_member_q,
)
from .contacts import (
    CaseContact,
    ContactWith,
)
from .family import (
    CaseRelative,
    FamilyActivity,
    FamilyActivityKind,
    FamilyTopic,
    RelativeNote,
)
from .goals import (
    ActionOwner,
    ActionStatus,
    Goal,
    GoalAction,
)
from .meetings import (
    MeetingAttendance,
    QuarterlyMeeting,
)
from .partners import (
    FAMILY_PEER_EXPERT_DEFAULT,
    PARTNER_DEFAULT,
    CasePartner,
    ClientConsent,
    ConsentPart,
    PartnerKind,
)
from .wheel import (
    LifeArea,
    Perspective,
    WheelAssessment,
    WheelScore,
)

__all__ = [
    "FAMILY_PEER_EXPERT_DEFAULT",
    "PARTNER_DEFAULT",
    "ActionOwner",
    "ActionStatus",
    "CaseContact",
    "CaseEvent",
    "CaseMember",
    "CaseMemberQuerySet",
    "CasePartner",
    "CaseRelative",
    "CaseState",
    "ClientConsent",
    "CloseReason",
    "ConsentPart",
    "ContactWith",
    "FamilyActivity",
    "FamilyActivityKind",
    "FamilyTopic",
    "Goal",
    "GoalAction",
    "Handover",
    "HandoverStatus",
    "LifeArea",
    "MeetingAttendance",
    "PartnerKind",
    "Perspective",
    "QuarterlyMeeting",
    "RecoveryCase",
    "RelativeNote",
    "TeamMembershipRule",
    "TeamRole",
    "WheelAssessment",
    "WheelScore",
    "current_member_q",
]

"""Coordination: matching, workload, quality, sessions, outreach and the social map.

One module per area; everything is importable from `regie.coordination.models`.
"""

from .matching import (
    Gender,
    MatchingRun,
    MatchingSuggestion,
    MatchingWish,
    SuggestionDecision,
    Weekday,
    WorkProfile,
)
from .outreach import (
    AgreementStatus,
    Material,
    MaterialAudience,
    MaterialKind,
    MaterialVersion,
    RegionalAgreement,
    RegionalMeeting,
    RegionalMeetingAction,
    ServiceCategory,
    SocialService,
    Stakeholder,
    StakeholderContact,
    StakeholderKind,
    StakeholderStatus,
)
from .quality import (
    QualityReview,
    ReviewStatus,
    Visitation,
    VisitationAction,
)
from .sessions import AudienceKind, CalendarFeed, InformationSession, SessionStatus
from .workload import OverloadThreshold, TimeEntry, TimeEntryKind

__all__ = [
    "AgreementStatus",
    "AudienceKind",
    "CalendarFeed",
    "Gender",
    "InformationSession",
    "MatchingRun",
    "MatchingSuggestion",
    "MatchingWish",
    "Material",
    "MaterialAudience",
    "MaterialKind",
    "MaterialVersion",
    "OverloadThreshold",
    "QualityReview",
    "RegionalAgreement",
    "RegionalMeeting",
    "RegionalMeetingAction",
    "ReviewStatus",
    "ServiceCategory",
    "SessionStatus",
    "SocialService",
    "Stakeholder",
    "StakeholderContact",
    "StakeholderKind",
    "StakeholderStatus",
    "SuggestionDecision",
    "TimeEntry",
    "TimeEntryKind",
    "Visitation",
    "VisitationAction",
    "Weekday",
    "WorkProfile",
]

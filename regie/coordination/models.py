"""Coordination models: each area keeps its models in `<area>/models.py`.

They all live in the one Django app `coordination` (its label and tables are
unchanged); importing them here lets Django find them, and everything stays
importable from `regie.coordination.models`.
"""

from .calendar.models import CalendarFeed
from .consultations.models import RegionalMeeting, RegionalMeetingAction
from .matching.models import (
    Gender,
    MatchingRun,
    MatchingSuggestion,
    MatchingWish,
    SuggestionDecision,
    Weekday,
    WorkProfile,
)
from .materials.models import Material, MaterialAudience, MaterialKind, MaterialVersion
from .outreach.models import (
    AgreementStatus,
    RegionalAgreement,
    Stakeholder,
    StakeholderContact,
    StakeholderKind,
    StakeholderStatus,
)
from .quality.models import QualityReview, ReviewStatus, Visitation, VisitationAction
from .sessions.models import AudienceKind, InformationSession, SessionStatus
from .social_map.models import ServiceCategory, SocialService
from .workload.models import OverloadThreshold, TimeEntry, TimeEntryKind

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

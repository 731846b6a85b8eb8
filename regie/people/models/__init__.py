"""People, organisations, regions and the roles that connect them.

One module per area; every model is importable from here, where Django
finds it under the app label `people` (AUTH_USER_MODEL is "people.User")."""

from .accounts import (
    User,
    UserManager,
)
from .activation import (
    ActivationChannel,
    ActivationCode,
    ActivationPurpose,
)
from .api_tokens import (
    ApiToken,
    ApiTokenUse,
    TokenScope,
)
from .development import (
    CoachingSession,
    IntervisionAttendance,
    IntervisionSession,
)
from .organisations import (
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
)
from .persons import (
    REGIONAL_ROLES,
    STAFF_ROLES,
    Language,
    Person,
    Role,
    RoleAssignment,
    RoleAssignmentQuerySet,
)
from .qualifications import (
    ConsultantLevel,
    ConsultantQualification,
    PeerExpertQualification,
    PeerExpertStatus,
    Trajectory,
    TrajectoryKind,
    TrajectoryStatus,
)

__all__ = [
    "REGIONAL_ROLES",
    "STAFF_ROLES",
    "ActivationChannel",
    "ActivationCode",
    "ActivationPurpose",
    "ApiToken",
    "ApiTokenUse",
    "CoachingSession",
    "ConsultantLevel",
    "ConsultantQualification",
    "IntervisionAttendance",
    "IntervisionSession",
    "Language",
    "Municipality",
    "Organisation",
    "OrganisationKind",
    "PeerExpertQualification",
    "PeerExpertStatus",
    "Person",
    "Region",
    "Role",
    "RoleAssignment",
    "RoleAssignmentQuerySet",
    "TokenScope",
    "Trajectory",
    "TrajectoryKind",
    "TrajectoryStatus",
    "User",
    "UserManager",
]

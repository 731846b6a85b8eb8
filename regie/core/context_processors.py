from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from regie.people.models import Role

from .policy import actor_for

RECOVERY_NAV_ROLES = frozenset(
    {Role.CASE_DIRECTOR, Role.TEAM_LEAD, Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT}
)
WORK_NAV_ROLES = frozenset(
    {Role.COORDINATOR, Role.CONSULTANT, Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT}
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header navigation needs: the actor and their coordinator regions."""
    if not hasattr(request, "user"):
        return {}
    actor = actor_for(request)
    return {
        "actor": actor,
        "nav_coordinator_regions": actor.regions_for(Role.COORDINATOR),
        "nav_is_log_manager": actor.has_role(Role.LOG_MANAGER),
        "nav_is_admin": bool(getattr(request.user, "is_staff", False)),
        "nav_recovery": bool(actor.roles & RECOVERY_NAV_ROLES),
        "nav_crisiscard": bool(actor.roles & {Role.COORDINATOR, Role.CONSULTANT}),
        "nav_participant": Role.PARTICIPANT in actor.roles,
        "nav_coordination": bool(actor.roles & WORK_NAV_ROLES),
        "nav_reports": Role.COORDINATOR in actor.roles,
    }

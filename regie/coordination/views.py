"""The coordination hub: one page per coordinator that leads to every area of their work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regie.core.policy import actor_for
from regie.people.models import Role

from .materials.access import may_use_materials
from .sessions.access import may_present_somewhere

WORK_ROLES = frozenset(
    {Role.COORDINATOR, Role.CONSULTANT, Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT}
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Coordinators see their regions' areas; consultants and peer experts
    (and coordinators) their own work: workload, coaching, sessions."""
    actor = actor_for(request)
    if not actor.roles & WORK_ROLES:
        raise Http404
    regions = actor.regions_for(Role.COORDINATOR)
    return render(
        request,
        "coordination/index.html",
        {
            "regions": regions,
            # The same checks as the pages behind the links, so no link leads to a 404.
            "sessions_links": {
                "mine": may_present_somewhere(actor),
                "materials": may_use_materials(actor),
            },
        },
    )

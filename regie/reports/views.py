"""Anonymised reports per region and period (reads only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regie.core.policy import actor_for
from regie.people.models import Role


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The coordinator's regions, each leading to its report."""
    regions = actor_for(request).regions_for(Role.COORDINATOR)
    if not regions:
        raise Http404
    return render(request, "reports/index.html", {"regions": regions})

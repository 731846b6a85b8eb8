from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regie.core.errors import refusals_to
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.core.stale import stale_status

from . import selectors as sel
from . import services
from .access import (
    access_consultant_role_in_region,
    access_own_profile,
    access_region_as_coordinator,
    access_staff_development,
)
from .forms import ConsultantAddForm, ConsultantChangeForm, RoleEndForm, TrajectoryForm
from .models import Role
from .selectors import (
    consultant_list_for_region,
    qualification_for,
    staff_for_organisations,
    trajectories_for_organisations,
)


@login_required
def region_consultants(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_as_coordinator(actor_for(request), region_slug)
    active = page_of(request, consultant_list_for_region(region))
    ended = page_of(request, consultant_list_for_region(region, active=False), param="ended")
    return render(
        request,
        "people/region_consultants.html",
        {"region": region, "active": active, "ended": ended},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultant_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = ConsultantAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            assignment = services.consultant_add(actor=actor, region=region, **form.cleaned_data)
            messages.success(
                request,
                _("%(name)s is now a consultant in %(region)s.")
                % {"name": assignment.person, "region": region},
            )
            kept = qualification_for(assignment.person_id)
            if kept is not None and kept.level != form.cleaned_data["level"]:
                messages.warning(
                    request,
                    _(
                        "%(name)s already had a qualification (%(level)s). It was kept; "
                        "change it on their page if it is out of date."
                    )
                    % {"name": assignment.person, "level": kept.get_level_display()},
                )
            return redirect("people:region_consultants", region_slug=region.slug)
    return render(request, "people/consultant_add.html", {"region": region, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consultant_edit(
    request: HttpRequest, region_slug: str, assignment_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    assignment = access_consultant_role_in_region(actor, region_slug, assignment_uuid)
    qualification = qualification_for(assignment.person_id)
    initial = {}
    if qualification is not None:
        initial = {
            "level": qualification.level,
            "trained_on": qualification.trained_on,
            "has_peer_expertise": qualification.has_peer_expertise,
            "contract_hours_per_week": qualification.contract_hours_per_week,
        }
    form = ConsultantChangeForm(
        request.POST or None,
        initial=initial,
        seen=services.QUALIFICATION.fingerprint(qualification),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.consultant_change(actor=actor, assignment=assignment, **form.cleaned_data)
            messages.success(
                request, _("The changes for %(name)s are saved.") % {"name": assignment.person}
            )
            return redirect("people:region_consultants", region_slug=region_slug)
    return render(
        request,
        "people/consultant_edit.html",
        {"assignment": assignment, "region": assignment.region, "form": form},
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultant_end(
    request: HttpRequest, region_slug: str, assignment_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    assignment = access_consultant_role_in_region(actor, region_slug, assignment_uuid)
    form = RoleEndForm(
        request.POST or None,
        starts_on=assignment.valid_from,
        initial={"end_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.consultant_role_end(
                actor=actor, assignment=assignment, end_on=form.cleaned_data["end_on"]
            )
            messages.success(
                request,
                _("The consultant role of %(name)s ends on %(date)s.")
                % {
                    "name": assignment.person,
                    "date": form.cleaned_data["end_on"].strftime("%d-%m-%Y"),
                },
            )
            return redirect("people:region_consultants", region_slug=region_slug)
    return render(
        request,
        "people/consultant_end.html",
        {"assignment": assignment, "region": assignment.region, "form": form},
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    access_own_profile(actor)
    person = actor.person
    assert person is not None
    qualification = sel.consultant_qualification_of(person)
    attendance = sel.intervision_attendance_of(person, limit=20)
    return render(
        request,
        "people/me.html",
        {
            "person": person,
            "assignments": actor.assignments,
            "qualification": qualification,
            "peer_expert": getattr(person, "peer_expert_qualification", None),
            "trajectories": person.trajectories.all(),
            "attendance": attendance,
            "is_consultant": Role.CONSULTANT in actor.roles,
            "may_use_api": actor.is_staff,
        },
    )


@login_required
def trajectories(request: HttpRequest) -> HttpResponse:
    """Training and coaching of the team lead's organisation's staff."""
    scope = access_staff_development(actor_for(request))
    rows = page_of(request, trajectories_for_organisations(scope))
    return render(request, "people/trajectories.html", {"trajectories": rows})


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    scope = access_staff_development(actor)
    form = TrajectoryForm(request.POST or None, staff=staff_for_organisations(scope))
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.trajectory_add(actor=actor, **form.cleaned_data)
            messages.success(request, _("The trajectory is saved."))
            return redirect("people:trajectories")
    return render(request, "people/trajectory_add.html", {"form": form})

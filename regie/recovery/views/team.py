"""Recovery views: a case's team and the handover of final responsibility.

Each view: parse → access (regie.recovery.access) → service → render/redirect.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import refusals_to
from regie.core.policy import Actor, actor_for
from regie.people.models import Person, Role

from .. import access as acc
from ..forms.cases import (
    HandoverDecideForm,
    HandoverRequestForm,
    MemberAddForm,
    MemberEndForm,
)
from ..models import (
    CaseState,
    Handover,
    HandoverStatus,
    TeamRole,
)
from ..selectors import cases as sel
from ..services import cases as case_services
from .cases import to_case
from .reads import log_case_page


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_direction(actor, case_uuid, purpose="recovery:member_add")
    case = access.case
    candidates: dict[str, list[Person]] = {
        TeamRole.PEER_EXPERT: case_services.eligible_people(TeamRole.PEER_EXPERT),
        TeamRole.FAMILY_PEER_EXPERT: case_services.eligible_people(TeamRole.FAMILY_PEER_EXPERT),
    }
    form = MemberAddForm(
        request.POST or None,
        candidates=candidates,
        initial={"started_on": timezone.localdate(), "team_role": TeamRole.PEER_EXPERT},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            member = case_services.member_add(
                actor=actor,
                case=case,
                person=data["person_obj"],
                team_role=data["team_role"],
                on=data["started_on"],
            )
            messages.success(
                request,
                _("%(name)s is on the team as %(role)s.")
                % {"name": member.person, "role": member.get_team_role_display()},
            )
            return to_case(case.uuid)
    log_case_page(request, actor, access, "recovery:member_add")
    return render(request, "recovery/cases/member_add.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, case_uuid: uuid.UUID, member_id: int) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_direction(actor, case_uuid, purpose="recovery:member_end")
    case = access.case
    member = sel.case_member_or_404(case, member_id)
    form = MemberEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            case_services.member_end(
                actor=actor, case=case, member=member, on=form.cleaned_data["ended_on"]
            )
            messages.success(
                request,
                _("%(name)s is no longer on the team as %(role)s.")
                % {"name": member.person, "role": member.get_team_role_display()},
            )
            return to_case(case.uuid)
    log_case_page(request, actor, access, "recovery:member_end")
    return render(
        request,
        "recovery/cases/member_end.html",
        {
            "case": case,
            "member": member,
            "form": form,
            "parks_case": member.team_role == TeamRole.PEER_EXPERT
            and case.state in {CaseState.ACTIVE, CaseState.PAUSED},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_request(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_direction(actor, case_uuid, purpose="recovery:handover_request")
    case = access.case
    candidates = [
        p
        for p in case_services.eligible_people(TeamRole.CASE_DIRECTOR)
        if actor.person is None or p.pk != actor.person.pk
    ]
    form = HandoverRequestForm(
        request.POST or None, candidates=candidates, initial={"handover_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            handover = case_services.handover_request(
                actor=actor,
                case=case,
                to_person=form.chosen_person(),
                reason=data["reason"],
                handover_on=data["handover_on"],
            )
            messages.success(
                request,
                _("The handover to %(name)s is waiting for the team lead's approval.")
                % {"name": handover.to_person},
            )
            return to_case(case.uuid)
    log_case_page(request, actor, access, "recovery:handover_request")
    return render(
        request,
        "recovery/cases/handover_request.html",
        {"case": case, "form": form, "pending": sel.pending_handover(case)},
    )


def _handover_page(
    request: HttpRequest, actor: Actor, handover: Handover, form: HandoverDecideForm
) -> HttpResponse:
    """The handover with its two decision buttons (a read of the client's case, logged)."""
    case = handover.case
    record(
        actor=actor,
        action=Action.READ,
        purpose="recovery:handover_decide",
        object_type=ObjectType.RECOVERY_CASE,
        object_id=str(case.uuid),
        subject=case.client,
        part="handover",
        role=Role.TEAM_LEAD,
        request=request,
    )
    return render(
        request,
        "recovery/cases/handover_decide.html",
        {
            "case": case,
            "handover": handover,
            "form": form,
            "is_pending": handover.status == HandoverStatus.PENDING,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def handover_decide(request: HttpRequest, handover_id: int) -> HttpResponse:
    actor = actor_for(request)
    handover = acc.access_handover_for_decision(actor, handover_id)
    return _handover_page(request, actor, handover, HandoverDecideForm())


def _decide(request: HttpRequest, handover_id: int, *, approve: bool) -> HttpResponse:
    """Approve or reject: the one way both buttons decide (a refusal shows the page again)."""
    actor = actor_for(request)
    handover = acc.access_handover_for_decision(actor, handover_id)
    form = HandoverDecideForm(request.POST)
    with refusals_to(form):
        case_services.handover_decide(actor=actor, handover=handover, approve=approve)
        text = (
            _("The handover to %(name)s is approved.")
            if approve
            else _("The handover to %(name)s is rejected. Nothing changed on the case.")
        )
        messages.success(request, text % {"name": handover.to_person})
        return to_case(handover.case.uuid)
    return _handover_page(request, actor, handover, form)


@login_required
@require_POST
def handover_approve(request: HttpRequest, handover_id: int) -> HttpResponse:
    return _decide(request, handover_id, approve=True)


@login_required
@require_POST
def handover_reject(request: HttpRequest, handover_id: int) -> HttpResponse:
    return _decide(request, handover_id, approve=False)


urlpatterns: list[URLPattern] = [
    path("cases/<uuid:case_uuid>/team/add/", member_add, name="member_add"),
    path("cases/<uuid:case_uuid>/team/<int:member_id>/end/", member_end, name="member_end"),
    path("cases/<uuid:case_uuid>/handover/", handover_request, name="handover_request"),
    path("handovers/<int:handover_id>/", handover_decide, name="handover_decide"),
    path("handovers/<int:handover_id>/approve/", handover_approve, name="handover_approve"),
    path("handovers/<int:handover_id>/reject/", handover_reject, name="handover_reject"),
]

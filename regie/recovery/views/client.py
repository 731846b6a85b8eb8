"""The client's own pages: their team, goals, wheel, own scores and sharing choices.

Each view: parse → access (access_own_case) → service → render/redirect. The
client reading their own case is logged like anyone's read, with role "client".
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regie.audit.events import log_recovery_case
from regie.audit.models import Action
from regie.core.errors import apply_refusal, refusal_caught, refusals_to
from regie.core.policy import actor_for

from .. import access as acc
from .. import charts
from ..forms.client import SharingForm
from ..forms.wheel import AssessmentForm
from ..models import CaseState, Perspective
from ..selectors import client as sel
from ..services import consent as consent_services
from ..services.wheel import assessment_record


def _case_page(request: HttpRequest, case_uuid: uuid.UUID | None, purpose: str) -> HttpResponse:
    actor = actor_for(request)
    case = acc.access_own_case(actor, case_uuid)
    partners = sel.client_partners(case)
    sharing = consent_services.sharing_choices(case, partners)
    context: dict[str, Any] = charts.wheel_page_context(case)
    context.update(
        case=case,
        team=sel.client_team(case),
        goals_by_area=sel.client_goals(case),
        sharing=sharing,
        partner_sharing=[(p, sharing.partners[p.pk]) for p in partners],
        other_cases=list(
            acc.own_cases(actor).exclude(pk=case.pk).order_by("-opened_on", "-pk")[:20]
        ),
        is_open=case.state != CaseState.CLOSED,
    )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        part="own case",
        role=acc.CLIENT_LOG_ROLE,
        request=request,
    )
    return render(request, "recovery/client/home.html", context)


@login_required
def my_home(request: HttpRequest) -> HttpResponse:
    """The client's newest open case (the page invitations land on)."""
    return _case_page(request, None, "recovery:my_home")


@login_required
def my_case(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    return _case_page(request, case_uuid, "recovery:my_case")


@login_required
@require_http_methods(["GET", "POST"])
def my_wheel_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    case = acc.access_own_case(actor, case_uuid)
    areas = charts.active_areas()
    form = AssessmentForm(
        request.POST or None,
        areas=areas,
        opened_on=case.opened_on,
        previous=charts.latest_client_scores(case),
        own_view=True,
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            assessment_record(
                actor=actor,
                case=case,
                perspective=Perspective.CLIENT,
                scores=form.scores(),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Thank you. Your scores are saved."))
            return redirect("recovery:my_case", case_uuid=case.uuid)
    log_recovery_case(
        case,
        actor=actor,
        action=Action.READ,
        purpose="recovery:my_wheel_add",
        part="own case",
        role=acc.CLIENT_LOG_ROLE,
        request=request,
    )
    return render(
        request,
        "recovery/client/wheel_add.html",
        {"case": case, "form": form, "is_open": case.state != CaseState.CLOSED},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_sharing(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    case = acc.access_own_case(actor, case_uuid)
    partners = sel.client_partners(case)
    current = consent_services.sharing_choices(case, partners)
    form = SharingForm(
        request.POST or None, partners=partners, current=current, revision=case.consent_revision
    )
    status = 200
    stale = False
    if request.method == "POST" and form.is_valid():
        with refusals_to(form), refusal_caught(kind=consent_services.StaleSharing) as conflict:
            consent_services.client_sharing_set(
                actor=actor,
                case=case,
                revision=form.cleaned_data["revision"],
                choices=form.choices(),
            )
            messages.success(request, _("Your choices are saved."))
            return redirect("recovery:my_case", case_uuid=case.uuid)
        if isinstance(conflict.refusal, consent_services.StaleSharing):
            # The ticks stay as the client set them; the next save is based on
            # what is stored now, after they have seen it.
            stale, status = True, conflict.refusal.status
            revision = conflict.refusal.revision
            data = request.POST.copy()
            data["revision"] = str(revision)
            form = SharingForm(data, partners=partners, current=current, revision=revision)
            form.is_valid()
            apply_refusal(form, conflict.refusal)
    log_recovery_case(
        case,
        actor=actor,
        action=Action.READ,
        purpose="recovery:my_sharing",
        part="own case",
        role=acc.CLIENT_LOG_ROLE,
        request=request,
    )
    return render(
        request,
        "recovery/client/sharing.html",
        {
            "case": case,
            "form": form,
            "stale": stale,
            "current": current,
            "has_family_peer_expert": any(
                row.member.team_role == "family_peer_expert" for row in sel.client_team(case)
            ),
            "is_open": case.state != CaseState.CLOSED,
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("mijn/", my_home, name="my_home"),
    path("mijn/<uuid:case_uuid>/", my_case, name="my_case"),
    path("mijn/<uuid:case_uuid>/wheel/", my_wheel_add, name="my_wheel_add"),
    path("mijn/<uuid:case_uuid>/sharing/", my_sharing, name="my_sharing"),
]

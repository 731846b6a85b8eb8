"""Recovery views: the case list, opening a case, its page and its state.

The team and handovers live in team.py, the plan and contacts in plan.py.

Each view: parse → access (regie.recovery.access) → service → render/redirect.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regie.audit.events import ObjectType, log_list_read
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import refusals_to
from regie.core.policy import Actor, actor_for
from regie.crisiscard.fit import layout as card_layout
from regie.crisiscard.models import Card

from .. import access as acc
from .. import charts
from ..forms.cases import (
    CaseCreateForm,
    CaseFilterForm,
    CaseStateForm,
)
from ..models import (
    ActionStatus,
    CaseState,
    ConsentPart,
    TeamRole,
)
from ..selectors import cases as sel
from ..services import cases as case_services
from ..services import consent as consent_services
from ..services import intake as intake_services
from .reads import log_case_page, log_case_relatives, log_relative_notes

PAGE_SIZE = 50


def to_case(case_uuid: uuid.UUID) -> HttpResponse:
    """Back to the case page after a change."""
    return redirect("recovery:case_detail", case_uuid=case_uuid)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    sel.require_recovery_role(actor)
    form = CaseFilterForm(request.GET or None)
    state, attention, team_role, actions_due = "", False, "", False
    if form.is_valid():
        state = form.cleaned_data["state"]
        attention = form.cleaned_data["attention"]
        team_role = form.cleaned_data["role"]
        actions_due = form.cleaned_data["actions_due"]
    cases = sel.case_list(
        acc.visible_cases(actor),
        state=state,
        attention=attention,
        person=actor.person,
        team_role=team_role,
        actions_due_only=actions_due,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "case": case,
            "director": sel.member_in_role(case, TeamRole.CASE_DIRECTOR),
            "peer_expert": sel.member_in_role(case, TeamRole.PEER_EXPERT),
        }
        for case in page.object_list
    ]
    role = actor.role_in(sorted(sel.RECOVERY_ROLES))
    # The page names each client on it: one read of each case shown, too.
    log_list_read(
        actor=actor,
        purpose="recovery:case_list",
        list_type=ObjectType.RECOVERY_CASE_LIST,
        item_type=ObjectType.RECOVERY_CASE,
        items=[(str(case.uuid), case.client) for case in page.object_list],
        part="filtered" if (state or attention or team_role or actions_due) else "",
        role=role,
        request=request,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recovery/cases/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": bool(state or attention or team_role or actions_due),
            "can_open": bool(acc.case_direction_organisations(actor)),
            "contact_weeks": sel.contact_cutoff_weeks(),
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    organisations = acc.case_direction_organisations(actor)
    if not organisations:
        raise Http404
    form = CaseCreateForm(
        request.POST or None,
        organisations=organisations,
        peer_experts=case_services.eligible_people(TeamRole.PEER_EXPERT),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            case = intake_services.case_open_for_new_client(
                actor=actor,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
                phone=data["phone"],
                email=data["email"],
                organisation=form.chosen_organisation(),
                from_own_caseload=data["from_own_caseload"],
                peer_expert=form.chosen_peer_expert(),
            )
            messages.success(
                request, _("The case for %(name)s is open, in intake.") % {"name": case.client}
            )
            return to_case(case.uuid)
    return render(request, "recovery/cases/case_create.html", {"form": form})


def _detail_context(actor: Actor, access: acc.CaseAccess) -> dict[str, Any]:
    case = access.case
    context = sel.case_page(actor, access)
    context.update(
        case=case,
        access=access,
        can_work=access.can_work and case.state != CaseState.CLOSED,
        can_direct=access.is_director and case.state != CaseState.CLOSED,
        next_states=sorted(case_services.TRANSITIONS[case.state], key=list(CaseState.values).index),
        wheel=charts.wheel_context(case) if access.may_read(ConsentPart.WHEEL) else None,
        sees_plan=access.may_read(ConsentPart.PLAN),
        sees_all_contacts=access.may_read(ConsentPart.NOTES),
        relatives=sel.relatives_of(case),
        relative_notes=list(acc.relative_notes_visible(actor, access)),
        can_add_notes=access.is_family_peer_expert,
        contact_weeks=sel.contact_cutoff_weeks(),
        action_statuses=ActionStatus.choices,
    )
    partners = sel.current_partners(case)
    sharing = consent_services.sharing_choices(case, partners)
    context.update(
        sharing=sharing,
        partner_sharing=[(p, sharing.partners[p.pk]) for p in partners],
    )
    return context


def shared_crisis_card(case) -> Card | None:
    """The client's issued crisis card, when the client allows the team to see it."""
    return sel.shared_crisis_card(case)


@login_required
def case_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_reading(actor, case_uuid, purpose="recovery:case_detail")
    context = _detail_context(actor, access)
    purpose = "recovery:case_detail"
    log_case_page(request, actor, access, purpose)
    # The page names the case's relatives and shows the notes about them the actor may see.
    log_case_relatives(
        request, actor, relatives=context["relatives"], purpose=purpose, role=access.log_role
    )
    log_relative_notes(
        request, actor, notes=context["relative_notes"], purpose=purpose, role=access.log_role
    )
    card = shared_crisis_card(access.case)
    if card is not None:
        # Reading the card is its own access to the client's crisis-card data.
        record(
            actor=actor,
            action=Action.READ,
            purpose="recovery:case_detail",
            object_type=ObjectType.CARD,
            object_id=str(card.uuid),
            subject=access.case.client,
            part="shared with the recovery team",
            legal_basis="consent",
            role=access.log_role,
            request=request,
        )
        context["crisis_card"] = card
        context["crisis_card_panels"] = card_layout(card.panels)
    return render(request, "recovery/cases/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_state(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_direction(actor, case_uuid, purpose="recovery:case_state")
    case = access.case
    allowed = case_services.TRANSITIONS[case.state]
    initial = {"to_state": request.GET.get("to")} if request.GET.get("to") in allowed else {}
    form = CaseStateForm(request.POST or None, allowed=allowed, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            case_services.case_transition(
                actor=actor,
                case=case,
                to_state=data["to_state"],
                reason=data["reason"] if data["to_state"] == CaseState.CLOSED else "",
                note=data["note"] if data["to_state"] == CaseState.CLOSED else "",
            )
            messages.success(
                request,
                _("The case is now: %(state)s.") % {"state": CaseState(data["to_state"]).label},
            )
            return to_case(case.uuid)
    log_case_page(request, actor, access, "recovery:case_state")
    return render(
        request,
        "recovery/cases/case_state.html",
        {"case": case, "form": form, "can_close": CaseState.CLOSED in allowed},
    )


urlpatterns: list[URLPattern] = [
    path("cases/", case_list, name="case_list"),
    path("cases/new/", case_create, name="case_create"),
    path("cases/<uuid:case_uuid>/", case_detail, name="case_detail"),
    path("cases/<uuid:case_uuid>/state/", case_state, name="case_state"),
]

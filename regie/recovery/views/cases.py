"""Recovery views: cases, their team, state, handovers and plan.

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.audit.events import ObjectType, log_recovery_case
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.policy import Actor, actor_for
from regie.crisiscard.fit import layout as card_layout
from regie.crisiscard.models import Card
from regie.people.models import Person, Role

from .. import access as acc
from .. import charts
from ..forms.cases import (
    ActionAddForm,
    ActionStatusForm,
    CaseCreateForm,
    CaseFilterForm,
    CaseStateForm,
    ContactForm,
    GoalAddForm,
    HandoverDecideForm,
    HandoverRequestForm,
    MemberAddForm,
    MemberEndForm,
    PartnerAddForm,
)
from ..models import (
    ActionStatus,
    CaseState,
    ConsentPart,
    HandoverStatus,
    TeamRole,
)
from ..selectors import cases as sel
from ..services import cases as case_services
from ..services import consent as consent_services
from ..services import intake as intake_services
from ..services import partners as plan_services

PAGE_SIZE = 50


def _to_case(case_uuid: uuid.UUID) -> HttpResponse:
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
    record(
        actor=actor,
        action=Action.READ,
        purpose="recovery:case_list",
        object_type=ObjectType.RECOVERY_CASE_LIST,
        part="filtered" if (state or attention or team_role or actions_due) else "",
        role=actor.role_in(sorted(sel.RECOVERY_ROLES)),
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
            return _to_case(case.uuid)
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
    log_recovery_case(
        access.case,
        actor=actor,
        action=Action.READ,
        purpose="recovery:case_detail",
        role=access.log_role,
        request=request,
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
            return _to_case(case.uuid)
    return render(
        request,
        "recovery/cases/case_state.html",
        {"case": case, "form": form, "can_close": CaseState.CLOSED in allowed},
    )


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
            return _to_case(case.uuid)
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
            return _to_case(case.uuid)
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
            return _to_case(case.uuid)
    return render(
        request,
        "recovery/cases/handover_request.html",
        {"case": case, "form": form, "pending": sel.pending_handover(case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_decide(request: HttpRequest, handover_id: int) -> HttpResponse:
    actor = actor_for(request)
    handover = acc.access_handover_for_decision(actor, handover_id)
    case = handover.case
    form = HandoverDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        with refusals_to(form):
            case_services.handover_decide(actor=actor, handover=handover, approve=approve)
            text = (
                _("The handover to %(name)s is approved.")
                if approve
                else _("The handover to %(name)s is rejected. Nothing changed on the case.")
            )
            messages.success(request, text % {"name": handover.to_person})
            return _to_case(case.uuid)
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
    )


def _work_page(
    request: HttpRequest,
    access: acc.CaseAccess,
    form: Any,
    save: Any,
    template: str,
    success: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shared shape of the plan forms: validate, call the service, show its refusal."""
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            save()
            messages.success(request, success)
            return _to_case(access.case.uuid)
    return render(request, template, {"case": access.case, "form": form, **(extra or {})})


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(actor, case_uuid, purpose="recovery:partner_add")
    relatives = [r.person for r in sel.relatives_of(access.case)]
    form = PartnerAddForm(request.POST or None, relatives=relatives)

    def save() -> None:
        data = form.cleaned_data
        plan_services.partner_add(
            actor=actor,
            case=access.case,
            kind=data["kind"],
            life_area=data["life_area"],
            organisation=data["organisation"],
            person=form.chosen_relative(),
            new_first_name=data["new_first_name"],
            new_last_name=data["new_last_name"],
            new_phone=data["new_phone"],
            relationship=data["relationship"],
        )

    return _work_page(
        request,
        access,
        form,
        save,
        "recovery/cases/partner_add.html",
        _("The partner is added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(
        actor, case_uuid, purpose="recovery:goal_add", part=ConsentPart.PLAN
    )
    form = GoalAddForm(request.POST or None)

    def save() -> None:
        plan_services.goal_add(actor=actor, case=access.case, **form.cleaned_data)

    return _work_page(
        request, access, form, save, "recovery/cases/goal_add.html", _("The goal is added.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, case_uuid: uuid.UUID, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(
        actor, case_uuid, purpose="recovery:action_add", part=ConsentPart.PLAN
    )
    goal = sel.goal_or_404(access.case, goal_id)
    form = ActionAddForm(
        request.POST or None,
        team=[m.person for m in sel.current_team(access.case)],
        partners=sel.current_partners(access.case),
    )

    def save() -> None:
        plan_services.action_add(actor=actor, case=access.case, goal=goal, **form.service_kwargs())

    return _work_page(
        request,
        access,
        form,
        save,
        "recovery/cases/action_add.html",
        _("The action is added."),
        {"goal": goal},
    )


@login_required
@require_POST
def action_status(request: HttpRequest, case_uuid: uuid.UUID, action_id: int) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(
        actor, case_uuid, purpose="recovery:action_status", part=ConsentPart.PLAN
    )
    action = sel.action_or_404(access.case, action_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status for the action."))
        return _to_case(access.case.uuid)
    with refusals_to_messages(request):
        plan_services.action_set_status(
            actor=actor, case=access.case, action=action, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("“%(action)s” is now: %(status)s.")
            % {"action": action.description, "status": action.get_status_display()},
        )
    return _to_case(access.case.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(actor, case_uuid, purpose="recovery:contact_add")
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    if actor.person is not None:
        initial["team_participants"] = [str(actor.person.pk)]
    form = ContactForm(
        request.POST or None,
        team=[m.person for m in sel.current_team(access.case)],
        partners=sel.current_partners(access.case),
        initial=initial,
    )

    def save() -> None:
        plan_services.contact_log(actor=actor, case=access.case, **form.service_kwargs())

    return _work_page(
        request,
        access,
        form,
        save,
        "recovery/cases/contact_add.html",
        _("The contact is logged."),
    )


urlpatterns: list[URLPattern] = [
    path("cases/", case_list, name="case_list"),
    path("cases/new/", case_create, name="case_create"),
    path("cases/<uuid:case_uuid>/", case_detail, name="case_detail"),
    path("cases/<uuid:case_uuid>/state/", case_state, name="case_state"),
    path("cases/<uuid:case_uuid>/team/add/", member_add, name="member_add"),
    path("cases/<uuid:case_uuid>/team/<int:member_id>/end/", member_end, name="member_end"),
    path("cases/<uuid:case_uuid>/handover/", handover_request, name="handover_request"),
    path("handovers/<int:handover_id>/", handover_decide, name="handover_decide"),
    path("cases/<uuid:case_uuid>/partners/add/", partner_add, name="partner_add"),
    path("cases/<uuid:case_uuid>/goals/add/", goal_add, name="goal_add"),
    path("cases/<uuid:case_uuid>/goals/<int:goal_id>/actions/add/", action_add, name="action_add"),
    path(
        "cases/<uuid:case_uuid>/actions/<int:action_id>/status/",
        action_status,
        name="action_status",
    ),
    path("cases/<uuid:case_uuid>/contacts/add/", contact_add, name="contact_add"),
]

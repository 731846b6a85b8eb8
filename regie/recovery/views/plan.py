"""Recovery views: the plan of a case (partners, goals, actions) and its contacts.

Each view: parse → access (regie.recovery.access) → service → render/redirect.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.policy import Actor, actor_for
from regie.people.models import Person

from .. import access as acc
from ..forms.cases import (
    ActionAddForm,
    ActionStatusForm,
    ContactForm,
    GoalAddForm,
    PartnerAddForm,
)
from ..models import (
    ConsentPart,
)
from ..selectors import cases as sel
from ..services import partners as plan_services
from .cases import to_case
from .reads import log_case_page, log_case_relatives


def _work_page(
    request: HttpRequest,
    access: acc.CaseAccess,
    form: Any,
    save: Any,
    template: str,
    success: str,
    extra: dict[str, Any] | None = None,
    *,
    actor: Actor,
    purpose: str,
    people: Sequence[Person | None] = (),
) -> HttpResponse:
    """The shared shape of the plan forms: validate, call the service, show its
    refusal. The form names the client, and perhaps relatives among `people`
    (the team and partners it offers): their reads are logged."""
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            save()
            messages.success(request, success)
            return to_case(access.case.uuid)
    log_case_page(request, actor, access, purpose)
    shown = {person.pk for person in people if person is not None}
    log_case_relatives(
        request,
        actor,
        relatives=[r for r in sel.relatives_of(access.case) if r.person_id in shown],
        purpose=purpose,
        role=access.log_role,
    )
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
        actor=actor,
        purpose="recovery:partner_add",
        people=relatives,
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
        request,
        access,
        form,
        save,
        "recovery/cases/goal_add.html",
        _("The goal is added."),
        actor=actor,
        purpose="recovery:goal_add",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, case_uuid: uuid.UUID, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(
        actor, case_uuid, purpose="recovery:action_add", part=ConsentPart.PLAN
    )
    goal = sel.goal_or_404(access.case, goal_id)
    partners = sel.current_partners(access.case)
    form = ActionAddForm(
        request.POST or None,
        team=[m.person for m in sel.current_team(access.case)],
        partners=partners,
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
        actor=actor,
        purpose="recovery:action_add",
        people=[partner.person for partner in partners],
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
        return to_case(access.case.uuid)
    with refusals_to_messages(request):
        plan_services.action_set_status(
            actor=actor, case=access.case, action=action, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("“%(action)s” is now: %(status)s.")
            % {"action": action.description, "status": action.get_status_display()},
        )
    return to_case(access.case.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_work(actor, case_uuid, purpose="recovery:contact_add")
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    if actor.person is not None:
        initial["team_participants"] = [str(actor.person.pk)]
    partners = sel.current_partners(access.case)
    form = ContactForm(
        request.POST or None,
        team=[m.person for m in sel.current_team(access.case)],
        partners=partners,
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
        actor=actor,
        purpose="recovery:contact_add",
        people=[partner.person for partner in partners],
    )


urlpatterns: list[URLPattern] = [
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

"""Crisis-card views: applications, the request queue and page, assignment,
weight and stopping (conversations: views/conversations.py; inviting
the participant: views/invitations.py).

Each view: parse → access (regie.crisiscard.access) → service → render/redirect.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from regie.audit.events import ObjectType, log_list_read
from regie.coordination.matching import selectors as matching_selectors
from regie.coordination.matching.reasons import language_name
from regie.core.errors import refusals_to
from regie.core.net import client_ip
from regie.core.policy import Actor, actor_for
from regie.people.models import Role

from .. import access as acc
from ..forms.requests import (
    ApplicationForm,
    AssignForm,
    PhoneApplicationForm,
    RequestFilterForm,
    StopForm,
    WeightForm,
)
from ..models import RequestState, StopReason
from ..selectors import cards as sel_cards
from ..selectors import requests as sel
from ..services import requests as request_services
from ..services.evaluations import open_evaluation_for_request
from ..services.transitions import CARD_IN_USE, STOPPED, TRANSITIONS, can_transition

PAGE_SIZE = 50
APPLY_LIMIT = 5  # applications per client address
APPLY_WINDOW = 60 * 60  # seconds
HONEYPOT = "website"
# The promise on the confirmation page: a consultant calls within this many working days.
CALL_WITHIN_WORKING_DAYS = 5


def _languages(candidate: matching_selectors.Candidate) -> str:
    return ", ".join(
        language_name(code) for code in (candidate.profile.languages if candidate.profile else [])
    )


def _to_detail(request_uuid: uuid.UUID) -> HttpResponse:
    return redirect("crisiscard:request_detail", request_uuid=request_uuid)


# --- The public application ------------------------------------------------


def _apply_key(request: HttpRequest) -> str:
    return f"crisiscard:apply:{client_ip(request) or 'unknown'}"


def _over_limit(request: HttpRequest) -> bool:
    return int(cache.get(_apply_key(request)) or 0) >= APPLY_LIMIT


def _count_application(request: HttpRequest) -> None:
    key = _apply_key(request)
    if not cache.add(key, 1, APPLY_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, APPLY_WINDOW)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Anyone may apply for a crisis card; no login needed."""
    if request.method == "POST" and _over_limit(request):
        return render(request, "crisiscard/requests/apply_limited.html", status=429)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            # A robot filled the hidden field: answer as if all went well, store nothing.
            _count_application(request)
            return redirect("crisiscard:apply_done")
        if form.is_valid():
            with refusals_to(form):
                request_services.request_apply(actor=actor_for(request), applicant=form.applicant())
                _count_application(request)
                return redirect("crisiscard:apply_done")
    return render(request, "crisiscard/requests/apply.html", {"form": form, "honeypot": HONEYPOT})


def apply_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "crisiscard/requests/apply_done.html",
        {"working_days": CALL_WITHIN_WORKING_DAYS},
    )


# --- Staff: registering, the queue, the request page -----------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_register(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    region_ids = sorted(acc.coordinator_region_ids(actor) | acc.consultant_region_ids(actor))
    if not region_ids:
        raise Http404
    form = PhoneApplicationForm(request.POST or None, region_ids=region_ids)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            card_request = request_services.request_register(
                actor=actor, applicant=form.applicant(), weight=form.cleaned_data["weight"]
            )
            messages.success(
                request,
                _("The application of %(name)s is registered.")
                % {"name": card_request.participant.full_name},
            )
            if card_request.region_id in acc.coordinator_region_ids(actor):
                return _to_detail(card_request.uuid)
            return redirect("crisiscard:request_list")
    return render(request, "crisiscard/requests/register.html", {"form": form})


def _staff_role(actor: Actor) -> str:
    return actor.role_in([Role.COORDINATOR, Role.CONSULTANT])


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not (acc.coordinator_region_ids(actor) or acc.consultant_region_ids(actor)):
        raise Http404
    form = RequestFilterForm(request.GET or None)
    state = sel.IN_PROGRESS
    narrow: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        state = data["state"] or state
        narrow = {
            "region_slug": data["region"],
            "urgent": data["urgent"],
            "unconfirmed": data["unconfirmed"],
            "consultant": actor.person if data["mine"] else None,
            "follow_up_by": sel.follow_up_until() if data["follow_up"] else None,
        }
    queue = sel.request_queue(acc.visible_requests(actor), state=state, **narrow)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    # The page names each participant on it: one read of each request shown, too.
    log_list_read(
        actor=actor,
        purpose="crisiscard:request_list",
        list_type=ObjectType.CARD_REQUEST_LIST,
        item_type=ObjectType.CARD_REQUEST,
        items=[(str(item.uuid), item.participant) for item in page.object_list],
        part="" if state == sel.IN_PROGRESS and not any(narrow.values()) else f"state={state}",
        role=_staff_role(actor),
        request=request,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "crisiscard/requests/list.html",
        {
            "form": form,
            "page": page,
            "state": state,
            "is_coordinator": bool(acc.coordinator_region_ids(actor)),
            "query": query.urlencode(),
            "stopped": STOPPED,
        },
    )


STEP_LABELS: dict[str, Any] = {
    RequestState.PLAN_DRAFTED: gettext_lazy("Write the plan together"),
    RequestState.AWAITING_SIGNATURES: gettext_lazy("Establish the plan"),
    RequestState.CARD_ISSUED: gettext_lazy("Issue the card"),
    RequestState.EVALUATED: gettext_lazy("Complete the evaluation"),
    RequestState.EVALUATION_DUE: gettext_lazy("Evaluation"),
}


def next_steps(actor: Actor, access: acc.RequestAccess) -> list[dict[str, Any]]:
    """The steps of TRANSITIONS this actor may make now, each with a label and,
    where this area has the page, a link."""
    card_request = access.request
    steps: list[dict[str, Any]] = []
    stop_added = False
    for (from_state, to_state), _who in TRANSITIONS.items():
        if from_state != card_request.state or not can_transition(actor, card_request, to_state):
            continue
        if to_state == RequestState.MATCHED:
            label = (
                _("Change the consultant")
                if card_request.consultant_id
                else _("Choose a consultant")
            )
            steps.append(
                {
                    "label": label,
                    "url": reverse("crisiscard:request_assign", args=[card_request.uuid]),
                }
            )
        elif to_state == RequestState.IN_CONVERSATION:
            steps.append(
                {
                    "label": _("Log the first conversation"),
                    "url": reverse("crisiscard:conversation_add", args=[card_request.uuid]),
                }
            )
        elif to_state == RequestState.PLAN_DRAFTED and from_state in CARD_IN_USE:
            steps.append(
                {
                    "label": _("Start a new version of the plan"),
                    "post_url": reverse("crisiscard:plan_new_draft", args=[card_request.uuid])
                    if access.may_read_plan
                    else "",
                }
            )
        elif to_state in STOPPED:
            if not stop_added:
                stop_added = True
                steps.append(
                    {
                        "label": _("Withdraw or close"),
                        "url": reverse("crisiscard:request_stop", args=[card_request.uuid]),
                        "danger": True,
                    }
                )
        else:
            steps.append(
                {
                    "label": STEP_LABELS.get(to_state, RequestState(to_state).label),
                    "url": _plan_url(card_request.uuid) if access.may_read_plan else "",
                }
            )
    return steps


def _plan_url(request_uuid: uuid.UUID) -> str:
    # The plan pages are another area's; tolerate their absence.
    try:
        return reverse("crisiscard:plan_edit", kwargs={"request_uuid": request_uuid})
    except NoReverseMatch:
        return ""


@login_required
def request_detail(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_as_staff(actor, request_uuid, purpose="crisiscard:request_detail")
    card_request = access.request
    context = {
        "card_request": card_request,
        "access": access,
        "timeline": sel.timeline(card_request),
        "conversations": sel.conversations(card_request),
        "steps": next_steps(actor, access),
        "is_open": card_request.state not in STOPPED,
        "can_log": access.is_consultant and card_request.state not in STOPPED,
        "open_evaluation": (
            open_evaluation_for_request(card_request.pk) if access.is_consultant else None
        ),
    }
    acc.log_read(actor, access, purpose="crisiscard:request_detail", request=request)
    return render(request, "crisiscard/requests/detail.html", context)


# --- Coordinator: assignment and weight ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_assign(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:request_assign"
    access = acc.access_request_for_coordination(actor, request_uuid, purpose=purpose)
    card_request = access.request
    assignable = can_transition(actor, card_request, RequestState.MATCHED)
    choices = matching_selectors.assign_choices(card_request) if assignable else []
    form = AssignForm(request.POST or None, options=[(c.person, c.reason) for c in choices])
    if request.method == "POST" and assignable and form.is_valid():
        consultant = form.chosen()
        with refusals_to(form, field="consultant"):
            request_services.request_assign(
                actor=actor, request=card_request, consultant=consultant
            )
            messages.success(
                request, _("%(name)s is now the consultant.") % {"name": consultant.full_name}
            )
            return _to_detail(card_request.uuid)
    acc.log_read(actor, access, purpose=purpose, request=request)
    return render(
        request,
        "crisiscard/requests/assign.html",
        {
            "card_request": card_request,
            "form": form,
            "assignable": assignable,
            "choices": [(choice, _languages(choice.candidate)) for choice in choices],
            "eligible_count": sum(1 for choice in choices if not choice.reason),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_weight(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:request_weight"
    access = acc.access_request_for_coordination(actor, request_uuid, purpose=purpose)
    card_request = access.request
    form = WeightForm(request.POST or None, initial={"weight": card_request.weight})
    if request.method == "POST" and form.is_valid():
        with refusals_to(form, field="weight"):
            request_services.request_set_weight(
                actor=actor, request=card_request, weight=form.cleaned_data["weight"]
            )
            messages.success(request, _("The situation's weight is saved."))
            return _to_detail(card_request.uuid)
    acc.log_read(actor, access, purpose=purpose, request=request)
    return render(
        request, "crisiscard/requests/weight.html", {"card_request": card_request, "form": form}
    )


# --- Withdrawing and closing -----------------------------------------------


def _after_stop(access: acc.RequestAccess) -> HttpResponse:
    if access.is_consultant or access.is_coordinator:
        return _to_detail(access.request.uuid)
    try:
        return redirect(reverse("crisiscard:portal_home"))
    except NoReverseMatch:
        return redirect("core:home")


@login_required
@require_http_methods(["GET", "POST"])
def request_stop(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:request_stop"
    access = acc.access_request(actor, request_uuid, purpose=purpose)
    card_request = access.request
    states = request_services.stop_states_for(actor, card_request)
    if not states:
        raise Http404
    for_participant = access.is_participant and not (access.is_consultant or access.is_coordinator)
    form = StopForm(
        request.POST or None,
        states=states,
        for_participant=for_participant,
        has_card=sel_cards.has_issued_card(card_request),
    )
    confirming = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "yes":
            with refusals_to(form):
                request_services.request_stop(
                    actor=actor,
                    request=card_request,
                    to_state=data["to_state"],
                    reason=data["reason"],
                    note=data["note"],
                    keeps_card=bool(data.get("keeps_card")),
                )
                messages.success(
                    request,
                    _("Your application has stopped.")
                    if for_participant
                    else _("The request has stopped."),
                )
                return _after_stop(access)
        else:
            confirming = True
    acc.log_read(actor, access, purpose=purpose, request=request)
    return render(
        request,
        "crisiscard/requests/stop.html",
        {
            "card_request": card_request,
            "form": form,
            "confirming": confirming,
            "for_participant": for_participant,
            "chosen": (
                {
                    "to_state": dict(form.fields["to_state"].choices)[  # type: ignore[attr-defined]  # a ChoiceField
                        form.cleaned_data["to_state"]
                    ],
                    "reason": StopReason(form.cleaned_data["reason"]).label,
                }
                if confirming
                else None
            ),
            "back_url": (
                reverse("crisiscard:request_detail", args=[card_request.uuid])
                if not for_participant
                else reverse("core:home")
            ),
        },
    )


urlpatterns: list[URLPattern] = [
    path("aanvragen/", apply, name="apply"),
    path("aanvragen/verstuurd/", apply_done, name="apply_done"),
    path("aanvragen/telefonisch/", request_register, name="request_register"),
    path("aanvragen/lijst/", request_list, name="request_list"),
    path("aanvragen/<uuid:request_uuid>/", request_detail, name="request_detail"),
    path("aanvragen/<uuid:request_uuid>/toewijzen/", request_assign, name="request_assign"),
    path("aanvragen/<uuid:request_uuid>/zwaarte/", request_weight, name="request_weight"),
    path("aanvragen/<uuid:request_uuid>/stoppen/", request_stop, name="request_stop"),
]

"""Crisis-card views: the participant's portal, and the consultant's yearly evaluation.

Each view: parse → access (regie.crisiscard.access) → service → render/redirect.
Links to pages of other areas are resolved softly (`_link`), so the portal works
while those pages are still being built.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action, Outcome
from regie.audit.selectors import cursor, log_page, people_by_uuid
from regie.audit.services import record
from regie.core.errors import refusals_to
from regie.core.policy import Actor, actor_for
from regie.core.stale import stale_status
from regie.people.models import Role

from .. import access as acc
from .. import reliability
from ..forms.portal import EvaluationForm, ProposalForm, QuestionForm
from ..models import (
    CardRequest,
    CardStatus,
    Evaluation,
    EvaluationTheme,
    FindingKind,
    RequestState,
    RespectedBy,
    ResponderType,
)
from ..selectors import requests as sel
from ..services import portal as portal_services
from ..services.evaluations import EVALUATION, record_evaluation
from ..services.transitions import CARD_IN_USE, STOPPED

PAGE_SIZE = 50
S = RequestState

STATE_TEXT: dict[str, Any] = {
    S.APPLIED: gettext_lazy(
        "We have received your application. A coordinator is looking for a consultant "
        "who fits you. The consultant will then call or e-mail you."
    ),
    S.MATCHED: gettext_lazy(
        "You have a consultant now. Your consultant will contact you to make a first appointment."
    ),
    S.IN_CONVERSATION: gettext_lazy(
        "You are talking with your consultant about your crisis plan. You decide what goes in it."
    ),
    S.PLAN_DRAFTED: gettext_lazy(
        "Your crisis plan is being written, in your own words. Read it. "
        "When everything is right, you make it final yourself."
    ),
    S.AWAITING_SIGNATURES: gettext_lazy(
        "You have made your plan final. The people and organisations in your plan are now "
        "signing the agreements that concern them. You do not have to do anything."
    ),
    S.CARD_ISSUED: gettext_lazy(
        "Your crisis card is ready. Keep it with you, for example in your wallet."
    ),
    S.EVALUATION_DUE: gettext_lazy(
        "Your card is one year old. Your consultant will look at it with you: "
        "is everything on it still right?"
    ),
    S.EVALUATED: gettext_lazy(
        "Your card has been checked and is up to date. The next check is in a year."
    ),
    S.WITHDRAWN: gettext_lazy("You stopped this request."),
    S.CLOSED: gettext_lazy("This request has been closed."),
}

# The access log in plain words: what was done; to which data is ObjectType.words.
ACTION_WORDS: dict[str, Any] = {
    Action.READ: gettext_lazy("Looked at"),
    Action.SEARCH: gettext_lazy("Searched for"),
    Action.CREATE: gettext_lazy("Added"),
    Action.CHANGE: gettext_lazy("Changed"),
    Action.DELETE: gettext_lazy("Removed"),
    Action.PRINT: gettext_lazy("Printed"),
    Action.EXPORT: gettext_lazy("Downloaded"),
    Action.EMERGENCY: gettext_lazy("Opened in an emergency"),
}


def _link(name: str, *options: Mapping[str, object]) -> str:
    """The URL of another area's page, or "" while that page does not exist yet."""
    for kwargs in options:
        try:
            return reverse(name, kwargs=dict(kwargs))
        except NoReverseMatch:
            continue
    return ""


def _require_participant(actor: Actor) -> None:
    """The portal is for participants: an active participant role, or requests of their own."""
    if actor.person is None:
        raise Http404
    if not actor.has_role(Role.PARTICIPANT) and not acc.own_requests(actor).exists():
        raise Http404


def _request_rows(
    actor: Actor, requests: list[CardRequest], http_request: HttpRequest
) -> list[dict[str, Any]]:
    """What the portal shows per request, in a fixed number of queries (plus one
    access-log entry per request shown)."""
    facts = sel.portal_facts([r.pk for r in requests])
    plans, versions, cards = facts.plans, facts.versions, facts.cards
    evaluations, open_proposals = facts.evaluations, facts.open_proposals
    rows = []
    for request in requests:
        plan = plans.get(request.pk)
        version = versions.get(plan.pk) if plan else None
        card = cards.get(request.pk)
        ids = {"request_uuid": request.uuid}
        waiting: list[dict[str, str]] = []
        if request.state == S.PLAN_DRAFTED and plan is not None:
            waiting.append(
                {
                    "text": _("Read your plan. When everything is right, make it final."),
                    "url": _link("crisiscard:plan_establish", ids),
                    "link_text": _("Make my plan final"),
                }
            )
        evaluation = evaluations.get(card.pk) if card is not None else None
        if evaluation is not None:
            waiting.append(
                {
                    "text": _(
                        "Your card is due for its yearly check. Your consultant will make an "
                        "appointment with you. Think about it: did you have a crisis? "
                        "Was your card used?"
                    ),
                    "url": "",
                    "link_text": "",
                }
            )
        card_url = ""
        if card is not None and card.status == CardStatus.ISSUED:
            card_url = _link(
                "crisiscard:card_pdf",
                {**ids, "card_uuid": card.uuid},
                {"card_uuid": card.uuid},
                ids,
            )
        rows.append(
            {
                "request": request,
                "state_text": STATE_TEXT.get(request.state, ""),
                "stopped": request.state in STOPPED,
                "waiting": waiting,
                "plan": plan,
                "version": version,
                "plan_url": _link("crisiscard:plan_edit", ids) if plan is not None else "",
                "card": card,
                "card_url": card_url,
                "card_checked_on": reliability.checked_with_holder_on(card) if card else None,
                "card_reliable": card is not None and reliability.is_reliable(card),
                "open_proposals": open_proposals.get(plan.pk, 0) if plan else 0,
                "card_in_use": plan is not None and request.state in CARD_IN_USE,
            }
        )
        relation = acc.relation(actor, request)
        assert relation is not None  # their own request
        acc.log_read(actor, relation, purpose="crisiscard:portal_home", request=http_request)
    return rows


def _request_for_question(actor: Actor) -> CardRequest | None:
    """The participant's newest open request that has a consultant to ask."""
    return (
        acc.own_requests(actor)
        .exclude(state__in=STOPPED)
        .filter(consultant__isnull=False)
        .select_related("participant", "consultant", "region")
        .order_by("-applied_at")
        .first()
    )


def _contact_context(card_request: CardRequest | None, form: QuestionForm) -> dict[str, Any]:
    """The consultant's work phone and e-mail, and the question form, for the portal."""
    return {
        "question_request": card_request,
        "contact": sel.consultant_contact(card_request) if card_request is not None else None,
        "question_form": form,
    }


@login_required
def portal_home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _require_participant(actor)
    requests = list(
        acc.own_requests(actor).select_related("consultant", "region").order_by("-applied_at")
    )
    rows = _request_rows(actor, requests, request)
    return render(
        request,
        "crisiscard/portal/home.html",
        {
            "rows": rows,
            "can_propose": any(r["plan"] and not r["stopped"] for r in rows),
            **_contact_context(_request_for_question(actor), QuestionForm()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def portal_question(request: HttpRequest) -> HttpResponse:
    """The card holder asks their consultant a question (task 7)."""
    actor = actor_for(request)
    _require_participant(actor)
    card_request = _request_for_question(actor)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and card_request is not None and form.is_valid():
        with refusals_to(form):
            question = portal_services.question_ask(
                actor=actor, request=card_request, text=form.cleaned_data["text"]
            )
            messages.success(
                request,
                _("Your question has been sent. Your consultant will answer by %(date)s.")
                % {"date": question.follow_up_on.strftime("%d-%m-%Y")},  # type: ignore[union-attr]  # a question always gets a follow-up date
            )
            return redirect("crisiscard:portal_home")
    if card_request is not None:
        relation = acc.relation(actor, card_request)
        assert relation is not None  # their own request
        acc.log_read(actor, relation, purpose="crisiscard:portal_question", request=request)
    return render(request, "crisiscard/portal/question.html", _contact_context(card_request, form))


def _who(event: AccessEvent, people: dict) -> str:
    person = people.get(event.actor_person_uuid) if event.actor_person_uuid else None
    if person is not None:
        return person.full_name
    if event.actor_organisation and event.actor_user_id is None:
        # A party reading through its link, or a responder who said who they are.
        return event.actor_organisation
    if event.emergency or event.action == Action.EMERGENCY:
        return _("Someone who scanned your card")
    if event.actor_role == "system":
        return _("Regie (automatic)")
    return _("Unknown")


def _role_label(value: str) -> str:
    if value in Role.values:
        return str(Role(value).label)
    if value == "system":
        return _("Automatic")
    if value == "emergency":
        return _("Emergency responder")
    if value == "party":
        return _("Person or organisation in your plan")
    if value in ResponderType.values:
        return str(ResponderType(value).label)
    return "–"


@login_required
def portal_access_log(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _require_participant(actor)
    person = actor.person
    assert person is not None
    before, after = cursor(request.GET.get("before")), cursor(request.GET.get("after"))
    page = log_page(sel.access_events_about(person), before=before, after=after, size=PAGE_SIZE)
    page_events = page.events
    people = people_by_uuid(page_events)
    rows = [
        {
            "event": event,
            "who": _who(event, people),
            "role": _role_label(event.actor_role),
            "what": _("%(action)s: %(object)s")
            % {
                "action": ACTION_WORDS.get(event.action, event.get_action_display()),
                "object": ObjectType.words(event.object_type),
            },
            "emergency": event.emergency or event.action == Action.EMERGENCY,
            "refused": event.outcome == Outcome.DENIED,
        }
        for event in page_events
    ]
    # Reading your own access log is itself an access, recorded like any other.
    record(
        actor=actor,
        action=Action.READ,
        purpose="crisiscard:portal_access_log",
        object_type=ObjectType.OWN_ACCESS_LOG,
        subject=person,
        part=page.cursor_label(before, after),
        role=Role.PARTICIPANT,
        request=request,
    )
    return render(request, "crisiscard/portal/access_log.html", {"page": page, "rows": rows})


def _request_for_proposal(actor: Actor) -> CardRequest | None:
    """The participant's newest open request that has a plan."""
    return (
        acc.own_requests(actor)
        .exclude(state__in=STOPPED)
        .filter(plan__isnull=False)
        .select_related("participant", "consultant")
        .order_by("-applied_at")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def portal_propose(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _require_participant(actor)
    card_request = _request_for_proposal(actor)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and card_request is not None and form.is_valid():
        with refusals_to(form):
            portal_services.portal_propose(
                actor=actor,
                request=card_request,
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
            )
            messages.success(
                request,
                _(
                    "Thank you. Your consultant has your proposal and will talk it through with you."
                ),
            )
            return redirect("crisiscard:portal_home")
    return render(
        request,
        "crisiscard/portal/propose.html",
        {"form": form, "card_request": card_request},
    )


def _access_evaluation(
    actor: Actor, request_uuid: uuid.UUID, evaluation_id: int, *, purpose: str
) -> tuple[acc.RequestAccess, Evaluation]:
    """The assigned consultant, and an evaluation of a card of this request; else 404."""
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    evaluation = sel.evaluation_of_request(access.request, evaluation_id)
    if evaluation is None:
        acc.refuse(actor, access.request, purpose)
    assert evaluation is not None
    return access, evaluation


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_edit(
    request: HttpRequest, request_uuid: uuid.UUID, evaluation_id: int
) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:evaluation_edit"
    access, evaluation = _access_evaluation(actor, request_uuid, evaluation_id, purpose=purpose)
    done = evaluation.completed_at is not None
    themes = list(evaluation.findings.filter(kind=FindingKind.THEME).values_list("code", flat=True))
    # A save on a recorded evaluation is bound too: it is refused as stale,
    # showing the typed text next to what was recorded.
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        seen=EVALUATION.fingerprint(evaluation),
        initial={
            "crisis_happened": _yes_no(evaluation.crisis_happened),
            "card_used": _yes_no(evaluation.card_used),
            "used_by": evaluation.used_by,
            "respected_by": evaluation.respected_by,
            "themes": themes,
            "what_should_change": evaluation.what_should_change,
            "outcome": evaluation.outcome,
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            record_evaluation(
                actor=actor,
                evaluation=evaluation,
                crisis_happened=data["crisis_happened"],
                card_used=data["card_used"],
                used_by=data["used_by"],
                respected_by=data["respected_by"],
                what_should_change=data["what_should_change"],
                outcome=data["outcome"],
                themes=data["themes"],
                seen=data["seen"],
            )
            messages.success(request, _("The evaluation is recorded."))
            back = _link("crisiscard:request_detail", {"request_uuid": access.request.uuid})
            return redirect(back or "core:home")
    acc.log_read(actor, access, purpose=purpose, part="evaluation", request=request)
    return render(
        request,
        "crisiscard/evaluations/edit.html",
        {
            "form": form,
            "card_request": access.request,
            "evaluation": evaluation,
            "done": done,
            "used_by": [str(RespectedBy(v).label) for v in evaluation.used_by],
            "respected_by": [str(RespectedBy(v).label) for v in evaluation.respected_by],
            "themes": [
                str(EvaluationTheme(v).label) for v in themes if v in EvaluationTheme.values
            ],
            "back_url": _link("crisiscard:request_detail", {"request_uuid": access.request.uuid}),
        },
        status=stale_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("mijn/", portal_home, name="portal_home"),
    path("mijn/inzage/", portal_access_log, name="portal_access_log"),
    path("mijn/voorstel/", portal_propose, name="portal_propose"),
    path("mijn/vraag/", portal_question, name="portal_question"),
    path(
        "aanvragen/<uuid:request_uuid>/evaluatie/<int:evaluation_id>/",
        evaluation_edit,
        name="evaluation_edit",
    ),
]

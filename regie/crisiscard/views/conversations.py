"""Crisis-card views: the consultant records a conversation and marks its follow-up done."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.policy import actor_for

from .. import access as acc
from ..forms.requests import (
    ConversationForm,
)
from ..selectors import requests as sel
from ..services import conversations as conversation_services


def _to_detail(request_uuid: uuid.UUID) -> HttpResponse:
    return redirect("crisiscard:request_detail", request_uuid=request_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_add(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:conversation_add"
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    card_request = access.request
    people = [card_request.participant]
    if actor.person is not None:
        people.append(actor.person)
    party_people = sel.party_people(card_request)
    seen = {p.pk for p in people}
    for party in party_people:
        if party.person is not None and party.person.pk not in seen:
            seen.add(party.person.pk)
            people.append(party.person)
    parties = sel.parties_by_name(card_request)
    may_mediate = conversation_services.may_mediate(actor.person)
    form = ConversationForm(
        request.POST or None, people=people, parties=parties, may_mediate=may_mediate
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            conversation_services.conversation_log(
                actor=actor,
                request=card_request,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                duration_minutes=data["duration_minutes"],
                participants=form.chosen_people(),
                others_present=data["others_present"],
                notes=data["notes"],
                follow_up_on=data["follow_up_on"],
                parties_present=form.chosen_parties(),
                outcome=data.get("outcome") or "",
            )
            messages.success(request, _("The conversation is saved."))
            return _to_detail(card_request.uuid)
    acc.log_read(actor, access, purpose=purpose, request=request)
    return render(
        request,
        "crisiscard/requests/conversation_add.html",
        {"card_request": card_request, "form": form, "may_mediate": may_mediate},
    )


@login_required
@require_POST
def conversation_followed_up(
    request: HttpRequest, request_uuid: uuid.UUID, conversation_id: int
) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(
        actor, request_uuid, purpose="crisiscard:conversation_followed_up"
    )
    conversation = sel.conversation_of(access.request, conversation_id)
    with refusals_to_messages(request):
        conversation_services.conversation_mark_followed_up(
            actor=actor, request=access.request, conversation=conversation
        )
        messages.success(request, _("Marked as followed up."))
    return _to_detail(access.request.uuid)


urlpatterns: list[URLPattern] = [
    path(
        "aanvragen/<uuid:request_uuid>/gesprekken/nieuw/",
        conversation_add,
        name="conversation_add",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/gesprekken/<int:conversation_id>/opgevolgd/",
        conversation_followed_up,
        name="conversation_followed_up",
    ),
]

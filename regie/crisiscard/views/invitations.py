"""Crisis-card views: the consultant invites the participant to "My crisis card"
(by e-mail, a printed letter, or the licence holder's print queue)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regie.core.errors import refusals_to_messages
from regie.core.policy import actor_for

from .. import access as acc
from ..services import invitations as invitation_services


@login_required
@require_POST
def participant_invite(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The consultant mails the participant Regie's invitation (a link to choose a password)."""
    actor = actor_for(request)
    access = acc.access_request_for_work(
        actor, request_uuid, purpose="crisiscard:participant_invite"
    )
    with refusals_to_messages(request):
        invitation_services.participant_invite(actor=actor, request=access.request)
        messages.success(
            request,
            _("%(name)s gets an e-mail to choose a password for “My crisis card”.")
            % {"name": access.request.participant.first_name},
        )
    return redirect("crisiscard:request_detail", request_uuid=access.request.uuid)


@login_required
@require_POST
def participant_letter(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The consultant prints the invitation letter with a fresh code (a PDF download)."""
    actor = actor_for(request)
    access = acc.access_request_for_work(
        actor, request_uuid, purpose="crisiscard:participant_letter"
    )
    with refusals_to_messages(request):
        data, _issued = invitation_services.participant_invite_letter(
            actor=actor, request=access.request
        )
        response = HttpResponse(data, content_type="application/pdf")
        filename = invitation_services.letter_filename(access.request)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return redirect("crisiscard:request_detail", request_uuid=access.request.uuid)


@login_required
@require_POST
def participant_letter_queue(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The consultant leaves the invitation letter to the licence holder's print run."""
    actor = actor_for(request)
    access = acc.access_request_for_work(
        actor, request_uuid, purpose="crisiscard:participant_letter_queue"
    )
    with refusals_to_messages(request):
        invitation_services.participant_letter_to_queue(actor=actor, request=access.request)
        messages.success(
            request,
            _("The invitation letter for %(name)s is in the print queue.")
            % {"name": access.request.participant.first_name},
        )
    return redirect("crisiscard:request_detail", request_uuid=access.request.uuid)


urlpatterns: list[URLPattern] = [
    path(
        "aanvragen/<uuid:request_uuid>/uitnodigen/", participant_invite, name="participant_invite"
    ),
    path(
        "aanvragen/<uuid:request_uuid>/uitnodigen/brief/",
        participant_letter,
        name="participant_letter",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/uitnodigen/printwachtrij/",
        participant_letter_queue,
        name="participant_letter_queue",
    ),
]

"""The case director invites the client to Regie: by mail, or with a printed letter."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regie.core.errors import refusals_to_messages
from regie.core.policy import actor_for

from .. import access as acc
from ..services import invite as invite_services


@login_required
@require_POST
def client_invite(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_direction(actor, case_uuid, purpose="recovery:client_invite")
    with refusals_to_messages(request):
        invite_services.client_invite(actor=actor, case=access.case)
        messages.success(
            request,
            _("%(name)s gets an e-mail to choose a password.")
            % {"name": access.case.client.first_name},
        )
    return redirect("recovery:case_detail", case_uuid=access.case.uuid)


@login_required
@require_POST
def client_letter(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_case_for_direction(actor, case_uuid, purpose="recovery:client_letter")
    with refusals_to_messages(request):
        data, _issued = invite_services.client_invite_letter(actor=actor, case=access.case)
        response = HttpResponse(data, content_type="application/pdf")
        name = f"uitnodiging-{timezone.localdate():%Y%m%d}-{str(access.case.uuid)[:8]}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return redirect("recovery:case_detail", case_uuid=access.case.uuid)


urlpatterns: list[URLPattern] = [
    path("cases/<uuid:case_uuid>/invite/", client_invite, name="client_invite"),
    path("cases/<uuid:case_uuid>/invite/letter/", client_letter, name="client_letter"),
]

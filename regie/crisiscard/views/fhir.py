"""The FHIR export of an established plan version: the holder's full download from the
plan's versions page, and a party's download of what the holder shares with it,
behind the party's read link (docs/api.md, "FHIR export").

Each view: parse → access → export and log (services.fhir_export, shared with
the API's routes) → download.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from regie.core.policy import actor_for
from regie.core.ratelimit import hit_over_limit

from ..services import fhir_export, shared_reading
from .sharing import READ_RATE_PER_MINUTE


@login_required
@require_GET
def plan_fhir(request: HttpRequest, request_uuid: uuid.UUID, number: int) -> HttpResponse:
    """The holder only: the consultant, the coordinator and everyone else get 404."""
    export = fhir_export.holder_export(
        actor_for(request), request_uuid, number, purpose="crisiscard:plan_fhir", request=request
    )
    return fhir_export.download(export, pretty=True)


@require_GET
def party_read_fhir(request: HttpRequest, token: str) -> HttpResponse:
    """A party's read link: only the sections the holder shares with it, the newest version."""
    if hit_over_limit(
        request, scope="crisiscard:party_read", limit=READ_RATE_PER_MINUTE, window=60
    ):
        return render(request, "crisiscard/sharing/read_limited.html", status=429)
    try:
        grant = shared_reading.resolve_read_link(token)
    except shared_reading.ReadLinkGone:
        return render(request, "crisiscard/sharing/read_gone.html", status=410)
    if grant is None:
        return render(request, "crisiscard/sharing/read_gone.html", {"unknown": True}, status=404)
    export = fhir_export.party_export(grant, purpose="crisiscard:party_read_fhir", request=request)
    return fhir_export.download(export, pretty=True)


urlpatterns: list[URLPattern] = [
    path(
        "aanvragen/<uuid:request_uuid>/plan/versies/<int:number>.fhir.json",
        plan_fhir,
        name="plan_fhir",
    ),
    path("inzage/<str:token>/fhir/", party_read_fhir, name="party_read_fhir"),
]

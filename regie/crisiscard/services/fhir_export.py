"""The FHIR export of an established plan version, for its two doors each (a
page and an API route): the holder's full download and a party's download of
what the holder shares with it.

Each export: find the version → build the bundle (regie.crisiscard.fhir reads
only) → write the holder's access log → hand back the data and a file name.
The caller has already decided access (the holder through
`access.access_own_request`, a party through its read link) and answers with
`download`. A version that is not there is a 404, as a missing request is.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from regie.audit.events import log_plan_version
from regie.audit.models import Action
from regie.core.policy import Actor

from .. import access as acc
from .. import fhir
from ..models import SharingGrant
from ..selectors import cards as sel
from . import shared_reading

type Export = tuple[dict[str, Any], str]


def holder_export(
    actor: Actor, request_uuid: uuid.UUID, number: int, *, purpose: str, request: HttpRequest
) -> Export:
    """Version `number` of the holder's own plan, whole, logged as an EXPORT by the
    holder. Anyone but the holder gets 404 (the consultant and the coordinator too)."""
    access = acc.access_own_request(actor, request_uuid, purpose=purpose)
    version = sel.version_by_number(access.request, number)
    if version is None:
        raise Http404
    data = fhir.export_bundle(version)
    log_plan_version(
        version,
        actor=actor,
        action=Action.EXPORT,
        purpose=purpose,
        part="fhir",
        role=access.log_role,
        request=request,
    )
    return data, fhir.filename(version)


def party_export(grant: SharingGrant, *, purpose: str, request: HttpRequest) -> Export:
    """The newest established version, only the sections the holder ticked for this
    party, logged in the holder's log with the party as who."""
    version = shared_reading.latest_version(grant.request)
    if version is None:
        raise Http404
    data = fhir.export_bundle(version, sections=list(grant.sections), grant=grant)
    shared_reading.log_party_export(grant, version, request, purpose=purpose)
    return data, fhir.filename(version)


def download(export: Export, *, pretty: bool) -> HttpResponse:
    """The bundle as a JSON attachment that no cache or search engine keeps
    (indented for people on the page; compact through the API)."""
    data, filename = export
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1 if pretty else None),
        content_type=f"{fhir.CONTENT_TYPE}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

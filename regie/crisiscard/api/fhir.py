"""The FHIR export through /api/v1/: the holder's download of an established
version, and a party's download of what the holder shares with it.

The holder's route follows the page (`crisiscard:plan_fhir`): the holder only,
the same access function and log writer. A party has no login: it sends its
read-link token as a bearer token (`ReadLinkAuth`), and the link's rules are
the read page's: the same rate limit (shared with the page, per address), 410
once withdrawn, replaced or expired, 401 for an unknown token; it gets only
the sections the holder ticked for it, of the newest version.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.security import HttpBearer

from regie.api.auth import RateLimited
from regie.api.schemas import READ_ERRORS, ApiError
from regie.core.errors import Gone
from regie.core.policy import actor_for
from regie.core.ratelimit import hit_over_limit

from .. import fhir
from ..models import SharingGrant
from ..services import fhir_export, shared_reading
from ..views.sharing import READ_RATE_PER_MINUTE

router = Router()
MAX_NUMBER = 2**31 - 1

_BUNDLE = {
    "200": {
        "description": "A FHIR R4 Bundle (type collection)",
        "content": {fhir.CONTENT_TYPE: {"schema": {"type": "object"}}},
    }
}


class ReadLinkAuth(HttpBearer):
    """A party's read link: `Authorization: Bearer <the token of its read link>`.

    Counted against the read page's limit for the address first (429), then
    resolved as the page resolves it: unknown is 401, a link that was
    withdrawn, replaced or has expired is 410."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> SharingGrant | None:
        if hit_over_limit(
            request, scope="crisiscard:party_read", limit=READ_RATE_PER_MINUTE, window=60
        ):
            raise RateLimited
        try:
            return shared_reading.resolve_read_link(token)
        except shared_reading.ReadLinkGone:
            raise Gone(
                _("This read link no longer works. Ask the card holder for a new one.")
            ) from None


@router.get(
    "/card-requests/{request_uuid}/plan/versions/{number}/fhir",
    response=READ_ERRORS,
    url_name="plan_fhir",
    summary="An established version of your plan as a FHIR R4 Bundle (the holder only)",
    openapi_extra={"responses": _BUNDLE},
)
def plan_fhir(
    request: HttpRequest, request_uuid: uuid.UUID, number: int = Path(..., ge=1, le=MAX_NUMBER)
) -> HttpResponse:
    export = fhir_export.holder_export(
        actor_for(request), request_uuid, number, purpose="api:plan_fhir", request=request
    )
    return fhir_export.download(export, pretty=False)


@router.get(
    "/shared-plan/fhir",
    auth=[ReadLinkAuth()],
    response=READ_ERRORS | {410: ApiError},
    url_name="party_plan_fhir",
    summary="For a party, with its read link as bearer token: what the holder shares with it",
    description=(
        "The newest established version, only the sections the holder ticked for this"
        " party. 401 for an unknown token, 410 once the link was withdrawn, replaced"
        " or expired, 429 beyond the read page's limit."
    ),
    openapi_extra={"responses": _BUNDLE},
)
def party_plan_fhir(request: HttpRequest) -> HttpResponse:
    grant: SharingGrant = request.auth  # type: ignore[attr-defined]  # set by ReadLinkAuth
    export = fhir_export.party_export(grant, purpose="api:party_plan_fhir", request=request)
    return fhir_export.download(export, pretty=False)

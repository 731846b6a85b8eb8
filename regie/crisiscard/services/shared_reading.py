"""Reading what the participant shares: a party opens its read link, and a
responder who identified themselves on the emergency route opens what the
holder released for their responder type (`responder_open`). Every opening
writes the holder's access log. See docs/decisions/0022-sharing-consent.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType, log_plan_version
from regie.audit.models import Action, Outcome
from regie.audit.services import record

from .. import schema
from ..models import (
    Card,
    CardRequest,
    PlanVersion,
    ResponderType,
    Sharing,
    SharingGrant,
    token_digest,
)
from .errors import CrisisCardError
from .portal import send_after_commit


class ReadLinkGone(Exception):
    """A read link that was withdrawn, replaced by a renewal, or expired (410)."""


def latest_version(request: CardRequest) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__request=request).order_by("-number").first()


def resolve_read_link(token: str) -> SharingGrant | None:
    """The grant behind a read link: None (404), ReadLinkGone (410), or live."""
    grant = (
        SharingGrant.objects.filter(link_digest=token_digest(token), party__isnull=False)
        .select_related("party", "request__participant")
        .first()
    )
    if grant is None:
        return None
    if not grant.link_live():
        raise ReadLinkGone
    return grant


def log_party_read(
    grant: SharingGrant, version: PlanVersion | None, http_request: HttpRequest
) -> None:
    """One READ in the holder's log, with the party as who."""
    assert grant.party is not None
    record(
        actor=None,
        action=Action.READ,
        purpose="crisiscard:party_read",
        object_type=ObjectType.PLAN_VERSION,
        object_id=str(version.pk) if version is not None else "",
        subject=grant.request.participant,
        part=",".join(grant.sections)[:100],
        role="party",
        organisation=grant.party.name,
        request=http_request,
        legal_basis="consent",
    )


def log_party_export(
    grant: SharingGrant,
    version: PlanVersion,
    http_request: HttpRequest,
    *,
    purpose: str = "crisiscard:party_read_fhir",
) -> None:
    """One EXPORT in the holder's log for a party's FHIR download (the page's, or the
    API's with its own purpose), with the party as who and the sections it holds as
    the part."""
    assert grant.party is not None
    log_plan_version(
        version,
        actor=None,
        action=Action.EXPORT,
        purpose=purpose,
        part=",".join(grant.sections)[:100],
        role="party",
        organisation=grant.party.name,
        request=http_request,
        legal_basis="consent",
    )


def released_for(request: CardRequest, responder_type: str) -> list[str]:
    """The sections the holder released for one responder type."""
    grant = SharingGrant.objects.filter(
        request=request, party__isnull=True, responder_type=responder_type
    ).first()
    return list(grant.sections) if grant is not None else []


@transaction.atomic
def responder_open(
    *,
    card: Card,
    name: str,
    organisation: str,
    responder_type: str,
    reason: str,
    http_request: HttpRequest,
) -> tuple[PlanVersion | None, list[str]]:
    """A responder who identified themselves opens what the holder released for their type.

    Who may: anyone holding a live emergency link, after identifying (no login).
    What changes: one EMERGENCY entry in the holder's log per section opened
    (one refused entry when nothing is released), with the responder type as
    role, "name, organisation" as who and the stated reason as basis; the
    holder is mailed after commit when they asked for it. Returns the newest
    established version of the card's request and the sections to show.
    Raises CrisisCardError for a missing name, organisation or reason, or an
    unknown responder type.
    """
    name, organisation, reason = name.strip(), organisation.strip(), reason.strip()
    if not (name and organisation and reason):
        raise CrisisCardError(_("Fill in your name, your organisation and the reason."))
    if responder_type not in ResponderType.values:
        raise CrisisCardError(_("Choose who you are from the list."))
    request = card.request
    version = latest_version(request)
    sections = released_for(request, responder_type) if version is not None else []
    who = f"{name}, {organisation}"
    common = {
        "actor": None,
        "action": Action.EMERGENCY,
        "emergency": True,
        "purpose": "crisiscard:emergency_more",
        "object_type": ObjectType.PLAN_VERSION,
        "object_id": str(version.pk) if version is not None else "",
        "subject": request.participant,
        "role": responder_type,
        "organisation": who,
        "legal_basis": f"emergency: {reason}"[:100],
        "request": http_request,
    }
    if sections:
        for section in sections:
            record(**common, part=section)  # type: ignore[arg-type]  # `common` holds record()'s other arguments
    else:
        record(**common, part="", outcome=Outcome.DENIED)  # type: ignore[arg-type]  # as above
    sharing = Sharing.objects.filter(request=request).first()
    if sharing is not None and sharing.notify_emergency and sections:
        send_after_commit(
            request.participant,
            "crisiscard/sharing/emails/emergency_opened",
            {
                "who": who,
                "responder_type": ResponderType(responder_type).label,
                "sections": [schema.BY_KEY[key].title for key in sections],
                "when": timezone.localtime(),
                "log_url": settings.REGIE_PUBLIC_BASE_URL.rstrip("/")
                + reverse("crisiscard:portal_access_log"),
            },
        )
    return version, sections

"""Parties of a crisis plan: who they are, and which plan sections they may see.

Parties come from the participant's own contacts (the plan draft's contacts
are offered as quick choices) and from the region's social map (the
coordinators' `SocialService` directory: `Party.service`, with name, phone and
e-mail copied into the party so the plan keeps them if the map changes).
Organisations registered in Regie of the request's region, or without a
region, of the kinds below, can still be linked as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from regie.audit.events import log_party
from regie.audit.models import Action
from regie.coordination.social_map.models import ServiceCategory, SocialService
from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.models import Organisation, OrganisationKind, Person, Role
from regie.privacy.restriction import ensure_not_restricted

from .. import schema
from ..access import relation
from ..models import CardRequest, Party, PartyKind
from .errors import CrisisCardError
from .transitions import STOPPED

SOCIAL_MAP_KINDS = (
    OrganisationKind.CARE_PROVIDER,
    OrganisationKind.GP_PRACTICE,
    OrganisationKind.CRISIS_SERVICE,
    OrganisationKind.POLICE,
    OrganisationKind.MUNICIPALITY,
)

# Which party kind an organisation of the social map most likely is.
KIND_FOR_ORGANISATION = {
    OrganisationKind.CARE_PROVIDER: PartyKind.CARE_PROVIDER,
    OrganisationKind.GP_PRACTICE: PartyKind.GP,
    OrganisationKind.CRISIS_SERVICE: PartyKind.CRISIS_SERVICE,
    OrganisationKind.POLICE: PartyKind.POLICE,
    OrganisationKind.MUNICIPALITY: PartyKind.OTHER,
}

# Which party kind a service of the social map most likely is.
KIND_FOR_CATEGORY: dict[str, PartyKind] = {
    ServiceCategory.CRISIS: PartyKind.CRISIS_SERVICE,
    ServiceCategory.MENTAL_HEALTH: PartyKind.CARE_PROVIDER,
    ServiceCategory.ADDICTION: PartyKind.CARE_PROVIDER,
    ServiceCategory.GP: PartyKind.GP,
    ServiceCategory.POLICE: PartyKind.POLICE,
    ServiceCategory.HOSPITAL: PartyKind.HOSPITAL,
}

KEEP = object()  # party_update: leave the linked person (or service) as it is
# What the party form shows; a save based on other details is stale.
PARTY = StaleGuard(("kind", "name", "email", "phone", "organisation_id", "service_id", "person_id"))

# The agreements are shown to each party on their own; sharing the whole
# section would show other parties' agreements.
SHAREABLE_SECTIONS = tuple(key for key in schema.SECTION_KEYS if key != "agreements")


def social_map_organisations(request: CardRequest) -> QuerySet[Organisation]:
    """Organisations a party may come from: the request's region or none, of SOCIAL_MAP_KINDS."""
    return Organisation.objects.filter(
        Q(region_id=request.region_id) | Q(region__isnull=True), kind__in=SOCIAL_MAP_KINDS
    ).order_by("name")


def find_social_service(
    request: CardRequest, service_uuid: uuid.UUID | str | None, *, active_only: bool = True
) -> SocialService | None:
    """A service on the social map of the request's region, by uuid; None if there is none."""
    if not service_uuid or request.region_id is None:
        return None
    services = SocialService.objects.filter(region_id=request.region_id)
    if active_only:
        services = services.filter(active=True)
    try:
        return services.select_related("municipality").filter(uuid=service_uuid).first()
    except (ValueError, ValidationError):
        return None


def from_social_service(service: SocialService) -> dict[str, Any]:
    """What a new party copies from a service of the social map."""
    return {
        "service": str(service.uuid),
        "name": service.name,
        "email": service.email,
        "phone": service.phone,
        "kind": KIND_FOR_CATEGORY.get(service.category, PartyKind.OTHER),
    }


def contact_choices(request: CardRequest) -> list[dict[str, Any]]:
    """The plan draft's contacts, as quick choices for a new party (name, relationship, phone)."""
    plan = getattr(request, "plan", None)
    if plan is None:
        return []
    content = schema.normalise(plan.draft)
    return [c for c in content["contacts"] if c["name"] and not c["do_not_inform"]]


def party_for(request: CardRequest, party_uuid: uuid.UUID) -> Party:
    """The request's party with this uuid; Http404 when it is not this request's."""
    party = (
        Party.objects.filter(request=request, uuid=party_uuid)
        .select_related("organisation", "service")
        .first()
    )
    if party is None:
        raise Http404
    return party


def _require_consultant(actor: Actor, request: CardRequest) -> None:
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the participant's consultant can change the parties."))
    if request.state in STOPPED:
        raise CrisisCardError(_("This request has stopped; its parties can no longer change."))


def _clean(
    request: CardRequest,
    *,
    kind: str,
    name: str,
    email: str,
    phone: str,
    organisation: Organisation | None,
    person: Person | None,
    service: SocialService | None = None,
    current_service_id: int | None = None,
) -> dict[str, Any]:
    if service is not None and (
        service.region_id != request.region_id
        or (not service.active and service.pk != current_service_id)
    ):
        raise CrisisCardError(_("Choose a service from the region's social map."))
    name = (name or "").strip() or (service.name if service is not None else "")
    if not name:
        raise CrisisCardError(_("Give the party's name."))
    if kind not in PartyKind.values:
        raise CrisisCardError(_("Choose what kind of party this is."))
    if (
        organisation is not None
        and not social_map_organisations(request).filter(pk=organisation.pk).exists()
    ):
        raise CrisisCardError(_("Choose an organisation from the region's social map."))
    if person is not None and person.pk == request.participant_id:
        raise CrisisCardError(_("The participant cannot be a party in their own plan."))
    return {
        "kind": kind,
        "name": name[:200],
        "email": (email or "").strip(),
        "phone": (phone or "").strip()[:40],
        "organisation": organisation,
        "person": person,
        "service": service,
    }


def _propose_sections(actor: Actor, party: Party, shared_sections: Iterable[str] | None) -> None:
    """Sections typed on the party form become a proposal: the participant decides."""
    if shared_sections is None:
        return
    from .sharing import shared_with_party, sharing_propose

    sections = list(dict.fromkeys(shared_sections))
    if [key for key in sections if key not in SHAREABLE_SECTIONS]:
        raise CrisisCardError(_("Choose only sections of the plan to share."))
    ordered = [key for key in SHAREABLE_SECTIONS if key in sections]
    if ordered != shared_with_party(party) and (ordered or party.grants.exists()):
        sharing_propose(actor=actor, request=party.request, grid={_key(party): ordered})


def _key(party: Party) -> str:
    return f"party:{party.uuid}"


@transaction.atomic
def party_add(
    *,
    actor: Actor,
    request: CardRequest,
    kind: str,
    name: str,
    email: str,
    phone: str,
    organisation: Organisation | None = None,
    person: Person | None = None,
    shared_sections: Iterable[str] | None = None,
    service: SocialService | None = None,
) -> Party:
    """Add a party to a request's plan.

    Who may: the assigned consultant, with the participant, while the request
    is open. What changes: one new Party and an access-log CREATE; ticked
    `shared_sections` become a sharing proposal to the participant, who decides
    (services/sharing.py). Raises CrisisCardError on a missing name, an unknown
    kind, a shared section that is not in the plan schema, an organisation
    outside the social map, or a service that is not active on the social map
    of the request's region.
    A party from the social map without a name takes the service's name.
    """
    _require_consultant(actor, request)
    ensure_not_restricted(request.participant_id)
    data = _clean(
        request,
        kind=kind,
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        person=person,
        service=service,
    )
    party = Party.objects.create(request=request, **data)
    log_party(
        party,
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:party_add",
        role=Role.CONSULTANT,
    )
    _propose_sections(actor, party, shared_sections)
    return party


@transaction.atomic
def party_update(
    *,
    actor: Actor,
    party: Party,
    kind: str,
    name: str,
    email: str,
    phone: str,
    organisation: Organisation | None = None,
    person: Person | object | None = KEEP,
    shared_sections: Iterable[str] | None = None,
    service: SocialService | object | None = KEEP,
    seen: str,
) -> Party:
    """Change a party's details, and propose the sections shared with them.

    Who may: the assigned consultant. What changes: the party's fields and an
    access-log CHANGE naming the changed fields; `person` and `service` are
    kept unless given (a service that was deactivated since may stay linked).
    `shared_sections` that differ from what the participant shares today become
    a sharing proposal; only the participant decides.
    Signatures already given stay valid: they are bound to the agreements,
    not to these details.
    Raises CrisisCardError as party_add does; StaleSave when someone else
    saved the party after `seen` (PARTY's fingerprint) was taken.
    """
    _require_consultant(actor, party.request)
    ensure_not_restricted(party.request.participant_id)
    PARTY.lock(party, seen=seen)
    data = _clean(
        party.request,
        kind=kind,
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        person=party.person if person is KEEP else person,  # type: ignore[arg-type]  # KEEP is replaced here
        service=party.service if service is KEEP else service,  # type: ignore[arg-type]  # KEEP is replaced here
        current_service_id=party.service_id,
    )
    changed = [field for field, value in data.items() if getattr(party, field) != value]
    for field, value in data.items():
        setattr(party, field, value)
    if changed:
        party.save(update_fields=changed)
        log_party(
            party,
            actor=actor,
            action=Action.CHANGE,
            purpose="crisiscard:party_edit",
            part=",".join(sorted(changed)),
            role=Role.CONSULTANT,
        )
    _propose_sections(actor, party, shared_sections)
    return party


@transaction.atomic
def party_remove(*, actor: Actor, party: Party) -> None:
    """Remove a party that has never been asked to sign.

    Who may: the assigned consultant. Refused (CrisisCardError) when the party
    has any signature (requested, given, declined or scanned: the record
    stays), or when the plan draft still holds agreements with them.
    """
    _require_consultant(actor, party.request)
    ensure_not_restricted(party.request.participant_id)
    if party.signatures.exists():
        raise CrisisCardError(
            _(
                "This party has been asked to sign, so it stays on record. "
                "Remove their agreements from the plan instead."
            )
        )
    plan = getattr(party.request, "plan", None)
    if plan is not None and schema.agreements_for(schema.normalise(plan.draft), str(party.uuid)):
        raise CrisisCardError(
            _("The plan still has agreements with this party. Remove those from the plan first.")
        )
    log_party(
        party,
        actor=actor,
        action=Action.DELETE,
        purpose="crisiscard:party_edit",
        role=Role.CONSULTANT,
    )
    party.delete()

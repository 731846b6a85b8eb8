"""One established plan version as one FHIR R4 Bundle of type collection.

`export_bundle(version)` gives the holder's full export; with `sections` it
gives only what those sections say (a party's export: the same filtering as
the read page), and with `grant` the sharing Consent and the signatures are
that party's own. The result is checked against the fhir.resources R4B models
before it is returned (R4B is R4 for every resource used here; see
docs/decisions/0047-fhir-export.md and docs/api.md, "FHIR export").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.utils import timezone, translation
from fhir.resources.R4B.bundle import Bundle

from .. import schema
from ..models import CardStatus, PlanVersion, Sharing, SharingGrant
from ..pdf import card_pdf
from ..services.signatures import VALID
from . import careplan, codes, consent, people, provenance

CONTENT_TYPE = "application/fhir+json"


def filename(version: PlanVersion) -> str:
    return f"crisisplan-v{version.number}.fhir.json"


class _Entries:
    """The bundle's entries, each with a stable id and its urn:uuid fullUrl."""

    def __init__(self, version: PlanVersion) -> None:
        self.key = f"{version.plan.request.uuid}:{version.number}"
        self.items: list[dict[str, Any]] = []

    def url(self, *kind: object) -> str:
        return codes.full_url(codes.resource_id(self.key, *kind))

    def id(self, *kind: object) -> str:
        return codes.resource_id(self.key, *kind)

    def add(self, resource: dict[str, Any]) -> str:
        url = codes.full_url(resource["id"])
        self.items.append({"fullUrl": url, "resource": resource})
        return url


def export_bundle(
    version: PlanVersion,
    *,
    sections: Iterable[str] | None = None,
    grant: SharingGrant | None = None,
) -> dict[str, Any]:
    """The FHIR Bundle (as a JSON-ready dict) of one established plan version.

    `sections=None` is the holder's full export: every section, every grantee's
    sharing choices, every valid signature and the issued card's PDF. With
    `sections`, only those sections appear (in CarePlan, RelatedPerson, CareTeam
    and the Consents), there is no card PDF and no one else's signature; the
    sharing Consent and the signatures are those of `grant`'s party, or absent
    without a grant. Reads only; the caller checks access and writes the log.
    """
    with translation.override("nl"):
        return _build(version, sections, grant)


def _build(
    version: PlanVersion, sections: Iterable[str] | None, grant: SharingGrant | None
) -> dict[str, Any]:
    request = version.plan.request
    full = sections is None
    shown = (
        set(schema.SECTION_KEYS) if sections is None else set(sections) & set(schema.SECTION_KEYS)
    )
    content = version.content
    entries = _Entries(version)
    patient_url = entries.add(
        people.patient(request.participant, resource_id=entries.id("patient"), full=full)
    )
    parties = {str(p.uuid): p for p in request.parties.all()} if full else {}
    when = _sharing_changed_at(request) or version.established_at

    care_team_url = None
    if "care_providers" in shown:
        care_team_url = entries.add(
            people.care_team(
                content["care_providers"],
                resource_id=entries.id("careteam"),
                patient_url=patient_url,
            )
        )
    careplan_url = entries.url("careplan")
    entries.add(
        careplan.careplan(
            version,
            resource_id=entries.id("careplan"),
            patient_url=patient_url,
            care_team_url=care_team_url,
            sections=shown,
            parties=parties,
        )
    )
    if "contacts" in shown:
        _contacts(entries, content["contacts"], patient_url, version.established_at)
    if "admission" in shown:
        directive = consent.advance_directive_consent(
            content["admission"],
            resource_id=entries.id("consent", "admission"),
            patient_url=patient_url,
            when=version.established_at,
        )
        if directive is not None:
            entries.add(directive)
    grants = _grants(request, grant, full)
    if grants:
        entries.add(
            consent.sharing_consent(
                grants,
                resource_id=entries.id("consent", "sharing"),
                patient_url=patient_url,
                when=when,
                sections=None if full else shown,
            )
        )
    entries.add(
        provenance.established(
            version,
            resource_id=entries.id("provenance", "established"),
            target_url=careplan_url,
            patient_url=patient_url,
        )
    )
    for signature in _signatures(version, grant, full):
        entries.add(
            provenance.signed(
                signature,
                version,
                resource_id=entries.id("provenance", "signature", signature.pk),
                target_url=careplan_url,
            )
        )
    if full:
        card = version.cards.filter(status=CardStatus.ISSUED).order_by("-issued_on", "-pk").first()
        if card is not None:
            entries.add(
                provenance.card_document(
                    card,
                    card_pdf(card),
                    resource_id=entries.id("card", card.uuid),
                    patient_url=patient_url,
                )
            )
    data = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "identifier": codes.uri_identifier(uuid.uuid4()),
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": entries.items,
    }
    Bundle.model_validate(data)
    return data


def _contacts(entries: _Entries, items: list[dict[str, Any]], patient_url: str, when: Any) -> None:
    must_not_know = []
    for index, item in enumerate(items, start=1):
        url = entries.add(
            people.related_person(
                item, resource_id=entries.id("contact", index), patient_url=patient_url
            )
        )
        if item["do_not_inform"]:
            must_not_know.append((url, item["name"]))
    if must_not_know:
        entries.add(
            consent.do_not_inform_consent(
                must_not_know,
                resource_id=entries.id("consent", "do-not-inform"),
                patient_url=patient_url,
                when=when,
            )
        )


def _sharing_changed_at(request: Any) -> Any:
    sharing = Sharing.objects.filter(request=request).first()
    return sharing.changed_at if sharing is not None else None


def _grants(request: Any, grant: SharingGrant | None, full: bool) -> list[SharingGrant]:
    if full:
        return list(SharingGrant.objects.filter(request=request).select_related("party"))
    return [grant] if grant is not None else []


def _signatures(version: PlanVersion, grant: SharingGrant | None, full: bool) -> list[Any]:
    found = version.signatures.filter(status__in=VALID).select_related("party").order_by("pk")
    if full:
        return list(found)
    if grant is None or grant.party_id is None:
        return []
    return list(found.filter(party_id=grant.party_id))

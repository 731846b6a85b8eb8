"""Who established the version and who signed it (Provenance), and the card (DocumentReference).

A Regie signature is a typed name (or a scanned paper copy) bound to the
version's content hash and the hash of that party's agreements, not a
cryptographic signature. Each Provenance therefore carries, as its
`signature.data`, the canonical JSON of exactly that binding (version number,
content hash, agreements hash, typed name, how it was signed), and names the
version by its hash as the entity it is about. The card PDF goes into the
bundle as base64 data, so the export stands on its own without a login.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from django.utils.translation import gettext as _

from ..models import Card, PlanVersion, Signature, SignatureStatus
from . import codes


def _version_entity(version: PlanVersion) -> dict[str, Any]:
    return {
        "role": "source",
        "what": {
            "identifier": {"system": codes.PLAN_HASH_SYSTEM, "value": version.content_hash},
            "display": _("Crisis plan, version %(number)d") % {"number": version.number},
        },
    }


def established(
    version: PlanVersion, *, resource_id: str, target_url: str, patient_url: str
) -> dict[str, Any]:
    """The holder established this version (only the participant establishes)."""
    return {
        "resourceType": "Provenance",
        "id": resource_id,
        "target": [{"reference": target_url}],
        "recorded": version.established_at.isoformat(),
        "agent": [
            {
                "type": codes.concept(codes.PROVENANCE_AGENT, "author", "Author"),
                "who": {"reference": patient_url},
            }
        ],
        "entity": [_version_entity(version)],
    }


def binding(signature: Signature, version: PlanVersion) -> bytes:
    """What a signature is bound to, as canonical JSON."""
    return json.dumps(
        {
            "agreements_sha256": signature.agreements_hash,
            "content_sha256": version.content_hash,
            "method": "scan" if signature.status == SignatureStatus.SCAN else "typed-name",
            "plan_version": version.number,
            "typed_name": signature.typed_name,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def signed(
    signature: Signature, version: PlanVersion, *, resource_id: str, target_url: str
) -> dict[str, Any]:
    party = signature.party
    who = codes.logical_reference("RelatedPerson", codes.uri_identifier(party.uuid), party.name)
    when = (signature.signed_at or signature.requested_at).isoformat()
    return {
        "resourceType": "Provenance",
        "id": resource_id,
        "target": [{"reference": target_url}],
        "recorded": when,
        "agent": [
            {"type": codes.concept(codes.PROVENANCE_AGENT, "attester", "Attester"), "who": who}
        ],
        "entity": [_version_entity(version)],
        "signature": [
            {
                "type": [
                    codes.coding(
                        codes.SIGNATURE_TYPE, "1.2.840.10065.1.12.1.3", "Co-participant's Signature"
                    )
                ],
                "when": when,
                "who": who,
                "targetFormat": "application/json",
                "sigFormat": "application/json",
                "data": base64.b64encode(binding(signature, version)).decode("ascii"),
            }
        ],
    }


def card_document(card: Card, pdf: bytes, *, resource_id: str, patient_url: str) -> dict[str, Any]:
    attachment: dict[str, Any] = {
        "contentType": "application/pdf",
        "language": "nl",
        "data": base64.b64encode(pdf).decode("ascii"),
        "size": len(pdf),
        # FHIR R4 asks for the SHA-1 of the data here, in base64.
        "hash": base64.b64encode(hashlib.sha1(pdf, usedforsecurity=False).digest()).decode(),
        "title": f"{card.number}.pdf",
    }
    if card.issued_on:
        attachment["creation"] = card.issued_on.isoformat()
    return {
        "resourceType": "DocumentReference",
        "id": resource_id,
        "identifier": [{"system": codes.CARD_NUMBER_SYSTEM, "value": card.number}],
        "status": "current",
        "docStatus": "final",
        "type": {"text": _("Crisis card")},
        "subject": {"reference": patient_url},
        "description": _("Crisis card %(number)s") % {"number": card.number},
        "content": [{"attachment": attachment}],
    }

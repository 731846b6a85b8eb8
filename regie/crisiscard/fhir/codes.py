"""The code systems, identifiers and small builders the FHIR export shares.

Regie's own code systems live under one base (`REGIE_FHIR_BASE`). It is a
placeholder canonical URL under `.invalid` until the project has a domain of
its own: a system must be the same string in every installation, so it is not
taken from `REGIE_PUBLIC_BASE_URL` (docs/decisions/0047-fhir-export.md).
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

REGIE_FHIR_BASE = "https://regie.invalid/fhir"
PLAN_FIELD_SYSTEM = f"{REGIE_FHIR_BASE}/CodeSystem/crisis-plan-field"
PLAN_SECTION_SYSTEM = f"{REGIE_FHIR_BASE}/CodeSystem/crisis-plan-section"
RESPONDER_TYPE_SYSTEM = f"{REGIE_FHIR_BASE}/CodeSystem/responder-type"
PLAN_HASH_SYSTEM = f"{REGIE_FHIR_BASE}/NamingSystem/crisis-plan-version-sha256"
CARD_NUMBER_SYSTEM = f"{REGIE_FHIR_BASE}/NamingSystem/crisis-card-number"
DO_NOT_INFORM_EXTENSION = f"{REGIE_FHIR_BASE}/StructureDefinition/do-not-inform"
TRUSTED_PERSON_EXTENSION = f"{REGIE_FHIR_BASE}/StructureDefinition/trusted-person"

URI_SYSTEM = "urn:ietf:rfc:3986"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"

# A fixed namespace: the same plan version gives the same resource ids in every export.
_NAMESPACE = uuid.UUID("6f0e5c1a-3b7d-4d8e-9a51-2c4f7e9b0d13")


def resource_id(*parts: object) -> str:
    """A stable id for one resource of one export, from what identifies it in Regie."""
    return str(uuid.uuid5(_NAMESPACE, ":".join(str(p) for p in parts)))


def full_url(resource_id_: str) -> str:
    return f"urn:uuid:{resource_id_}"


def coding(system: str, code: str, display: Any = "") -> dict[str, Any]:
    result = {"system": system, "code": code}
    if display:
        result["display"] = str(display)
    return result


def concept(system: str, code: str, display: Any = "", *, text: Any = "") -> dict[str, Any]:
    result: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if text:
        result["text"] = str(text)
    return result


def uri_identifier(value: uuid.UUID | str) -> dict[str, str]:
    """An identifier that is a URN of a Regie uuid (a person, a party, a card)."""
    return {"system": URI_SYSTEM, "value": f"urn:uuid:{value}"}


def logical_reference(
    resource_type: str, identifier: dict[str, str], display: str
) -> dict[str, Any]:
    """A reference to someone the bundle holds no resource for (a party, a responder type)."""
    return {"type": resource_type, "identifier": identifier, "display": display}


def text_attachment(text: str, *, title: Any) -> dict[str, Any]:
    data = text.encode()
    return {
        "contentType": "text/plain; charset=utf-8",
        "language": "nl",
        "data": base64.b64encode(data).decode("ascii"),
        "size": len(data),
        "title": str(title),
    }

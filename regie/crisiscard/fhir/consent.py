"""Three kinds of Consent, each from what the holder decided.

- Sharing (`sharing_consent`): who may read which sections of the plan. Scope
  patient-privacy, opt-in; the base provision denies, and one nested permit
  per grantee (a party, or a responder type on the emergency route) names the
  grantee as recipient and the sections as codes. A party's export holds only
  its own permit.
- Who must not be told (`do_not_inform_consent`): a deny on disclosing to the
  contacts the holder marked, each a RelatedPerson in the bundle.
- Admission and compulsory care (`advance_directive_consent`): the holder's
  wishes, as zib AdvanceDirective does it (Consent, scope adr), with their own
  words as the source attachment and the narrative.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from .. import schema
from ..models import ResponderType, SharingGrant
from . import codes


def _base(resource_id: str, patient_url: str, when: datetime.datetime) -> dict[str, Any]:
    return {
        "resourceType": "Consent",
        "id": resource_id,
        "status": "active",
        "patient": {"reference": patient_url},
        "dateTime": when.isoformat(),
    }


def _privacy(resource: dict[str, Any]) -> dict[str, Any]:
    resource["scope"] = codes.concept(codes.CONSENT_SCOPE, "patient-privacy", "Privacy Consent")
    resource["category"] = [codes.concept(codes.LOINC, "59284-0", "Patient Consent")]
    return resource


def _recipient(reference: dict[str, Any]) -> dict[str, Any]:
    return {
        "role": codes.concept(codes.PARTICIPATION_TYPE, "IRCP", "information recipient"),
        "reference": reference,
    }


def section_codes(sections: Iterable[str]) -> list[dict[str, Any]]:
    return [
        codes.concept(codes.PLAN_SECTION_SYSTEM, key, schema.BY_KEY[key].title)
        for key in sections
        if key in schema.BY_KEY
    ]


def _grantee(grant: SharingGrant) -> dict[str, Any]:
    if grant.party is not None:
        return codes.logical_reference(
            "RelatedPerson", codes.uri_identifier(grant.party.uuid), grant.party.name
        )
    identifier = {"system": codes.RESPONDER_TYPE_SYSTEM, "value": grant.responder_type}
    return codes.logical_reference(
        "Organization", identifier, str(ResponderType(grant.responder_type).label)
    )


def sharing_consent(
    grants: list[SharingGrant],
    *,
    resource_id: str,
    patient_url: str,
    when: datetime.datetime,
    sections: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The holder's sharing choices; `sections` limits each permit to those sections."""
    allowed = set(sections) if sections is not None else None
    permits = []
    for grant in grants:
        keys = [k for k in grant.sections if allowed is None or k in allowed]
        if not keys:
            continue
        permits.append(
            {
                "type": "permit",
                "actor": [_recipient(_grantee(grant))],
                "action": [codes.concept(codes.CONSENT_ACTION, "access", "Access")],
                "code": section_codes(keys),
            }
        )
    resource = _privacy(_base(resource_id, patient_url, when))
    resource["policyRule"] = codes.concept(codes.ACT_CODE, "OPTIN", "opt-in")
    resource["provision"] = {"type": "deny"}
    if permits:
        resource["provision"]["provision"] = permits
    return resource


def do_not_inform_consent(
    contact_urls: list[tuple[str, str]],
    *,
    resource_id: str,
    patient_url: str,
    when: datetime.datetime,
) -> dict[str, Any]:
    """Deny disclosure to each (fullUrl, name) of a contact who must not be told."""
    resource = _privacy(_base(resource_id, patient_url, when))
    resource["policyRule"] = codes.concept(codes.ACT_CODE, "OPTOUT", "opt-out")
    resource["provision"] = {
        "type": "deny",
        "actor": [_recipient({"reference": url, "display": name}) for url, name in contact_urls],
        "action": [codes.concept(codes.CONSENT_ACTION, "disclose", "Disclose")],
    }
    return resource


def _narrative(rows: list[tuple[str, str]]) -> dict[str, str]:
    body = "".join(
        f"<p><b>{escape(label)}</b></p><p>{escape(text).replace(chr(10), '<br/>')}</p>"
        for label, text in rows
    )
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def advance_directive_consent(
    admission: dict[str, Any],
    *,
    resource_id: str,
    patient_url: str,
    when: datetime.datetime,
) -> dict[str, Any] | None:
    """The holder's wishes about admission and compulsory care; None when they wrote none."""
    section = schema.BY_KEY["admission"]
    rows = [
        (str(field.label), admission[field.key])
        for field in section.fields
        if admission.get(field.key)
    ]
    if not rows:
        return None
    resource = _base(resource_id, patient_url, when)
    resource["text"] = _narrative(rows)
    resource["scope"] = codes.concept(codes.CONSENT_SCOPE, "adr", "Advanced Care Directive")
    resource["category"] = [codes.concept(codes.LOINC, "75320-2", "Advance directive")]
    resource["policyRule"] = {"text": _("Crisis plan")}
    words = "\n\n".join(f"{label}\n{text}" for label, text in rows)
    resource["sourceAttachment"] = codes.text_attachment(words, title=section.title)
    return resource

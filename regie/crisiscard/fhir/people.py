"""The holder (Patient), their contacts (RelatedPerson) and care providers (CareTeam).

Contacts follow zib ContactPerson (nl-core-ContactPerson → RelatedPerson):
name, relationship as the holder wrote it (text, not coded), phone. Whether
a contact is a trusted person, or must not be told, is an extension on the
RelatedPerson; "must not be told" is also a Consent (see consent.py). Care
providers are the plan's own list (name, role, phone): one contained
Practitioner each, as the plan cannot tell a person from an organisation.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from regie.people.models import Person

from . import codes


def _phone(number: str) -> list[dict[str, str]]:
    return [{"system": "phone", "value": number}] if number else []


def patient(person: Person, *, resource_id: str, full: bool) -> dict[str, Any]:
    """The holder. A party's export names them by first name only, like the read page."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": resource_id,
        "identifier": [codes.uri_identifier(person.uuid)],
    }
    if full:
        resource["name"] = [
            {
                "use": "official",
                "text": str(person),
                "family": person.last_name,
                "given": [person.first_name],
            }
        ]
        if person.date_of_birth:
            resource["birthDate"] = person.date_of_birth.isoformat()
        telecom = _phone(person.phone)
        if person.email:
            telecom.append({"system": "email", "value": person.email})
        if telecom:
            resource["telecom"] = telecom
        language = {"coding": [{"system": "urn:ietf:bcp:47", "code": person.preferred_language}]}
        resource["communication"] = [{"language": language, "preferred": True}]
    else:
        resource["name"] = [{"given": [person.first_name], "text": person.first_name}]
    return resource


def related_person(item: dict[str, Any], *, resource_id: str, patient_url: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "id": resource_id,
        "extension": [
            {"url": codes.TRUSTED_PERSON_EXTENSION, "valueBoolean": bool(item["trusted"])},
            {"url": codes.DO_NOT_INFORM_EXTENSION, "valueBoolean": bool(item["do_not_inform"])},
        ],
        "active": True,
        "patient": {"reference": patient_url},
        "name": [{"text": item["name"]}],
    }
    if item["relationship"]:
        resource["relationship"] = [{"text": item["relationship"]}]
    if item["phone"]:
        resource["telecom"] = _phone(item["phone"])
    return resource


def care_team(items: list[dict[str, Any]], *, resource_id: str, patient_url: str) -> dict[str, Any]:
    contained = []
    participants = []
    for index, item in enumerate(items, start=1):
        local = f"provider-{index}"
        practitioner: dict[str, Any] = {
            "resourceType": "Practitioner",
            "id": local,
            "name": [{"text": item["name"]}],
        }
        if item["phone"]:
            practitioner["telecom"] = _phone(item["phone"])
        contained.append(practitioner)
        participant: dict[str, Any] = {
            "member": {"reference": f"#{local}", "display": item["name"]}
        }
        if item["role"]:
            participant["role"] = [{"text": item["role"]}]
        participants.append(participant)
    resource: dict[str, Any] = {
        "resourceType": "CareTeam",
        "id": resource_id,
        "status": "active",
        "name": _("Care providers, GP and crisis service"),
        "subject": {"reference": patient_url},
    }
    if contained:
        resource["contained"] = contained
        resource["participant"] = participants
    return resource

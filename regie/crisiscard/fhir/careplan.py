"""The plan's own words as one CarePlan: one activity per filled-in field.

Each activity's `detail.code` names the section, the phase (if any) and the
field in Regie's code system; the holder's text is its `description`. What
others should not do, and what harms, are activities with `doNotPerform`. A
phase's fields carry the phase as `scheduledString`. Medication is an activity
of kind MedicationRequest with the medicine as text (not coded: the plan holds
the holder's words). Agreements with parties name the party as performer.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from .. import schema
from ..models import Party, PlanVersion
from . import codes

# The sections the CarePlan shows; contacts, care providers and admission have
# resources of their own (RelatedPerson, CareTeam, Consent).
CAREPLAN_SECTIONS = ("about_me", "phases", "approach", "helps_harms", "practical", "medication")
DO_NOT_PERFORM = {("phases", "others_dont"), ("helps_harms", "harms")}


def _activity(code: str, display: str, text: str, **detail: Any) -> dict[str, Any]:
    return {
        "detail": {
            "code": codes.concept(codes.PLAN_FIELD_SYSTEM, code, display),
            "status": "not-started",
            "description": text,
            **detail,
        }
    }


def _field_activities(section: schema.Section, values: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        _activity(
            f"{section.key}.{field.key}",
            f"{section.title}: {field.label}",
            values[field.key],
            **({"doNotPerform": True} if (section.key, field.key) in DO_NOT_PERFORM else {}),
        )
        for field in section.fields
        if field.kind == "text" and values.get(field.key)
    ]


def _phase_activities(section: schema.Section, content: dict[str, Any]) -> list[dict[str, Any]]:
    activities = []
    for phase, phase_label in section.subsections:
        values = content.get(phase, {})
        for field in section.fields:
            if not values.get(field.key):
                continue
            detail: dict[str, Any] = {"scheduledString": str(phase_label)}
            if (section.key, field.key) in DO_NOT_PERFORM:
                detail["doNotPerform"] = True
            activities.append(
                _activity(
                    f"phases.{phase}.{field.key}",
                    f"{phase_label}: {field.label}",
                    values[field.key],
                    **detail,
                )
            )
    return activities


def _medication_activities(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    activities = []
    for item in items:
        lines = [line for line in (item["dose"], item["what_to_do"]) if line]
        activities.append(
            _activity(
                "medication",
                str(schema.BY_KEY["medication"].title),
                "\n".join(lines) or item["name"],
                kind="MedicationRequest",
                productCodeableConcept={"text": item["name"]},
            )
        )
    return activities


def _agreement_activities(
    items: list[dict[str, Any]], parties: dict[str, Party]
) -> list[dict[str, Any]]:
    activities = []
    for item in items:
        party = parties.get(item["party"])
        detail: dict[str, Any] = {}
        if party is not None:
            detail["performer"] = [
                codes.logical_reference(
                    "RelatedPerson", codes.uri_identifier(party.uuid), party.name
                )
            ]
        activities.append(
            _activity("agreements", str(schema.BY_KEY["agreements"].title), item["text"], **detail)
        )
    return activities


def activities(
    content: dict[str, Any], sections: Collection[str], parties: dict[str, Party]
) -> list[dict[str, Any]]:
    """The activities of the sections in `sections`, in the plan's order."""
    result: list[dict[str, Any]] = []
    for section in schema.SECTIONS:
        if section.key not in sections:
            continue
        if section.key == "phases":
            result += _phase_activities(section, content["phases"])
        elif section.key == "medication":
            result += _medication_activities(content["medication"])
        elif section.key == "agreements":
            result += _agreement_activities(content["agreements"], parties)
        elif section.key in CAREPLAN_SECTIONS:
            result += _field_activities(section, content[section.key])
    return result


def careplan(
    version: PlanVersion,
    *,
    resource_id: str,
    patient_url: str,
    care_team_url: str | None,
    sections: Collection[str],
    parties: dict[str, Party],
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": resource_id,
        "language": "nl",
        "identifier": [{"system": codes.PLAN_HASH_SYSTEM, "value": version.content_hash}],
        "status": "active",
        "intent": "plan",
        "category": [{"text": _("Crisis plan")}],
        "title": _("Crisis plan, version %(number)d") % {"number": version.number},
        "subject": {"reference": patient_url},
        "created": version.established_at.isoformat(),
        "author": {"reference": patient_url},
    }
    if care_team_url is not None:
        resource["careTeam"] = [{"reference": care_team_url}]
    found = activities(version.content, sections, parties)
    if found:
        resource["activity"] = found
    return resource

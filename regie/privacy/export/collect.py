"""Gather everything Regie holds about one person, as plain JSON-ready data.

The shape is documented key by key in docs/privacy-export.md; a test checks
that the keys here and there agree. Bump SCHEMA_VERSION when a key changes
meaning or disappears (adding a key is compatible). Built in memory per
person: a person's data is bounded (a few requests and cases).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent
from regie.crisiscard.models import (
    Card,
    CardRequest,
    Conversation,
    Party,
    PlanVersion,
    Signature,
)
from regie.crisiscard.models.sharing import SharingGrant
from regie.people.models import Person
from regie.recovery.models import (
    CaseContact,
    CaseMember,
    CasePartner,
    ClientConsent,
    Goal,
    RecoveryCase,
    WheelAssessment,
)

from ..models import PersonDetailsVersion, ProcessingRestriction

SCHEMA_VERSION = 1
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "preferred_language",
    "date_of_birth",
)

Data = dict[str, Any]


def plain(value: Any) -> Any:
    """A value as JSON keeps it: dates and times in ISO 8601, UUIDs as text."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else ""


def person_details(person: Person) -> Data:
    """The editable personal details, in the export's and the history's shape."""
    return {field: plain(getattr(person, field)) for field in PERSON_FIELDS}


def _person(person: Person) -> Data:
    return {
        "uuid": str(person.uuid),
        **person_details(person),
        "created_at": plain(person.created_at),
    }


def _details_history(person: Person) -> list[Data]:
    rows = PersonDetailsVersion.objects.filter(person=person).select_related("changed_by")
    return [
        {
            "number": row.number,
            "changed_at": plain(row.changed_at),
            "changed_by": _name(row.changed_by),
            "changed_by_role": row.changed_by_role,
            "changed_fields": row.changed_fields,
            "old_values": row.old_values,
            "new_values": row.new_values,
        }
        for row in rows.order_by("number")
    ]


def _restriction(person: Person) -> Data | None:
    row = ProcessingRestriction.objects.filter(person=person).first()
    if row is None:
        return None
    return {
        "active": row.is_active,
        "restricted_since": plain(row.restricted_since),
        "reason": row.reason,
        "lifted_at": plain(row.lifted_at),
    }


def _signature(signature: Signature) -> Data:
    return {
        "plan_version": signature.version.number,
        "status": signature.status,
        "requested_at": plain(signature.requested_at),
        "signed_at": plain(signature.signed_at),
        "typed_name": signature.typed_name,
        "decline_reason": signature.decline_reason,
    }


def _party(party: Party) -> Data:
    return {
        "uuid": str(party.uuid),
        "kind": party.kind,
        "name": party.name,
        "email": party.email,
        "phone": party.phone,
        "signatures": [_signature(s) for s in party.signatures.all()],
    }


def _conversation(conversation: Conversation) -> Data:
    return {
        "occurred_on": plain(conversation.occurred_on),
        "kind": conversation.kind,
        "duration_minutes": conversation.duration_minutes,
        "others_present": conversation.others_present,
        "notes": conversation.notes,
        "outcome": conversation.outcome,
        "recorded_by": _name(conversation.recorded_by),
    }


def _version(version: PlanVersion) -> Data:
    return {
        "number": version.number,
        "established_at": plain(version.established_at),
        "established_by": _name(version.established_by),
        "content": version.content,
    }


def _card(card: Card) -> Data:
    return {
        "number": card.number,
        "status": card.status,
        "plan_version": card.version.number,
        "issued_on": plain(card.issued_on),
        "ended_on": plain(card.ended_on),
        "panels": card.panels,
        "panels_en": card.panels_en,
        "evaluations": [
            {
                "due_on": plain(e.due_on),
                "completed_at": plain(e.completed_at),
                "crisis_happened": e.crisis_happened,
                "card_used": e.card_used,
                "what_should_change": e.what_should_change,
                "outcome": e.outcome,
            }
            for e in card.evaluations.all()
        ],
    }


def _grant(grant: SharingGrant) -> Data:
    return {
        "party": grant.party.name if grant.party is not None else "",
        "responder_type": grant.responder_type,
        "sections": grant.sections,
        "link_created_at": plain(grant.link_created_at),
        "link_expires_at": plain(grant.link_expires_at),
        "link_revoked_at": plain(grant.link_revoked_at),
    }


def _plan(request: CardRequest) -> Data | None:
    plan = getattr(request, "plan", None)
    if plan is None:
        return None
    return {
        "draft": plan.draft,
        "draft_saved_at": plain(plan.draft_saved_at),
        "versions": [_version(v) for v in plan.versions.all()],
        "proposals": [
            {
                "section": p.section,
                "text": p.text,
                "created_at": plain(p.created_at),
                "status": p.status,
            }
            for p in plan.proposals.all()
        ],
    }


def _requests(person: Person) -> list[Data]:
    requests = (
        CardRequest.objects.filter(participant=person)
        .select_related("region", "municipality", "consultant", "plan")
        .prefetch_related(
            "events",
            Prefetch(
                "conversations",
                Conversation.objects.select_related("recorded_by").order_by("occurred_on", "pk"),
            ),
            Prefetch(
                "plan__versions",
                PlanVersion.objects.select_related("established_by").order_by("number"),
            ),
            "plan__proposals",
            Prefetch(
                "parties",
                Party.objects.order_by("name").prefetch_related(
                    Prefetch("signatures", Signature.objects.select_related("version"))
                ),
            ),
            Prefetch("cards", Card.objects.select_related("version").order_by("pk")),
            "cards__evaluations",
            Prefetch("grants", SharingGrant.objects.select_related("party").order_by("pk")),
        )
        .order_by("applied_at")
    )
    return [
        {
            "uuid": str(r.uuid),
            "region": r.region.name,
            "municipality": r.municipality.name if r.municipality is not None else "",
            "state": r.state,
            "applied_at": plain(r.applied_at),
            "heard_via": r.heard_via,
            "urgency": r.urgency,
            "weight": r.weight,
            "channel": r.channel,
            "wishes": r.wishes,
            "consultant": _name(r.consultant),
            "stop_reason": r.stop_reason,
            "stop_note": r.stop_note,
            "events": [
                {
                    "occurred_at": plain(e.occurred_at),
                    "from_state": e.from_state,
                    "to_state": e.to_state,
                    "text": e.text,
                }
                for e in r.events.all()
            ],
            "conversations": [_conversation(c) for c in r.conversations.all()],
            "plan": _plan(r),
            "parties": [_party(p) for p in r.parties.all()],
            "cards": [_card(c) for c in r.cards.all()],
            "sharing_grants": [_grant(g) for g in r.grants.all()],
        }
        for r in requests
    ]


def _partner_name(partner: CasePartner) -> str:
    if partner.organisation is not None:
        return partner.organisation.name
    return _name(partner.person)


def _case(case: RecoveryCase) -> Data:
    return {
        "uuid": str(case.uuid),
        "organisation": case.organisation.name,
        "state": case.state,
        "opened_on": plain(case.opened_on),
        "closed_on": plain(case.closed_on),
        "close_reason": case.close_reason,
        "close_note": case.close_note,
        "team": [
            {
                "name": _name(m.person),
                "team_role": m.team_role,
                "started_on": plain(m.started_on),
                "ended_on": plain(m.ended_on),
            }
            for m in case.members.all()
        ],
        "partners": [
            {
                "kind": p.kind,
                "life_area": p.life_area.name_nl if p.life_area is not None else "",
                "name": _partner_name(p),
                "relationship": p.relationship,
                "started_on": plain(p.started_on),
                "ended_on": plain(p.ended_on),
            }
            for p in case.partners.all()
        ],
        "wheel": [
            {
                "assessed_on": plain(a.assessed_on),
                "perspective": a.perspective,
                "note": a.note,
                "scores": [
                    {"life_area": s.life_area.name_nl, "score": s.score, "note": s.note}
                    for s in a.scores.all()
                ],
            }
            for a in case.assessments.all()
        ],
        "goals": [
            {
                "life_area": g.life_area.name_nl,
                "description": g.description,
                "created_on": plain(g.created_on),
                "achieved_on": plain(g.achieved_on),
                "actions": [
                    {
                        "description": a.description,
                        "owner_kind": a.owner_kind,
                        "due_on": plain(a.due_on),
                        "status": a.status,
                    }
                    for a in g.actions.all()
                ],
            }
            for g in case.goals.all()
        ],
        "contacts": [
            {
                "occurred_on": plain(c.occurred_on),
                "duration_minutes": c.duration_minutes,
                "with_whom": c.with_whom,
                "team_present": [_name(p) for p in c.team_participants.all()],
                "notes": c.notes,
            }
            for c in case.contacts.all()
        ],
        "sharing_choices": [
            {
                "partner": _partner_name(c.partner) if c.partner is not None else "",
                "parts": sorted(c.parts),
                "changed_at": plain(c.changed_at),
            }
            for c in case.consents.all()
        ],
    }


def _cases(person: Person) -> list[Data]:
    cases = (
        RecoveryCase.objects.filter(client=person)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("members", CaseMember.objects.select_related("person").order_by("started_on")),
            Prefetch(
                "partners",
                CasePartner.objects.select_related("life_area", "organisation", "person"),
            ),
            Prefetch(
                "assessments",
                WheelAssessment.objects.order_by("assessed_on", "pk").prefetch_related(
                    "scores__life_area"
                ),
            ),
            Prefetch(
                "goals",
                Goal.objects.select_related("life_area")
                .order_by("created_on", "pk")
                .prefetch_related("actions"),
            ),
            Prefetch(
                "contacts",
                CaseContact.objects.order_by("occurred_on", "pk").prefetch_related(
                    "team_participants"
                ),
            ),
            Prefetch(
                "consents",
                ClientConsent.objects.select_related("partner__person", "partner__organisation"),
            ),
        )
        .order_by("opened_on", "pk")
    )
    return [_case(c) for c in cases]


def _access_log(person: Person) -> list[Data]:
    events = list(AccessEvent.objects.filter(subject_uuid=person.uuid).order_by("seq"))
    uuids = {e.actor_person_uuid for e in events if e.actor_person_uuid}
    names = {p.uuid: p.full_name for p in Person.objects.filter(uuid__in=uuids)}
    return [
        {
            "occurred_at": plain(e.occurred_at),
            "action": e.action,
            "what": str(ObjectType.words(e.object_type)),
            "object_type": e.object_type,
            "part": e.part,
            "who": names.get(e.actor_person_uuid, "") if e.actor_person_uuid else "",
            "role": e.actor_role,
            "organisation": e.actor_organisation,
            "outcome": e.outcome,
            "emergency": e.emergency,
        }
        for e in events
    ]


def collect(person: Person) -> Data:
    """Everything Regie holds about `person`, in the documented shape."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": plain(timezone.now()),
        "person": _person(person),
        "details_history": _details_history(person),
        "restriction": _restriction(person),
        "crisis_card": {"requests": _requests(person)},
        "recovery": {"cases": _cases(person)},
        "access_log": _access_log(person),
    }

"""Demo requests in every state of the trajectory, each built from a Trajectory row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import actor_for_user
from regie.crisiscard import reliability, schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    ChangeProposal,
    Channel,
    Conversation,
    ConversationKind,
    CrisisPlan,
    EmergencyLink,
    Evaluation,
    EvaluationOutcome,
    HeardVia,
    Notification,
    Party,
    PlanVersion,
    RequestEvent,
    RequestState,
    Signature,
    SignatureStatus,
    StopReason,
    Urgency,
    Weight,
    _add_months,
    content_hash,
)
from regie.crisiscard.services.cards import prefill_panels
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Person, Role

from .content import plan_content
from .parties import demo_parties, demo_sharing

S = RequestState
ORDER = list(S.values)


@dataclass(frozen=True)
class Trajectory:
    email: str  # the participant's, without the domain
    state: str
    consultant: str  # e-mail without the domain, "" for none
    days_ago: int  # when they applied
    card_months: int = 0  # age of the issued card in months (0: no card)
    weight: str = Weight.LIGHT
    heard_via: str = HeardVia.CARE_PROVIDER
    stop_reason: str = ""
    stop_note: str = ""
    reissued: bool = False  # changed once after the card: version 2 and a second card


TRAJECTORIES = [
    Trajectory("deelnemer01", S.APPLIED, "", 6, heard_via=HeardVia.GP),
    Trajectory("deelnemer02", S.MATCHED, "consulent.mbo", 20, heard_via=HeardVia.FAMILY),
    Trajectory("deelnemer03", S.IN_CONVERSATION, "consulent.hbo", 45, weight=Weight.HEAVY),
    Trajectory("deelnemer04", S.PLAN_DRAFTED, "consulent.mbo", 70),
    Trajectory("deelnemer05", S.AWAITING_SIGNATURES, "consulent.hbo", 100, weight=Weight.HEAVY),
    # Changed a phone number after the card: the old printed QR code opens the new card.
    Trajectory("deelnemer06", S.CARD_ISSUED, "consulent.mbo", 200, card_months=3, reissued=True),
    Trajectory("deelnemer07", S.EVALUATION_DUE, "consulent.mbo", 480, card_months=13),
    Trajectory("deelnemer08", S.EVALUATED, "consulent.hbo", 520, card_months=14),
    Trajectory(
        "deelnemer09",
        S.WITHDRAWN,
        "consulent1.gelderland",
        90,
        stop_reason=StopReason.NOT_READY,
        stop_note="Wil eerst rust na de verhuizing. Mag over een half jaar opnieuw aanmelden.",
    ),
    Trajectory(
        "deelnemer10",
        S.CLOSED,
        "consulent1.gelderland",
        150,
        stop_reason=StopReason.NO_CONTACT,
        stop_note="Drie keer gebeld en twee keer gemaild, geen reactie.",
    ),
    # Checked with the holder at its evaluation 20 months ago: no longer reliable.
    Trajectory("deelnemer11", S.EVALUATED, "consulent1.gelderland", 1000, card_months=32),
    Trajectory("deelnemer", S.CARD_ISSUED, "consulent.mbo", 230, card_months=5),
]

# The furthest state each trajectory passed through decides what it has.
HAS_PLAN = ORDER.index(S.PLAN_DRAFTED)
HAS_VERSION = ORDER.index(S.AWAITING_SIGNATURES)


def _panels(version: PlanVersion, participant: Person) -> dict[str, Any]:
    return prefill_panels(version, participant)


def _event(request: CardRequest, actor: Person | None, before: str, after: str, when) -> None:
    RequestEvent.objects.create(
        request=request,
        actor=actor,
        occurred_at=when,
        from_state=before,
        to_state=after,
        text=f"Status: {S(before).label} → {S(after).label}" if before else "Aangemeld",
    )


def _moment(today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=max(days_ago, 0))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def build_trajectory(t: Trajectory, today: datetime.date, people: dict[str, Person]) -> None:
    participant = Person.objects.filter(email=f"{t.email}@{DEMO_DOMAIN}").first()
    if participant is None or CardRequest.objects.filter(participant=participant).exists():
        return
    consultant = people.get(t.consultant)
    region_assignment = participant.roles.filter(role=Role.PARTICIPANT).select_related("region")
    region = region_assignment.first().region  # type: ignore[union-attr]  # the demo made this role above
    assert region is not None
    stopped = t.state in (S.WITHDRAWN, S.CLOSED)
    # A stopped trajectory got as far as a conversation before it stopped.
    reached = ORDER.index(S.IN_CONVERSATION) if stopped else ORDER.index(t.state)
    request = CardRequest.objects.create(
        participant=participant,
        region=region,
        municipality=region.municipalities.order_by("name").first(),
        heard_via=t.heard_via,
        urgency=Urgency.NORMAL,
        weight=t.weight,
        weight_confirmed=consultant is not None,
        channel=Channel.ONLINE if t.days_ago % 2 else Channel.PHONE,
        wishes="Ik wil dat anderen weten wat ik nodig heb als het mis gaat.",
        consultant=consultant,
        state=t.state,
        stop_reason=t.stop_reason,
        stop_note=t.stop_note,
        applied_at=_moment(today, t.days_ago),
    )
    path = ORDER[: reached + 1]
    step_days = max(t.days_ago // (len(path) + 1), 1)
    previous = ""
    for i, state in enumerate(path):
        _event(
            request,
            consultant if i else None,
            previous,
            state,
            _moment(today, t.days_ago - i * step_days),
        )
        previous = state
    if stopped:
        _event(request, consultant, previous, t.state, _moment(today, 5))

    if reached >= ORDER.index(S.IN_CONVERSATION) and consultant is not None:
        conversation = Conversation.objects.create(
            request=request,
            kind=ConversationKind.INFORMATIVE,
            occurred_on=today - datetime.timedelta(days=max(t.days_ago - 10, 1)),
            duration_minutes=60,
            notes="Kennismaking. Uitleg over de crisiskaart en hoe we samen het plan maken.",
            recorded_by=consultant,
        )
        conversation.participants.add(participant, consultant)
    if reached < HAS_PLAN:
        return

    parties = demo_parties(request, region)
    demo_sharing(request, parties, participant)
    content = plan_content(participant.first_name, parties)
    plan = CrisisPlan.objects.create(
        request=request,
        draft=content,
        draft_revision=3,
        draft_saved_at=_moment(today, t.days_ago // 2),
        draft_saved_by=participant,
    )
    if reached < HAS_VERSION:
        return
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content=content,
        content_hash=content_hash(content),
        established_at=_moment(today, t.days_ago // 3),
        established_by=participant,
    )
    signed = t.card_months > 0
    for party in parties.values():
        agreements = schema.agreements_for(content, str(party.uuid))
        Signature.objects.create(
            version=version,
            party=party,
            agreements_hash=content_hash(agreements),
            status=SignatureStatus.SIGNED if signed else SignatureStatus.REQUESTED,
            requested_at=_moment(today, t.days_ago // 3),
            expires_at=None if signed else _moment(today, -14),
            signed_at=_moment(today, t.days_ago // 3 - 3) if signed else None,
            typed_name=party.name if signed else "",
        )
    if not signed:
        return

    issued_on = _add_months(today, -t.card_months) if t.card_months else today
    card = Card.objects.create(
        request=request,
        version=version,
        number=f"CK-{issued_on:%Y}-D{ORDER.index(t.state):02d}{request.pk:04d}"[:20],
        panels=_panels(version, participant),
        status=CardStatus.ISSUED,
        issued_on=issued_on,
    )
    if not EmergencyLink.objects.filter(holder=participant, revoked_at__isnull=True).exists():
        EmergencyLink.objects.create(
            holder=participant, created_at=_moment(today, (today - issued_on).days)
        )

    if t.reissued:
        card = _reissue(card, participant, consultant, parties, today)

    if t.card_months >= 12:
        first_due = _add_months(issued_on, 12)
        if t.state == S.EVALUATION_DUE:
            Evaluation.objects.create(card=card, due_on=first_due, invited_at=timezone.now())
            # As if the daily job invited them: it will not invite them again.
            Notification.objects.create(
                key=f"evaluation-invite:{card.pk}:{first_due.isoformat()}", recipient=participant
            )
        else:
            Evaluation.objects.create(
                card=card,
                due_on=first_due,
                invited_at=_moment(today, (today - first_due).days),
                completed_at=_moment(today, (today - first_due).days - 14),
                crisis_happened=True,
                card_used=True,
                used_by=["crisis_service", "relatives"],
                respected_by=["crisis_service", "relatives"],
                what_should_change="Het nummer van de crisisdienst klopt niet meer.",
                outcome=EvaluationOutcome.UNCHANGED,
            )
    until = reliability.reliable_until(card)
    if until is not None and until <= today:
        # As if the daily job told the holder and the consultant already.
        card.marked_unreliable_on = until
        card.save(update_fields=["marked_unreliable_on"])
    if t.email == "deelnemer":
        ChangeProposal.objects.create(
            plan=plan,
            section="contacts",
            text="Mijn zus heeft een nieuw telefoonnummer: 06 98 76 54 32.",
            author=participant,
        )
        _who_looked(request, consultant, people.get("coordinator"))


def _reissue(
    card: Card,
    participant: Person,
    consultant: Person | None,
    parties: dict[str, Party],
    today: datetime.date,
) -> Card:
    """A change after the card: a new phone number in version 2, the sister's signature
    carried over (her agreements did not change), the GP asked and signed again, a
    second card issued a month ago; the first card ended then. The holder's link stays."""
    request, old_version = card.request, card.version
    content = schema.normalise(old_version.content)
    content["contacts"][0]["phone"] = "06 44 55 66 77"
    for item in content["agreements"]:
        if item["party"] == str(parties["gp"].uuid):
            item["text"] += " Belt ook mijn zus op haar nieuwe nummer."
    version = PlanVersion.objects.create(
        plan=old_version.plan,
        number=2,
        content=content,
        content_hash=content_hash(content),
        established_at=_moment(today, 45),
        established_by=participant,
    )
    for party in parties.values():
        digest = content_hash(schema.agreements_for(content, str(party.uuid)))
        signed = Signature.objects.filter(version=old_version, party=party).first()
        if signed is None:
            continue
        carried = signed.agreements_hash == digest
        Signature.objects.create(
            version=version,
            party=party,
            agreements_hash=digest,
            status=SignatureStatus.SIGNED,
            requested_at=signed.requested_at if carried else _moment(today, 44),
            signed_at=signed.signed_at if carried else _moment(today, 40),
            typed_name=party.name,
        )
    old_version.plan.draft = content
    old_version.plan.save(update_fields=["draft"])
    issued_on = today - datetime.timedelta(days=30)
    new = Card.objects.create(
        request=request,
        version=version,
        number=f"{card.number[:17]}-2",
        panels=_panels(version, participant),
        status=CardStatus.ISSUED,
        issued_on=issued_on,
    )
    Card.objects.filter(pk=card.pk).update(status=CardStatus.ENDED, ended_on=issued_on)
    for before, after, days in (
        (S.CARD_ISSUED, S.PLAN_DRAFTED, 50),
        (S.PLAN_DRAFTED, S.AWAITING_SIGNATURES, 45),
        (S.AWAITING_SIGNATURES, S.CARD_ISSUED, 30),
    ):
        _event(
            request,
            consultant if after == S.CARD_ISSUED else participant,
            before,
            after,
            _moment(today, days),
        )
    return new


def _who_looked(
    request: CardRequest, consultant: Person | None, coordinator: Person | None
) -> None:
    """A few access-log entries, so the portal's 'who looked' page has something to show."""
    for person, role, purpose in (
        (consultant, Role.CONSULTANT, "crisiscard:request_detail"),
        (coordinator, Role.COORDINATOR, "crisiscard:request_detail"),
    ):
        if person is None or person.user is None:
            continue
        record(
            actor=actor_for_user(person.user),
            action=Action.READ,
            purpose=purpose,
            object_type=ObjectType.CARD_REQUEST,
            object_id=str(request.uuid),
            subject=request.participant,
            role=role,
        )
    record(
        actor=None,
        action=Action.EMERGENCY,
        purpose="crisiscard:emergency",
        object_type=ObjectType.CARD,
        subject=request.participant,
        emergency=True,
        role="emergency",
    )

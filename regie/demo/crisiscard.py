"""Demo data for the crisis card, called by `manage.py seed_demo` after the recovery demo.

Participants in every state of the trajectory, with plans in plain Dutch, parties,
signatures, the sharing grid (the demo login shares sections with its GP, who
has a live read link, and with police and crisis services on the emergency
route) and cards: one card due for its yearly evaluation (issued thirteen
months ago), one older than eighteen months, and an issued card for the demo
login deelnemer@regie.example so the portal shows something (with an English
side, and a question waiting for their consultant).

Idempotent: every trajectory is keyed by its participant's e-mail address; a
participant who already has a request is left alone. The models are used
directly, but the data keeps the invariants: a card comes from an established
version whose content_hash matches its content, every issued card has one live
emergency link, stopped requests have a reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
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
    PartyKind,
    PlanVersion,
    RequestEvent,
    RequestState,
    Sharing,
    SharingGrant,
    Signature,
    SignatureStatus,
    StopReason,
    Urgency,
    Weight,
    _add_months,
    content_hash,
)
from regie.crisiscard.models.sharing import grantee_key
from regie.crisiscard.services.cards import prefill_panels
from regie.crisiscard.services.sharing import sharing_decide
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Organisation, OrganisationKind, Person, Region, Role

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


def plan_content(first_name: str, parties: dict[str, Party]) -> dict[str, Any]:
    """A realistic plan, in the participant's own plain words."""
    content: dict[str, Any] = {
        "about_me": {
            "text": (
                f"Ik ben {first_name}. Ik woon alleen met mijn kat Moos. Ik werk twee dagen "
                "per week in de kringloopwinkel. Ik hou van fietsen en van muziek."
            ),
            "what_crisis_means": (
                "In een crisis raak ik in paniek en ga ik dingen horen die er niet zijn. "
                "Ik vertrouw dan niemand meer, ook mijn familie niet."
            ),
        },
        "phases": {
            "stable": {
                "signals": "Ik slaap goed, ga naar mijn werk en bel mijn zus elke week.",
                "what_i_do": "Vaste tijden aanhouden. Elke dag een stuk fietsen.",
                "others_do": "Gewoon doen. Af en toe vragen hoe het gaat.",
                "others_dont": "Mij niet steeds controleren.",
            },
            "early_signs": {
                "signals": "Ik slaap slecht, trek me terug en neem de telefoon niet op.",
                "what_i_do": "Mijn zus bellen. Minder werken. Geen koffie na de middag.",
                "others_do": "Rustig vragen wat er is. Samen een wandeling maken.",
                "others_dont": "Niet boos worden als ik niet opneem.",
            },
            "threatening": {
                "signals": "Ik praat snel en veel, ik ben achterdochtig en eet bijna niet.",
                "what_i_do": "De extra medicijn nemen zoals afgesproken. Mijn behandelaar bellen.",
                "others_do": "Mijn behandelaar of de huisarts bellen. Bij mij blijven.",
                "others_dont": "Niet met veel mensen tegelijk komen.",
            },
            "crisis": {
                "signals": "Ik hoor stemmen en ben bang. Ik loop soms de straat op.",
                "what_i_do": "Dit kan ik dan niet meer zelf.",
                "others_do": "De crisisdienst bellen. Rustig en kort praten. Zeg wie je bent.",
                "others_dont": "Mij niet vastpakken. Geen fel licht of harde geluiden.",
            },
            "after": {
                "signals": "Ik ben moe en schaam me.",
                "what_i_do": "Veel slapen. Kleine dingen doen.",
                "others_do": "Zeggen dat het goed is. Helpen met boodschappen.",
                "others_dont": "Niet steeds over de crisis beginnen.",
            },
        },
        "approach": {
            "text": "Praat rustig en gebruik korte zinnen. Zeg eerlijk wat er gaat gebeuren.",
        },
        "contacts": [
            {
                "name": "Anouk (zus)",
                "relationship": "zus",
                "phone": "06 12 34 56 78",
                "trusted": True,
                "do_not_inform": False,
            },
            {
                "name": "Mijn vader",
                "relationship": "vader",
                "phone": "",
                "trusted": False,
                "do_not_inform": True,
            },
        ],
        "care_providers": [
            {"name": "Huisartsenpraktijk De Linde", "role": "huisarts", "phone": "030 123 45 67"},
            {"name": "Crisisdienst GGZ Utrecht", "role": "crisisdienst", "phone": "030 765 43 21"},
        ],
        "medication": [
            {
                "name": "Quetiapine",
                "dose": "100 mg 's avonds",
                "what_to_do": "Blijven geven. Bij onrust mag er 25 mg extra bij.",
            }
        ],
        "helps_harms": {
            "helps": "Rust, een donkere kamer, muziek van vroeger, mijn kat.",
            "harms": "Drukte, veel vragen tegelijk, politie in uniform in huis.",
        },
        "admission": {
            "preferred": "Liefst in De Horst in Utrecht, daar ken ik de mensen.",
            "not_preferred": "Liever niet ver weg, want dan kan mijn zus niet komen.",
            "compulsory_care_wishes": "Als het echt moet: eerst met mij praten, en mijn zus bellen.",
        },
        "practical": {
            "children": "",
            "pets": "Mijn zus zorgt voor mijn kat Moos. Ze heeft een sleutel.",
            "plants": "",
            "mail": "Mijn zus haalt de post op.",
            "finances": "De huur gaat automatisch.",
            "work": "Bel de kringloopwinkel dat ik ziek ben.",
            "keys": "Mijn zus heeft een reservesleutel.",
        },
        "agreements": [],
    }
    texts = {
        "gp": "De huisarts belt mijn zus als ik de afspraak mis en niet opneem.",
        "crisis": "De crisisdienst leest eerst mijn kaart en belt dan mijn zus.",
        "sister": "Mijn zus komt langs als ik drie dagen niet opneem.",
    }
    for key, party in parties.items():
        content["agreements"].append({"party": str(party.uuid), "text": texts[key]})
    return schema.normalise(content)


def _panels(version: PlanVersion, participant: Person) -> dict[str, Any]:
    return prefill_panels(version, participant)


def _parties(request: CardRequest, region: Region) -> dict[str, Party]:
    gp = Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE, region=region).first()
    crisis = Organisation.objects.filter(
        kind=OrganisationKind.CRISIS_SERVICE, region=region
    ).first()
    return {
        "gp": Party.objects.create(
            request=request,
            kind=PartyKind.GP,
            name=gp.name if gp else "Huisartsenpraktijk",
            organisation=gp,
            email=f"huisarts@{DEMO_DOMAIN}",
            phone="030 123 45 67",
        ),
        "crisis": Party.objects.create(
            request=request,
            kind=PartyKind.CRISIS_SERVICE,
            name=crisis.name if crisis else "Crisisdienst",
            organisation=crisis,
            email=f"crisisdienst@{DEMO_DOMAIN}",
            phone="030 765 43 21",
        ),
        "sister": Party.objects.create(
            request=request,
            kind=PartyKind.TRUSTED_PERSON,
            name="Anouk (zus)",
            email=f"anouk.zus@{DEMO_DOMAIN}",
            phone="06 12 34 56 78",
        ),
    }


# What each demo participant shares with their parties (the sharing grid).
DEMO_SHARED = {
    "gp": ["phases", "approach", "medication"],
    "crisis": ["phases", "approach", "medication", "admission"],
    "sister": ["phases", "contacts", "practical"],
}
# The demo login also releases sections for responders on the emergency route.
DEMO_RESPONDERS = {
    "police": ["approach", "helps_harms"],
    "crisis_service": ["approach", "medication", "helps_harms"],
}


def _sharing(request: CardRequest, parties: dict[str, Party], participant: Person) -> None:
    """The sharing grid. The demo login decides through the service, so its GP gets a live
    read link (mailed to the GP's demo address); the others get grants only."""
    if participant.email == f"deelnemer@{DEMO_DOMAIN}" and participant.user is not None:
        # The demo login shares with the GP only (one live read link), the crisis service
        # and the sister see nothing yet, so the grid has something left to tick.
        grid = {grantee_key(party=parties["gp"]): DEMO_SHARED["gp"]}
        grid.update(
            {
                grantee_key(responder_type=kind): sections
                for kind, sections in DEMO_RESPONDERS.items()
            }
        )
        sharing_decide(
            actor=actor_for_user(participant.user),
            request=request,
            grid=grid,
            revision=0,
            notify_emergency=True,
        )
        return
    Sharing.objects.create(request=request, revision=1)
    for key, sections in DEMO_SHARED.items():
        SharingGrant.objects.create(request=request, party=parties[key], sections=sections)


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


def _trajectory(t: Trajectory, today: datetime.date, people: dict[str, Person]) -> None:
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

    parties = _parties(request, region)
    _sharing(request, parties, participant)
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


# The English side of the demo login's card (issue 10: the card in a second language).
ENGLISH_PANELS = {
    "front": {
        "name": "",
        "intro": "I have a crisis card. In a crisis, please read the inside or scan the code.",
    },
    "inside_1": {
        "do": "Call the crisis service. Speak calmly and briefly. Say who you are.",
        "dont": "Do not hold me. No bright light or loud noise.",
    },
    "inside_2": {
        "contacts": "Anouk (sister): 06 12 34 56 78",
        "care": "GP practice De Linde: 030 123 45 67\nCrisis service GGZ Utrecht: 030 765 43 21",
    },
    "back": {
        "medication": "Quetiapine 100 mg in the evening: keep giving it. "
        "If I am restless, 25 mg extra is fine.",
        "admission": "Preferably De Horst in Utrecht.\nNot far away: my sister must be able "
        "to visit.",
    },
}
DEMO_QUESTION = (
    "Mijn zus heeft een nieuw nummer. Moet ik dan een nieuwe kaart laten maken, "
    "of kan het nummer zo worden aangepast?"
)


def _second_language_and_question(today: datetime.date) -> None:
    """The demo login's card gets an English side, and a question waits for their
    consultant (idempotent: both are added once)."""
    card = (
        Card.objects.filter(
            request__participant__email=f"deelnemer@{DEMO_DOMAIN}", status=CardStatus.ISSUED
        )
        .select_related("request__participant")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if card is None:
        return
    if not card.panels_en:
        card.panels_en = ENGLISH_PANELS
        card.save(update_fields=["panels_en"])
    request = card.request
    if not Conversation.objects.filter(
        request=request, kind=ConversationKind.QUESTION, recorded_by=request.participant
    ).exists():
        question = Conversation.objects.create(
            request=request,
            kind=ConversationKind.QUESTION,
            occurred_on=today - datetime.timedelta(days=1),
            duration_minutes=1,
            notes=DEMO_QUESTION,
            follow_up_on=today + datetime.timedelta(days=1),
            recorded_by=request.participant,
        )
        question.participants.add(request.participant)


@transaction.atomic
def seed(fake: Any) -> None:  # fake: the people seeder's Faker, kept for a stable signature
    today = timezone.localdate()
    d = DEMO_DOMAIN
    people = {
        p.email.split("@")[0]: p
        for p in Person.objects.filter(
            email__in=[
                f"{name}@{d}"
                for name in (
                    "consulent.mbo",
                    "consulent.hbo",
                    "consulent1.gelderland",
                    "coordinator",
                )
            ]
        ).select_related("user")
    }
    for trajectory in TRAJECTORIES:
        _trajectory(trajectory, today, people)
    _second_language_and_question(today)

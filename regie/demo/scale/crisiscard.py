"""Participants and their crisis-card trajectories for `seed_scale`, one chunk at a time.

Each participant gets one request in a state drawn from a fixed pattern,
counted per region (so every state occurs in every 20 participants of a
region, and every region holds every state in the same ratios),
and whatever that state implies: the timeline, conversations, parties, the
plan with its established versions and signatures, issued cards with the
holder's emergency link, and yearly evaluations. Hashes come from the app's
own functions (`content_hash`, `schema.agreements_for`, `prefill_panels`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    Conversation,
    ConversationKind,
    CrisisPlan,
    EmergencyLink,
    Evaluation,
    EvaluationFinding,
    EvaluationOutcome,
    FindingKind,
    HeardVia,
    Party,
    PartyKind,
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
from regie.demo.crisiscard.content import plan_content
from regie.people.models import OrganisationKind, Person, Role, RoleAssignment, User

from .base import Random, moment
from .insert import db_datetime, insert, insert_rows
from .reissue import reissue
from .sizes import SCALE_DOMAIN
from .staff import Staff

S = RequestState
ORDER = list(S.values)
# Twenty slots: the share of each state in a national set of requests.
STATE_PATTERN = [
    S.APPLIED,
    S.CARD_ISSUED,
    S.MATCHED,
    S.CARD_ISSUED,
    S.IN_CONVERSATION,
    S.EVALUATED,
    S.PLAN_DRAFTED,
    S.CARD_ISSUED,
    S.AWAITING_SIGNATURES,
    S.WITHDRAWN,
    S.CARD_ISSUED,
    S.EVALUATION_DUE,
    S.EVALUATED,
    S.IN_CONVERSATION,
    S.CARD_ISSUED,
    S.CLOSED,
    S.CARD_ISSUED,
    S.EVALUATED,
    S.WITHDRAWN,
    S.CARD_ISSUED,
]
CARDED = {S.CARD_ISSUED, S.EVALUATION_DUE, S.EVALUATED}
STOPPED = {S.WITHDRAWN, S.CLOSED}
# Days since applying, by state (card states count from the card's age instead).
APPLIED_DAYS = {
    S.APPLIED: (1, 30),
    S.MATCHED: (10, 60),
    S.IN_CONVERSATION: (30, 120),
    S.PLAN_DRAFTED: (60, 180),
    S.AWAITING_SIGNATURES: (90, 200),
    S.WITHDRAWN: (60, 900),
    S.CLOSED: (60, 900),
}
CARD_MONTHS = {S.CARD_ISSUED: (0, 11), S.EVALUATION_DUE: (12, 12), S.EVALUATED: (13, 48)}
USED_BY = ["police", "crisis_service", "hospital", "relatives", "gp"]


@dataclass
class Row:
    """One participant of the chunk and what was built for them."""

    index: int
    # The participant's place among its region's participants: the patterns
    # (request state, recovery client, changed plan) count by it, so each
    # region gets all of them. Counting by `index` while regions take turns
    # gave a region only the states whose slots its turn hit (4 of 20 at 25
    # regions).
    slot: int
    person: Person
    region_id: int
    state: str
    applied: datetime.date
    card_day: datetime.date | None = None
    consultant: Person | None = None
    request: CardRequest | None = None
    card: Card | None = None
    link: EmergencyLink | None = None
    conversations: list[Conversation] = field(default_factory=list)


def place(index: int, region_ids: list[int]) -> tuple[int, int, RequestState]:
    """The region, the place in it, and the request state of participant `index`."""
    regions = len(region_ids)
    slot = index // regions
    return region_ids[index % regions], slot, STATE_PATTERN[slot % len(STATE_PATTERN)]


def participant_password(rng: Random) -> str:
    # Unusable until the participant activates their account (decisions/0021).
    return "!" + rng.token()[:40]


def build_participants(
    lo: int, hi: int, staff: Staff, rng: Random, today: datetime.date
) -> list[Row]:
    rows: list[Row] = []
    users = []
    for i in range(lo, hi):
        first, last = rng.name()
        email = f"deelnemer{i + 1}@{SCALE_DOMAIN}"
        region_id, slot, state = place(i, staff.region_ids)
        if state in CARDED:
            low, high = CARD_MONTHS[state]
            months = rng.randint(low, high)
            card_day = _add_months(today, -months) - datetime.timedelta(days=rng.randrange(0, 25))
            applied = card_day - datetime.timedelta(days=rng.randint(90, 200))
        else:
            low, high = APPLIED_DAYS[state]
            applied = today - datetime.timedelta(days=rng.randint(low, high))
        person = Person(
            uuid=rng.uuid(),
            first_name=first,
            last_name=last,
            email=email,
            phone=rng.phone(),
            postcode=f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
            date_of_birth=today - datetime.timedelta(days=rng.randint(18 * 365, 80 * 365)),
        )
        row = Row(i, slot, person, region_id, state, applied)
        if state in CARDED:
            row.card_day = card_day
        rows.append(row)
        users.append(User(email=email, password=participant_password(rng), is_active=True))
    insert(users)
    for row, user in zip(rows, users, strict=True):
        row.person.user_id = user.pk
    insert([r.person for r in rows])
    insert(
        [
            RoleAssignment(
                uuid=rng.uuid(),
                person=r.person,
                role=Role.PARTICIPANT,
                region_id=r.region_id,
                valid_from=r.applied,
            )
            for r in rows
        ]
    )
    _requests(rows, staff, rng, today)
    _plans_and_cards(rows, staff, rng, today)
    return rows


def _requests(rows: list[Row], staff: Staff, rng: Random, today: datetime.date) -> None:
    requests = []
    for r in rows:
        if r.state != S.APPLIED:
            r.consultant = rng.choice(staff.consultants[r.region_id])
        stop = r.state in STOPPED
        r.request = CardRequest(
            uuid=rng.uuid(),
            participant=r.person,
            region_id=r.region_id,
            municipality_id=rng.choice(staff.municipalities[r.region_id]),
            heard_via=rng.choice(HeardVia.values),
            urgency=Urgency.URGENT if rng.random() < 0.05 else Urgency.NORMAL,
            weight=Weight.HEAVY if rng.random() < 0.3 else Weight.LIGHT,
            weight_confirmed=r.consultant is not None,
            channel=Channel.PHONE if rng.random() < 0.25 else Channel.ONLINE,
            wishes="Ik wil dat anderen weten wat ik nodig heb als het mis gaat.",
            consultant=r.consultant,
            state=r.state,
            stop_reason=rng.choice(StopReason.values[:6]) if stop else "",
            stop_note="Afgesproken met de deelnemer." if stop else "",
            applied_at=moment(r.applied, 9 + rng.randrange(0, 8), rng.randrange(0, 60)),
        )
        requests.append(r.request)
    insert(requests)

    events = []
    conversations = []
    for r in rows:
        assert r.request is not None
        reached = ORDER.index(S.IN_CONVERSATION) if r.state in STOPPED else ORDER.index(r.state)
        path = ORDER[: reached + 1]
        span = max((today - r.applied).days, 1)
        step = max(span // (len(path) + 1), 1)
        previous = ""
        for k, state in enumerate(path):
            day = r.applied + datetime.timedelta(days=min(k * step, span))
            events.append(_event(r, previous, state, day, with_actor=bool(k)))
            previous = state
        if r.state in STOPPED:
            events.append(_event(r, previous, r.state, today - datetime.timedelta(days=3), True))
        if reached >= ORDER.index(S.IN_CONVERSATION) and r.consultant is not None:
            kinds = [ConversationKind.INFORMATIVE]
            if reached >= ORDER.index(S.PLAN_DRAFTED):
                kinds.append(ConversationKind.PLAN)
            if r.state == S.EVALUATED:
                kinds.append(ConversationKind.EVALUATION)
            for k, kind in enumerate(kinds):
                day = min(r.applied + datetime.timedelta(days=14 + 30 * k), today)
                conversation = Conversation(
                    request=r.request,
                    kind=kind,
                    occurred_on=day,
                    duration_minutes=rng.choice((45, 60, 75, 90)),
                    notes="Gesprek over de crisiskaart en wat de deelnemer nodig heeft.",
                    recorded_by=r.consultant,
                )
                r.conversations.append(conversation)
                conversations.append(conversation)
    insert_rows(RequestEvent, EVENT_FIELDS, events)
    insert(conversations)
    through = Conversation.participants.through
    links = []
    for r in rows:
        for c in r.conversations:
            assert r.consultant is not None
            links.append(through(conversation_id=c.pk, person_id=r.person.pk))
            links.append(through(conversation_id=c.pk, person_id=r.consultant.pk))
    insert(links)


EVENT_FIELDS = ("request_id", "actor_id", "occurred_at", "from_state", "to_state", "text")
# The timeline's words, once (the labels are lazy translations).
LABELS: dict[str, str] = {}


def _event(
    r: Row, before: str, after: str, day: datetime.date, with_actor: bool
) -> tuple[object, ...]:
    """A RequestEvent row, as `insert_rows` takes it."""
    assert r.request is not None
    if not LABELS:
        LABELS.update({state.value: str(state.label) for state in S})
    text = f"Status: {LABELS[before]} → {LABELS[after]}" if before else "Aangemeld"
    actor = r.consultant.pk if with_actor and r.consultant is not None else None
    return (r.request.pk, actor, db_datetime(moment(day, 11)), before, after, text)


def _plans_and_cards(rows: list[Row], staff: Staff, rng: Random, today: datetime.date) -> None:
    with_plan = [r for r in rows if _reached(r) >= ORDER.index(S.PLAN_DRAFTED)]
    parties: dict[int, dict[str, Party]] = {}
    party_rows: list[Party] = []
    for r in with_plan:
        gp = staff.org(r.region_id, OrganisationKind.GP_PRACTICE, rng.randrange(0, 1000))
        crisis = staff.org(r.region_id, OrganisationKind.CRISIS_SERVICE)
        mine = {
            "gp": Party(
                uuid=rng.uuid(),
                request=r.request,
                kind=PartyKind.GP,
                name=gp.name,
                organisation=gp,
                phone="030 123 45 67",
            ),
            "crisis": Party(
                uuid=rng.uuid(),
                request=r.request,
                kind=PartyKind.CRISIS_SERVICE,
                name=crisis.name,
                organisation=crisis,
                phone="030 765 43 21",
            ),
            "sister": Party(
                uuid=rng.uuid(),
                request=r.request,
                kind=PartyKind.TRUSTED_PERSON,
                name="Anouk (zus)",
                phone=rng.phone(),
            ),
        }
        parties[r.index] = mine
        party_rows.extend(mine.values())
    insert(party_rows)

    plans, contents = [], {}
    for r in with_plan:
        content = plan_content(r.person.first_name, parties[r.index])
        content["contacts"][0]["phone"] = parties[r.index]["sister"].phone
        contents[r.index] = content
        plans.append(
            CrisisPlan(
                request=r.request,
                draft=content,
                draft_revision=3,
                draft_saved_at=moment(r.applied + datetime.timedelta(days=40), 15),
                draft_saved_by=r.person,
            )
        )
    insert(plans)

    versioned = [
        (r, plan)
        for r, plan in zip(with_plan, plans, strict=True)
        if _reached(r) >= ORDER.index(S.AWAITING_SIGNATURES)
    ]
    versions = []
    for r, plan in versioned:
        versions.append(
            PlanVersion(
                plan=plan,
                number=1,
                content=contents[r.index],
                content_hash=content_hash(contents[r.index]),
                established_at=moment(_card_day(r, today) - datetime.timedelta(days=14), 14),
                established_by=r.person,
            )
        )
    insert(versions)

    signatures, cards, links = [], [], []
    signed_by: dict[int, list[Signature]] = {}
    for (r, _), version in zip(versioned, versions, strict=True):
        signed = r.state in CARDED
        when = version.established_at
        for party in parties[r.index].values():
            agreements = schema.agreements_for(version.content, str(party.uuid))
            signatures.append(
                Signature(
                    version=version,
                    party=party,
                    agreements_hash=content_hash(agreements),
                    status=SignatureStatus.SIGNED if signed else SignatureStatus.REQUESTED,
                    requested_at=when,
                    expires_at=None if signed else when + datetime.timedelta(days=28),
                    signed_at=when + datetime.timedelta(days=3) if signed else None,
                    typed_name=party.name if signed else "",
                )
            )
            signed_by.setdefault(r.index, []).append(signatures[-1])
        if not signed:
            continue
        issued_on = _card_day(r, today)
        r.card = Card(
            uuid=rng.uuid(),
            request=r.request,
            version=version,
            number=f"CK-{issued_on:%Y}-S{r.index + 1:07d}",
            panels=prefill_panels(version, r.person),
            status=CardStatus.ISSUED,
            issued_on=issued_on,
        )
        cards.append(r.card)
        r.link = EmergencyLink(
            holder=r.person, token=rng.token()[:43], created_at=moment(issued_on, 12)
        )
        links.append(r.link)
    insert(signatures)
    reissue(rows, parties, signed_by, rng, today)
    insert(cards)
    insert(links)
    _evaluations([r for r, _ in versioned if r.card is not None], rng, today)


def _reached(r: Row) -> int:
    return ORDER.index(S.IN_CONVERSATION) if r.state in STOPPED else ORDER.index(r.state)


def _card_day(r: Row, today: datetime.date) -> datetime.date:
    """The day the card was issued, or for a version still being signed, about when."""
    return r.card_day or min(r.applied + datetime.timedelta(days=90), today)


def _evaluations(rows: list[Row], rng: Random, today: datetime.date) -> None:
    evaluations: list[Evaluation] = []
    findings_for: list[tuple[Evaluation, list[str], list[str]]] = []
    for r in rows:
        assert r.card is not None and r.card.issued_on is not None
        due = _add_months(r.card.issued_on, 12)
        while due <= today:
            completed = r.state == S.EVALUATED and due <= today - datetime.timedelta(days=20)
            if not completed and r.state != S.EVALUATION_DUE:
                break
            used = rng.random() < 0.4
            used_by = sorted(rng.sample(USED_BY, rng.randint(1, 3))) if used else []
            respected = [u for u in used_by if rng.random() < 0.8]
            evaluation = Evaluation(
                card=r.card,
                due_on=due,
                invited_at=moment(due - datetime.timedelta(days=28), 7),
                completed_at=moment(due + datetime.timedelta(days=10), 14) if completed else None,
                crisis_happened=used if completed else None,
                card_used=used if completed else None,
                used_by=used_by if completed else [],
                respected_by=respected if completed else [],
                outcome=EvaluationOutcome.UNCHANGED if completed else "",
            )
            evaluations.append(evaluation)
            if completed:
                findings_for.append((evaluation, used_by, respected))
            if not completed:
                break
            due = _add_months(due, 12)
    insert(evaluations)
    findings = [
        EvaluationFinding(evaluation=e, kind=kind, code=code)
        for e, used_by, respected in findings_for
        for kind, codes in ((FindingKind.USED_BY, used_by), (FindingKind.RESPECTED_BY, respected))
        for code in codes
    ]
    insert(findings)

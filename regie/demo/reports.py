"""Demo data for the reports: anonymised history in the demo region.

Adds about eighty finished trajectories of the past two years to Utrecht, with
nothing personal beyond a generated name: applications by several routes,
cards with yearly evaluations and their coded findings, and trajectories that
stopped for various reasons. Enough volume that the report shows real figures
*and* hidden small ones, also in the default report (the last completed
quarter at seeding time). Everything is created with bulk_create.

The history is finished work only (stopped, card issued, evaluated or ended),
so it does not fill the matching queue or anybody's workload. Demo
evaluations made by the crisis-card demo without findings get their findings
here (as the evaluation service writes them now).

Idempotent: the history is added once (marker: participants with e-mail
addresses at HISTORY_DOMAIN); findings only where an evaluation has none.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    CrisisPlan,
    EmergencyLink,
    Evaluation,
    EvaluationFinding,
    EvaluationOutcome,
    EvaluationTheme,
    FindingKind,
    HeardVia,
    PlanVersion,
    RequestEvent,
    RequestState,
    StopReason,
    content_hash,
)
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Person, Region
from regie.reports.quarters import last_completed

HISTORY_DOMAIN = "historie.regie.example"
S = RequestState
PATH: list[str] = [S.APPLIED, S.MATCHED, S.IN_CONVERSATION, S.PLAN_DRAFTED, S.AWAITING_SIGNATURES]


@dataclass(frozen=True)
class History:
    """One finished (or carded) trajectory, described by dates and codes only."""

    applied_on: datetime.date
    heard_via: str
    reached: str = S.APPLIED  # the furthest step before a card (ignored when carded)
    stop_reason: str = ""  # set: the trajectory stopped after `reached`
    card_on: datetime.date | None = None
    evaluated_on: datetime.date | None = None
    outcome: str = EvaluationOutcome.UNCHANGED
    used_by: tuple[str, ...] = ()
    respected_by: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def add_history(
    region: Region,
    histories: Sequence[History],
    *,
    domain: str = HISTORY_DOMAIN,
    consultant: Person | None = None,
) -> list[CardRequest]:
    """Create the trajectories in bulk (a fixed number of queries); returns the requests."""
    start = Person.objects.filter(email__endswith=f"@{domain}").count()
    people = Person.objects.bulk_create(
        [
            Person(
                first_name="Deelnemer",
                last_name=f"{start + n + 1:03d}",
                email=f"deelnemer{start + n + 1:03d}@{domain}",
            )
            for n in range(len(histories))
        ]
    )
    requests = CardRequest.objects.bulk_create(
        [
            _request(region, person, h, consultant)
            for person, h in zip(people, histories, strict=True)
        ]
    )
    events: list[RequestEvent] = []
    for request, h in zip(requests, histories, strict=True):
        events += _events(request, h)
    RequestEvent.objects.bulk_create(events)

    carded = [(r, h) for r, h in zip(requests, histories, strict=True) if h.card_on]
    plans = CrisisPlan.objects.bulk_create(
        [CrisisPlan(request=r, draft=schema.empty_plan()) for r, _h in carded]
    )
    empty = schema.empty_plan()
    versions = PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan=plan,
                number=1,
                content=empty,
                content_hash=content_hash(empty),
                established_at=_at(h.card_on),  # type: ignore[arg-type]  # only carded histories get here
                established_by=r.participant,
            )
            for plan, (r, h) in zip(plans, carded, strict=True)
        ]
    )
    cards = Card.objects.bulk_create(
        [
            Card(
                request=r,
                version=version,
                number=f"CK-H{r.pk:06d}",
                status=CardStatus.ENDED
                if h.evaluated_on and h.outcome == EvaluationOutcome.ENDED
                else CardStatus.ISSUED,
                issued_on=h.card_on,
                ended_on=h.evaluated_on if h.outcome == EvaluationOutcome.ENDED else None,
            )
            for version, (r, h) in zip(versions, carded, strict=True)
        ]
    )
    # Every holder got their emergency link with their card; an ended card's link is revoked.
    EmergencyLink.objects.bulk_create(
        [
            EmergencyLink(
                holder_id=card.request.participant_id,
                created_at=_at(card.issued_on),  # type: ignore[arg-type]  # every demo card here is issued
                revoked_at=_at(card.ended_on) if card.ended_on else None,
            )
            for card in cards
        ]
    )
    evaluated = [(c, h) for c, (_r, h) in zip(cards, carded, strict=True) if h.evaluated_on]
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(
                card=card,
                due_on=h.evaluated_on,  # type: ignore[misc]  # set: see `evaluated`
                invited_at=_at(h.evaluated_on),  # type: ignore[arg-type]  # set: see `evaluated`
                completed_at=_at(h.evaluated_on),  # type: ignore[arg-type]  # set: see `evaluated`
                crisis_happened=bool(h.used_by),
                card_used=bool(h.used_by),
                used_by=list(h.used_by),
                respected_by=list(h.respected_by),
                outcome=h.outcome,
            )
            for card, h in evaluated
        ]
    )
    findings = []
    for evaluation, (_card, h) in zip(evaluations, evaluated, strict=True):
        for kind, codes in (
            (FindingKind.USED_BY, h.used_by),
            (FindingKind.RESPECTED_BY, h.respected_by),
            (FindingKind.THEME, h.themes),
        ):
            findings += [EvaluationFinding(evaluation=evaluation, kind=kind, code=c) for c in codes]
    EvaluationFinding.objects.bulk_create(findings)
    return requests


STOP_NOTE = "Historie voor de demo: gestopt zonder verdere toelichting."


def _final_state(h: History) -> tuple[str, str]:
    if h.card_on is None:
        if not h.stop_reason:
            return h.reached, ""
        return (S.WITHDRAWN if h.reached == S.APPLIED else S.CLOSED), h.stop_reason
    if h.evaluated_on is None:
        return S.CARD_ISSUED, ""
    if h.outcome == EvaluationOutcome.ENDED:
        return S.CLOSED, StopReason.CARD_ENDED
    if h.outcome == EvaluationOutcome.UPDATED:
        return S.PLAN_DRAFTED, ""
    return S.EVALUATED, ""


def _request(region: Region, person: Person, h: History, consultant: Person | None) -> CardRequest:
    state, reason = _final_state(h)
    return CardRequest(
        participant=person,
        region=region,
        heard_via=h.heard_via,
        channel=Channel.ONLINE,
        consultant=None if h.reached == S.APPLIED and not h.card_on else consultant,
        state=state,
        stop_reason=reason,
        stop_note=STOP_NOTE if reason else "",
        applied_at=_at(h.applied_on),
    )


def _events(request: CardRequest, h: History) -> list[RequestEvent]:
    path = [*PATH, S.CARD_ISSUED] if h.card_on else PATH[: PATH.index(h.reached) + 1]
    end = h.card_on or h.applied_on + datetime.timedelta(days=30)
    step = max(1, (end - h.applied_on).days // len(path))
    events = [
        RequestEvent(
            request=request,
            occurred_at=_at(h.applied_on + datetime.timedelta(days=i * step)),
            from_state=before,
            to_state=after,
            text="",
        )
        for i, (before, after) in enumerate(zip(["", *path], path, strict=False))
    ]
    state, _reason = _final_state(h)
    if state != path[-1]:
        events.append(
            RequestEvent(
                request=request,
                occurred_at=_at(h.evaluated_on or end),
                from_state=path[-1],
                to_state=state,
                text="",
            )
        )
    return events


def _months_ago(today: datetime.date, months: int, day: int = 10) -> datetime.date:
    month = today.month - 1 - months
    return datetime.date(today.year + month // 12, month % 12 + 1, day)


ROUTES = [
    HeardVia.CARE_PROVIDER,
    HeardVia.GP,
    HeardVia.CARE_PROVIDER,
    HeardVia.FAMILY,
    HeardVia.CARE_PROVIDER,
    HeardVia.GP,
    HeardVia.PEER,
    HeardVia.INFORMATION_SESSION,
]
STOPS = [
    (S.APPLIED, StopReason.NO_CONTACT),
    (S.MATCHED, StopReason.NOT_READY),
    (S.IN_CONVERSATION, StopReason.NOT_READY),
    (S.PLAN_DRAFTED, StopReason.OTHER_HELP),
    (S.IN_CONVERSATION, StopReason.NO_NEED),
    (S.MATCHED, StopReason.NOT_READY),
    (S.APPLIED, StopReason.MOVED),
    (S.IN_CONVERSATION, StopReason.HEALTH),
]
THEMES = [
    (EvaluationTheme.WISH_CONTACT_PERSON, EvaluationTheme.BOTTLENECK_NOT_ASKED),
    (EvaluationTheme.WISH_CONTACT_PERSON,),
    (EvaluationTheme.WISH_CONTACT_PERSON, EvaluationTheme.WISH_MEDICATION),
    (EvaluationTheme.BOTTLENECK_OUTDATED,),
]
LEADS = [2, 2, 4, 2, 7, 2, 4, 14]  # months from application to card


def demo_histories(today: datetime.date) -> list[History]:
    """About fifty trajectories spread over the past two years (deterministic)."""
    histories = []
    for n in range(30):
        applied = _months_ago(today, 2 + (n * 5) % 22, day=1 + n % 27)
        lead = LEADS[n % len(LEADS)]
        card_on = _months_ago(today, 2 + (n * 5) % 22 - lead, day=1 + (n + 3) % 27)
        if card_on >= today:
            card_on = today - datetime.timedelta(days=7)
        age = (today - card_on).days
        evaluated_on = None
        outcome = EvaluationOutcome.UNCHANGED
        if age > 365:
            evaluated_on = card_on + datetime.timedelta(days=365)
            outcome = EvaluationOutcome.ENDED if age > 540 else EvaluationOutcome.UNCHANGED
        histories.append(
            History(
                applied_on=applied,
                heard_via=ROUTES[n % len(ROUTES)],
                card_on=card_on,
                evaluated_on=evaluated_on,
                outcome=outcome,
                used_by=("crisis_service", "police") if n % 3 else ("crisis_service",),
                respected_by=("crisis_service",) if n % 4 else ("crisis_service", "relatives"),
                themes=THEMES[n % len(THEMES)],
            )
        )
    for n in range(22):
        reached, reason = STOPS[n % len(STOPS)]
        histories.append(
            History(
                applied_on=_months_ago(today, 1 + (n * 7) % 20, day=1 + (n * 3) % 27),
                heard_via=ROUTES[(n + 3) % len(ROUTES)],
                reached=reached,
                stop_reason=reason,
            )
        )
    return histories + last_quarter_histories(today)


def last_quarter_histories(today: datetime.date) -> list[History]:
    """A busy last completed quarter, so the default report shows real and hidden figures.

    14 applications in its first month (12 via a care provider, 2 via the GP)
    with a card in its third month; 3 applications in its second month that
    stopped; 11 yearly evaluations recorded in its second month, 10 with the
    wish for a contact person and 1 with the wish about medication.
    """
    quarter = last_completed(today)
    first, second, third = (datetime.date(y, m, 1) for y, m in quarter.months())
    carded = [
        History(
            applied_on=first + datetime.timedelta(days=n % 20),
            heard_via=HeardVia.CARE_PROVIDER if n < 12 else HeardVia.GP,
            card_on=third + datetime.timedelta(days=n % 20),
            used_by=(),
        )
        for n in range(14)
    ]
    stopped = [
        History(
            applied_on=second + datetime.timedelta(days=n),
            heard_via=HeardVia.FAMILY,
            reached=S.MATCHED,
            stop_reason=StopReason.NOT_READY,
        )
        for n in range(3)
    ]
    evaluated = [
        History(
            applied_on=_months_ago(second, 14, day=1 + n),
            heard_via=HeardVia.CARE_PROVIDER,
            card_on=_months_ago(second, 12, day=1 + n),
            evaluated_on=second + datetime.timedelta(days=n),
            used_by=("crisis_service",),
            respected_by=("crisis_service",),
            themes=(EvaluationTheme.WISH_CONTACT_PERSON,)
            if n < 10
            else (EvaluationTheme.WISH_MEDICATION,),
        )
        for n in range(11)
    ]
    return carded + stopped + evaluated


def _add_missing_findings() -> None:
    """Findings for the crisis-card demo's completed evaluations (made without findings)."""
    lacking = Evaluation.objects.filter(
        completed_at__isnull=False,
        card__request__participant__email__endswith=f"@{DEMO_DOMAIN}",
    ).filter(~Exists(EvaluationFinding.objects.filter(evaluation=OuterRef("pk"))))
    findings = []
    for evaluation in lacking.only("pk", "used_by", "respected_by"):
        findings += [
            EvaluationFinding(evaluation=evaluation, kind=FindingKind.USED_BY, code=code)
            for code in dict.fromkeys(evaluation.used_by)
        ]
        findings += [
            EvaluationFinding(evaluation=evaluation, kind=FindingKind.RESPECTED_BY, code=code)
            for code in dict.fromkeys(evaluation.respected_by)
        ]
        findings.append(
            EvaluationFinding(
                evaluation=evaluation,
                kind=FindingKind.THEME,
                code=EvaluationTheme.BOTTLENECK_OUTDATED,
            )
        )
    EvaluationFinding.objects.bulk_create(findings, ignore_conflicts=True)


@transaction.atomic
def seed() -> None:
    _add_missing_findings()
    region = Region.objects.filter(slug="utrecht").first()
    if region is None or Person.objects.filter(email__endswith=f"@{HISTORY_DOMAIN}").exists():
        return
    consultant = Person.objects.filter(email=f"consulent.hbo@{DEMO_DOMAIN}").first()
    add_history(region, demo_histories(timezone.localdate()), consultant=consultant)

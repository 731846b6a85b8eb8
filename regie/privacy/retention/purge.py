"""Retention: the daily purge of data whose keeping period has ended.

Periods come from settings (docs/privacy.md):
- a crisis card request that ended (withdrawn or closed) without a card:
  REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS after it ended;
- a request that had a card, once ended and no card of it is still in use:
  REGIE_RETENTION_ENDED_CARD_YEARS after it ended;
- a closed recovery case: REGIE_RETENTION_CLOSED_CASE_YEARS after closing;
- a logged use of an API token (it holds the caller's address):
  REGIE_RETENTION_API_TOKEN_USE_DAYS after it; a token that ended (revoked or
  expired) that long ago goes too, once no use of it is left.

What expires goes through the erasure shredders and is logged as a deletion.
A person left with nothing (no request, case or place as a relative, no
staff role) is then erased as on request, with a certificate (reason
"retention").
The access log is never purged here (see docs/privacy.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.crisiscard.models import Card, CardRequest, CardStatus, RequestState
from regie.people.apitokens.services import purge_uses
from regie.people.models import Person
from regie.recovery.models import CaseState, RecoveryCase

from ..erasure.services import erase_when_nothing_left
from ..erasure.shredders import shred_card_request, shred_recovery_case

ENDED_STATES = (RequestState.WITHDRAWN, RequestState.CLOSED)


@dataclass
class PurgeReport:
    requests_without_card: int = 0
    ended_card_trajectories: int = 0
    closed_recovery_cases: int = 0
    people_erased: int = 0
    api_token_uses: int = 0
    ended_api_tokens: int = 0

    def summary(self) -> str:
        return (
            f"purged {self.requests_without_card} requests that ended without a card, "
            f"{self.ended_card_trajectories} ended card trajectories, "
            f"{self.closed_recovery_cases} closed recovery cases, "
            f"{self.people_erased} people with nothing left (erased, with a certificate), "
            f"{self.api_token_uses} API token uses and {self.ended_api_tokens} ended API tokens; "
            "the access log is kept."
        )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ended_requests(
    today: datetime.date, *, with_card: bool, ended_before: datetime.date
) -> list[CardRequest]:
    """Ended requests, with or without a card, whose end lies before `ended_before`.

    The end is the last move into an ended state; a request that has no such
    event counts from when it applied."""
    has_card = Exists(Card.objects.filter(request=OuterRef("pk")))
    live_card = Exists(Card.objects.filter(request=OuterRef("pk")).exclude(status=CardStatus.ENDED))
    requests = (
        CardRequest.objects.filter(state__in=ENDED_STATES)
        .annotate(ended_at=Max("events__occurred_at", filter=Q(events__to_state__in=ENDED_STATES)))
        .select_related("participant")
    )
    requests = requests.filter(has_card) if with_card else requests.exclude(has_card)
    if with_card:
        requests = requests.exclude(live_card)
    # Decided in the database, not by loading every ended request: "ended (UTC)
    # on a day before `ended_before`" is "ended before that day's start, UTC".
    start = _start_of(ended_before)
    return list(requests.annotate(ended=Coalesce("ended_at", "applied_at")).filter(ended__lt=start))


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC)


def purge(today: datetime.date) -> PurgeReport:
    """Purge everything whose retention ended before `today`. Idempotent."""
    report = PurgeReport()
    without_card = _ended_requests(
        today,
        with_card=False,
        ended_before=today
        - datetime.timedelta(days=settings.REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS),
    )
    with_card = _ended_requests(
        today,
        with_card=True,
        ended_before=_years_before(today, settings.REGIE_RETENTION_ENDED_CARD_YEARS),
    )
    cases = list(
        RecoveryCase.objects.filter(
            state=CaseState.CLOSED,
            closed_on__lt=_years_before(today, settings.REGIE_RETENTION_CLOSED_CASE_YEARS),
        ).select_related("client")
    )
    for card_request in [*without_card, *with_card]:
        with transaction.atomic():
            _log(ObjectType.CARD_REQUEST, card_request.uuid, card_request.participant)
            shred_card_request(card_request)
    for case in cases:
        with transaction.atomic():
            _log(ObjectType.RECOVERY_CASE, case.uuid, case.client)
            shred_recovery_case(case)
    # Whose last request or case just went: erased as on request, when nothing
    # of theirs is left and they hold no staff role (erase_when_nothing_left).
    touched = {r.participant_id: r.participant for r in [*without_card, *with_card]}
    touched |= {case.client_id: case.client for case in cases}
    for person in touched.values():
        if erase_when_nothing_left(person) is not None:
            report.people_erased += 1
    report.requests_without_card = len(without_card)
    report.ended_card_trajectories = len(with_card)
    report.closed_recovery_cases = len(cases)
    # A technical log of staff's API calls, not anyone's file: deleted without
    # a log event (the reads it made stay in the access log).
    report.api_token_uses, report.ended_api_tokens = purge_uses(
        _start_of(today - datetime.timedelta(days=settings.REGIE_RETENTION_API_TOKEN_USE_DAYS))
    )
    return report


def _log(object_type: ObjectType, object_id: object, subject: Person) -> None:
    record_many(
        actor=None,
        action=Action.DELETE,
        purpose="privacy:retention_purge",
        object_type=object_type,
        items=[(str(object_id), subject)],
        legal_basis="retention period ended",
    )


def retention_job(today: datetime.date) -> str:
    return purge(today).summary()

"""Matching: suggestion runs over a region's queue, the coordinator's
decisions, applicants' wishes and consultants' work profiles.

Who may: the coordinator of the region, for every function here. Each raises
CoordinationError with a translated message when the change is refused, and
then nothing is written. Assigning goes through
`crisiscard.services.requests.request_assign`, the one door for assigning (its
rules: region, level, independence, overload and the region's limit), which
logs the change.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.crisiscard.models import CardRequest, RequestState
from regie.crisiscard.services import requests as request_services
from regie.crisiscard.services.errors import CrisisCardError
from regie.people.models import Person, Region, Role

from ..access import coordinated_region_ids
from ..errors import CoordinationError
from . import engine
from . import selectors as sel
from .models import (
    Gender,
    MatchingRun,
    MatchingSuggestion,
    MatchingWish,
    RunStatus,
    SuggestionDecision,
    Weekday,
    WorkProfile,
)

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")

# What the edit forms show; a save based on other values is stale.
WISH = StaleGuard(
    (
        "wants_peer_expertise",
        "language",
        "consultant_gender",
        "available_days",
        "previous_consultant_id",
    )
)
WORK_PROFILE = StaleGuard(("gender", "languages", "available_days", "capacity"))


def _require_coordinator(actor: Actor, region_id: int) -> None:
    if actor.person is None or region_id not in coordinated_region_ids(actor):
        raise CoordinationError(_("Only the coordinator of this region can do this."))


@transaction.atomic
def matching_run(*, actor: Actor, region: Region, run: MatchingRun | None = None) -> MatchingRun:
    """Suggest a consultant for every application waiting in the region, all at
    once (see matching/engine.py), and store the suggestions with their reasons.

    With `run` (a run asked for on the page, matching/runs.py) the suggestions
    go into that run and it becomes done; otherwise a new run is made.
    Who may: the region's coordinator. Raises CoordinationError otherwise, or
    when no application is waiting.
    """
    _require_coordinator(actor, region.pk)
    queue = sel.matching_queue(region)
    if not queue:
        raise CoordinationError(_("No application is waiting for a consultant."))
    pool = sel.candidates(region)
    needs, offers = sel.engine_input(queue, pool)
    solution = engine.solve(needs, offers)
    assert actor.person is not None  # staff services: the access check needs a person
    if run is None:
        run = MatchingRun.objects.create(
            region=region, created_by=actor.person, total_cost=round(solution.total, 4)
        )
    else:
        run.total_cost = round(solution.total, 4)
        run.status = RunStatus.DONE
        run.save(update_fields=["total_cost", "status"])
    MatchingSuggestion.objects.bulk_create(
        MatchingSuggestion(
            run=run,
            request=item.request,
            consultant=pool[index].person if index is not None else None,
            cost=round(cost, 4),
            reasons=reasons,
        )
        for item, index, cost, reasons in zip(
            queue, solution.assignment, solution.costs, solution.reasons, strict=True
        )
    )
    return run


def _pending(actor: Actor, suggestion: MatchingSuggestion) -> CardRequest:
    _require_coordinator(actor, suggestion.run.region_id)
    locked = MatchingSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.decision != SuggestionDecision.PENDING:
        raise CoordinationError(_("This suggestion has already been decided."))
    request = CardRequest.objects.select_related("region", "participant").get(
        pk=suggestion.request_id
    )
    if request.state != RequestState.APPLIED:
        raise CoordinationError(
            _("This application is no longer waiting for a consultant. Run the suggestions again.")
        )
    return request


def _assign(actor: Actor, request: CardRequest, consultant: Person) -> None:
    """Through the one door for assigning (crisiscard's request_assign), which
    refuses with the same reasons as the request page."""
    try:
        request_services.request_assign(actor=actor, request=request, consultant=consultant)
    except CrisisCardError as error:
        raise CoordinationError(str(error)) from error


def _decide(
    actor: Actor,
    suggestion: MatchingSuggestion,
    decision: str,
    chosen: Person | None,
    note: str = "",
) -> MatchingSuggestion:
    suggestion.decision = decision
    suggestion.chosen_consultant = chosen
    suggestion.decision_note = note[:300]
    suggestion.decided_by = actor.person
    suggestion.decided_at = timezone.now()
    suggestion.save(
        update_fields=[
            "decision",
            "chosen_consultant",
            "decision_note",
            "decided_by",
            "decided_at",
        ]
    )
    return suggestion


@transaction.atomic
def suggestion_accept(*, actor: Actor, suggestion: MatchingSuggestion) -> MatchingSuggestion:
    """Assign the suggested consultant. Raises CoordinationError when the
    suggestion has no consultant, is decided, the application is no longer
    waiting, or the consultant may no longer take it (rules or room)."""
    request = _pending(actor, suggestion)
    if suggestion.consultant is None:
        raise CoordinationError(
            _("There is no suggestion to accept. Choose a consultant or reject it.")
        )
    _assign(actor, request, suggestion.consultant)
    return _decide(actor, suggestion, SuggestionDecision.ACCEPTED, suggestion.consultant)


@transaction.atomic
def suggestion_change(
    *, actor: Actor, suggestion: MatchingSuggestion, consultant: Person
) -> MatchingSuggestion:
    """Assign another consultant than suggested. Refused with the reason when
    that breaks a hard rule: not an active consultant here, MBO for a heavy
    situation, not independent, full or overloaded."""
    request = _pending(actor, suggestion)
    _assign(actor, request, consultant)
    return _decide(actor, suggestion, SuggestionDecision.CHANGED, consultant)


@transaction.atomic
def suggestion_reject(
    *, actor: Actor, suggestion: MatchingSuggestion, note: str = ""
) -> MatchingSuggestion:
    """Reject a suggestion; the application stays in the queue."""
    _require_coordinator(actor, suggestion.run.region_id)
    locked = MatchingSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.decision != SuggestionDecision.PENDING:
        raise CoordinationError(_("This suggestion has already been decided."))
    return _decide(actor, suggestion, SuggestionDecision.REJECTED, None, note.strip())


def _clean_days(days: list[str]) -> list[str]:
    unknown = [d for d in days if d not in Weekday.values]
    if unknown:
        raise CoordinationError(_("Choose days from the list."))
    return [d for d in Weekday.values if d in days]


@transaction.atomic
def wish_save(
    *,
    actor: Actor,
    request: CardRequest,
    wants_peer_expertise: bool,
    language: str,
    consultant_gender: str,
    available_days: list[str],
    previous_consultant: Person | None,
    seen: str,
) -> MatchingWish:
    """Record the applicant's wishes for their consultant. Raises
    CoordinationError for another region, a stopped request, a language that
    is not a two- or three-letter code, or an unknown gender or day; StaleSave
    when someone else saved the wishes after `seen` (WISH's fingerprint)."""
    _require_coordinator(actor, request.region_id)
    WISH.lock_one(MatchingWish, anchor=request, seen=seen, request=request)
    if request.state in (RequestState.WITHDRAWN, RequestState.CLOSED):
        raise CoordinationError(_("This request has stopped; its wishes can no longer change."))
    language = language.strip().lower()
    if language and not LANGUAGE_CODE.match(language):
        raise CoordinationError(_("Give the language as a code of two letters, such as tr or ar."))
    if consultant_gender and consultant_gender not in Gender.values:
        raise CoordinationError(_("Choose a gender from the list."))
    wish, _created = MatchingWish.objects.update_or_create(
        request=request,
        defaults={
            "wants_peer_expertise": wants_peer_expertise,
            "language": language,
            "consultant_gender": consultant_gender,
            "available_days": _clean_days(available_days),
            "previous_consultant": previous_consultant,
        },
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="coordination:wish_edit",
        object_type=ObjectType.CARD_REQUEST,
        object_id=str(request.uuid),
        subject=request.participant,
        part="matching_wish",
        role=Role.COORDINATOR,
    )
    return wish


def parse_languages(text: str) -> list[str]:
    """ "tr, ar en" → ["tr", "ar", "en"]; raises CoordinationError for a non-code."""
    codes = [c for c in re.split(r"[\s,;]+", text.strip().lower()) if c]
    wrong = [c for c in codes if not LANGUAGE_CODE.match(c)]
    if wrong:
        raise CoordinationError(
            _("Not a language code: %(codes)s. Use codes of two letters, such as tr, ar or en.")
            % {"codes": ", ".join(wrong)},
            field="languages",
        )
    return list(dict.fromkeys(codes))


@transaction.atomic
def work_profile_save(
    *,
    actor: Actor,
    region: Region,
    person: Person,
    gender: str,
    languages: list[str],
    available_days: list[str],
    capacity: int,
    seen: str,
) -> WorkProfile:
    """Set a consultant's matching facts. Who may: the coordinator of a region
    where the person is an active consultant. Raises CoordinationError
    otherwise, or for an unknown gender or day or a capacity outside 0–100;
    StaleSave when someone else saved the profile after `seen` (WORK_PROFILE's
    fingerprint)."""
    _require_coordinator(actor, region.pk)
    WORK_PROFILE.lock_one(WorkProfile, anchor=person, seen=seen, person=person)
    if not sel.consultant_roles(region).filter(person=person).exists():
        raise CoordinationError(_("This person is not an active consultant in this region."))
    if gender and gender not in Gender.values:
        raise CoordinationError(_("Choose a gender from the list."))
    if not 0 <= capacity <= 100:
        raise CoordinationError(_("The number of trajectories must be between 0 and 100."))
    for code in languages:
        if not LANGUAGE_CODE.match(code):
            raise CoordinationError(
                _("Give languages as codes of two letters, such as tr or ar."), field="languages"
            )
    profile, _created = WorkProfile.objects.update_or_create(
        person=person,
        defaults={
            "gender": gender,
            "languages": list(dict.fromkeys(languages)),
            "available_days": _clean_days(available_days),
            "capacity": capacity,
        },
    )
    return profile

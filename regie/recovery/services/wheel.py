"""Wheel assessments: the client's scores per life area, and the team's own view.

An assessment is never changed after it is recorded. A new score is a new
assessment; the team's view is a separate assessment with perspective "team",
so it can never overwrite what the client said. The client scores their own
view on their own pages; a team member types it in only when the client asks,
and the assessment says so (docs/decisions/0024).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.privacy.restriction import ensure_not_restricted

from ..access import CLIENT_LOG_ROLE
from ..models import (
    CaseMember,
    CaseState,
    LifeArea,
    Perspective,
    RecoveryCase,
    WheelAssessment,
    WheelScore,
)
from .errors import RecoveryError

SCORE_MIN = 0
SCORE_MAX = 10
NOTE_MAX_LENGTH = 500


def _current_team_roles(actor: Actor, case: RecoveryCase) -> list[str]:
    if actor.person is None:
        return []
    memberships = (
        CaseMember.objects.current()
        .filter(case=case, person=actor.person)
        .values_list("team_role", flat=True)
    )
    return sorted(role for role in memberships if actor.has_role(role))


def _checked_scores(
    scores: dict[int, tuple[int, str]], areas: list[LifeArea]
) -> list[tuple[LifeArea, int, str]]:
    active_ids = {area.pk for area in areas}
    unknown = set(scores) - active_ids
    if unknown:
        raise RecoveryError(_("Scores can only be given for life areas that are in use."))
    checked = []
    for area in areas:
        if area.pk not in scores:
            raise RecoveryError(
                _("Give a score from 0 to 10 for “%(area)s”.") % {"area": area.name}
            )
        score, note = scores[area.pk]
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not SCORE_MIN <= score <= SCORE_MAX
        ):
            raise RecoveryError(
                _("The score for “%(area)s” must be a whole number from 0 to 10.")
                % {"area": area.name}
            )
        note = (note or "").strip()
        if len(note) > NOTE_MAX_LENGTH:
            raise RecoveryError(
                _("The note for “%(area)s” can be at most %(max)d characters.")
                % {"area": area.name, "max": NOTE_MAX_LENGTH}
            )
        checked.append((area, score, note))
    return checked


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    case: RecoveryCase,
    perspective: str,
    scores: dict[int, tuple[int, str]],
    note: str = "",
    assessed_on: datetime.date | None = None,
    client_asked: bool = False,
) -> WheelAssessment:
    """Record one wheel assessment: a score 0–10 (and a short note) for every life area.

    Who may: the client of the case, for their own view (perspective
    "client"); a member of the case's current team (case director, peer
    expert, family peer expert) for the team's separate view, and for the
    client's own view only when the client asked them to type it in
    (`client_asked`), which the assessment keeps and the pages show.
    What changes: one new WheelAssessment with one WheelScore per active life
    area, and one access-log entry. Earlier assessments are never touched.
    Raises RecoveryError when the actor is neither the client nor on the
    team, the client gives another view than their own, a team member enters
    the client's view without the client's request, the case is closed, the
    perspective is unknown, a life area in use has no score, a score is
    outside 0–10, or the date is in the future or before the case was opened.
    """
    ensure_not_restricted(case.client_id)
    is_client = actor.person is not None and actor.person.pk == case.client_id
    team_roles = [] if is_client else _current_team_roles(actor, case)
    if not (is_client or team_roles):
        raise RecoveryError(_("Only the client and their current team can add wheel scores."))
    if case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed. Wheel scores can no longer be added."))
    if perspective not in Perspective.values:
        raise RecoveryError(_("Choose whose view these scores are."))
    if is_client and perspective != Perspective.CLIENT:
        raise RecoveryError(_("Your scores are always your own view."))
    entered_for_client = not is_client and perspective == Perspective.CLIENT
    if entered_for_client and not client_asked:
        raise RecoveryError(
            _(
                "The client scores the wheel themselves, on their own page. Enter the "
                "client's own view only when the client asks you to, and tick that they did."
            )
        )
    day = assessed_on or timezone.localdate()
    if day > timezone.localdate():
        raise RecoveryError(_("The date cannot be in the future."))
    if day < case.opened_on:
        raise RecoveryError(
            _("The date cannot be before the case was opened (%(date)s).")
            % {"date": case.opened_on.strftime("%d-%m-%Y")}
        )
    areas = list(LifeArea.objects.filter(is_active=True))
    checked = _checked_scores(scores, areas)
    assert actor.person is not None
    assessment = WheelAssessment.objects.create(
        case=case,
        assessed_on=day,
        perspective=perspective,
        recorded_by=actor.person,
        entered_for_client=entered_for_client,
        note=(note or "").strip(),
    )
    WheelScore.objects.bulk_create(
        WheelScore(assessment=assessment, life_area=area, score=score, note=area_note)
        for area, score, area_note in checked
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:my_wheel_add" if is_client else "recovery:assessment_add",
        object_type=ObjectType.RECOVERY_CASE,
        object_id=str(case.uuid),
        subject=case.client,
        part=f"{perspective} (at the client's request)" if entered_for_client else perspective,
        role=CLIENT_LOG_ROLE if is_client else team_roles[0],
        on_behalf_of=case.client if entered_for_client else None,
    )
    return assessment

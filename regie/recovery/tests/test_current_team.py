"""One definition of "the current team" (CaseMember.objects.current()): between
approving a future-dated handover and its date the outgoing director still
leads the case everywhere, and from that date the incoming one does."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from regie.core.policy import actor_for_user
from regie.recovery import access
from regie.recovery.models import TeamRole
from regie.recovery.selectors.cases import current_team
from regie.recovery.services.cases import current_member, handover_decide, handover_request
from regie.recovery.services.errors import RecoveryError
from regie.recovery.services.family import relative_add
from regie.recovery.services.partners import current_team_person_ids
from regie.recovery.services.wheel import assessment_record

from .cases_helpers import second_director
from .wheel_helpers import all_scores

pytestmark = pytest.mark.django_db

PURPOSE = "recovery:wheel_record"


def future_handover(world, days: int = 7):
    """An approved handover from the case_director persona to a second
    director, `days` from today. Returns (outgoing, incoming) actors."""
    outgoing = actor_for_user(world.people["case_director"].user)
    new = second_director(world)
    handover = handover_request(
        actor=outgoing,
        case=world.case,
        to_person=new,
        reason="Andere functie",
        handover_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    handover_decide(actor=actor_for_user(world.team_lead.user), handover=handover, approve=True)
    return outgoing, actor_for_user(new.user)


def record_scores(actor, world):
    return assessment_record(actor=actor, case=world.case, perspective="team", scores=all_scores(5))


def test_before_the_handover_date_the_outgoing_director_still_works_on_the_case(world):
    outgoing, incoming = future_handover(world)
    assert access.access_case_for_work(outgoing, world.case.uuid, purpose=PURPOSE)
    assert record_scores(outgoing, world).pk
    relative_add(
        actor=outgoing,
        case=world.case,
        first_name="Els",
        last_name="Visser",
        phone="",
        email="",
        relationship="zus",
    )
    assert current_member(world.case, TeamRole.CASE_DIRECTOR).person == outgoing.person
    team = {m.person_id for m in current_team(world.case)}
    assert outgoing.person.pk in team and incoming.person.pk not in team
    assert current_team_person_ids(world.case) == team
    with pytest.raises(Http404):
        access.access_case_for_work(incoming, world.case.uuid, purpose=PURPOSE)
    with pytest.raises(RecoveryError):
        record_scores(incoming, world)


def test_from_the_handover_date_the_incoming_director_takes_over(world, monkeypatch):
    outgoing, incoming = future_handover(world, days=7)
    later = timezone.localdate() + datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    with pytest.raises(Http404):
        access.access_case_for_work(outgoing, world.case.uuid, purpose=PURPOSE)
    with pytest.raises(RecoveryError):
        record_scores(outgoing, world)
    assert access.access_case_for_work(incoming, world.case.uuid, purpose=PURPOSE)
    assert record_scores(incoming, world).pk
    assert current_member(world.case, TeamRole.CASE_DIRECTOR).person == incoming.person
    team = {m.person_id for m in current_team(world.case)}
    assert incoming.person.pk in team and outgoing.person.pk not in team
    assert current_team_person_ids(world.case) == team

"""Recording wheel assessments: who may, what is checked, nothing overwritten."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.recovery.models import CaseState, LifeArea, WheelAssessment, WheelScore
from regie.recovery.services.errors import RecoveryError
from regie.recovery.services.wheel import assessment_record

from .wheel_helpers import actor, add, all_scores, areas, days_ago


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_client_view_is_saved_with_a_score_and_note_per_life_area(world):
    scores = all_scores(6, note="Gaat beter")
    first = areas()[0]
    scores[first.pk] = (3, "Nog geen eigen huis")

    assessment = assessment_record(
        actor=actor(world),
        case=world.case,
        perspective="client",
        client_asked=True,
        scores=scores,
        note="Samen met de peer expert ingevuld",
        assessed_on=days_ago(1),
    )

    saved = {s.life_area_id: (s.score, s.note) for s in assessment.scores.all()}
    assert saved == scores
    assert assessment.perspective == "client"
    assert assessment.recorded_by == world.people["case_director"]
    assert assessment.assessed_on == days_ago(1)
    assert assessment.note == "Samen met de peer expert ingevuld"


def test_date_defaults_to_today(world):
    assessment = assessment_record(
        actor=actor(world, "peer_expert"),
        case=world.case,
        perspective="client",
        client_asked=True,
        scores=all_scores(),
    )
    assert assessment.assessed_on == timezone.localdate()


@pytest.mark.parametrize("bad", [11, -1, 100, True, "7", 5.5])
def test_score_outside_0_to_10_is_refused_and_nothing_saved(world, bad):
    scores = all_scores()
    area = areas()[2]
    scores[area.pk] = (bad, "")

    with pytest.raises(RecoveryError) as error:
        assessment_record(
            actor=actor(world),
            case=world.case,
            perspective="client",
            scores=scores,
            client_asked=True,
        )

    assert str(error.value) == (
        f"The score for “{area.name_en}” must be a whole number from 0 to 10."
    )
    assert not WheelAssessment.objects.exists()
    assert not WheelScore.objects.exists()


def test_a_missing_life_area_is_refused_and_nothing_saved(world):
    scores = all_scores()
    missing = areas()[-1]
    del scores[missing.pk]

    with pytest.raises(RecoveryError) as error:
        assessment_record(
            actor=actor(world),
            case=world.case,
            perspective="client",
            scores=scores,
            client_asked=True,
        )

    assert str(error.value) == f"Give a score from 0 to 10 for “{missing.name_en}”."
    assert not WheelAssessment.objects.exists()


def test_a_new_life_area_in_use_needs_a_score_and_one_no_longer_in_use_cannot_get_one(world):
    old = areas()[0]
    scores = all_scores()
    new = LifeArea.objects.create(key="spirit", name_nl="Zingeving", name_en="Meaning", position=9)

    with pytest.raises(RecoveryError, match="Meaning"):
        assessment_record(
            actor=actor(world),
            case=world.case,
            perspective="client",
            scores=scores,
            client_asked=True,
        )

    LifeArea.objects.filter(pk=old.pk).update(is_active=False)
    scores[new.pk] = (4, "")
    scores[old.pk] = (4, "")
    with pytest.raises(RecoveryError, match="in use"):
        assessment_record(
            actor=actor(world),
            case=world.case,
            perspective="client",
            scores=scores,
            client_asked=True,
        )
    assert not WheelAssessment.objects.exists()


def test_a_date_in_the_future_is_refused(world):
    with pytest.raises(RecoveryError, match="cannot be in the future"):
        assessment_record(
            actor=actor(world),
            case=world.case,
            perspective="client",
            client_asked=True,
            scores=all_scores(),
            assessed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert not WheelAssessment.objects.exists()


def test_a_date_before_the_case_was_opened_is_refused(world):
    with pytest.raises(RecoveryError, match="before the case was opened"):
        assessment_record(
            actor=actor(world),
            case=world.case,
            perspective="client",
            client_asked=True,
            scores=all_scores(),
            assessed_on=world.case.opened_on - datetime.timedelta(days=1),
        )
    assert not WheelAssessment.objects.exists()


def test_a_closed_case_takes_no_new_scores(world):
    world.case.state = CaseState.CLOSED
    world.case.close_reason = "goals_reached"
    world.case.save()

    with pytest.raises(RecoveryError, match="closed"):
        add(world)
    assert not WheelAssessment.objects.exists()


def test_an_unknown_perspective_is_refused(world):
    with pytest.raises(RecoveryError, match="whose view"):
        add(world, perspective="relative")


@pytest.mark.parametrize("persona", ["consultant", "participant", "log_manager", "administrator"])
def test_only_the_current_team_records_scores(world, persona):
    with pytest.raises(RecoveryError, match="current team"):
        add(world, persona=persona)
    assert not WheelAssessment.objects.exists()


def test_the_team_lead_reads_but_does_not_record_scores(world):
    with pytest.raises(RecoveryError, match="current team"):
        assessment_record(
            actor=actor_for_user(world.team_lead.user),
            case=world.case,
            perspective="team",
            scores=all_scores(),
        )


def test_the_teams_view_is_separate_and_never_changes_the_clients(world):
    client_view = add(world, perspective="client", value=3, ago=2)
    before = list(client_view.scores.values_list("life_area_id", "score", "note"))

    team_view = add(world, perspective="team", value=8, ago=2, persona="peer_expert")

    assert team_view.pk != client_view.pk
    client_view.refresh_from_db()
    assert client_view.perspective == "client"
    assert list(client_view.scores.values_list("life_area_id", "score", "note")) == before
    assert set(team_view.scores.values_list("score", flat=True)) == {8}
    assert WheelAssessment.objects.count() == 2


def test_a_new_client_view_adds_an_assessment_and_keeps_the_earlier_one(world):
    first = add(world, value=2, ago=10)
    add(world, value=7, ago=0)

    first.refresh_from_db()
    assert set(first.scores.values_list("score", flat=True)) == {2}
    assert WheelAssessment.objects.filter(perspective="client").count() == 2


def test_recording_writes_one_create_entry_with_the_perspective(world):
    add(world, perspective="team", persona="family_peer_expert")

    event = AccessEvent.objects.get(purpose="recovery:assessment_add")
    assert event.action == Action.CREATE
    assert event.part == "team"
    assert event.subject_uuid == world.client.uuid
    assert event.object_id == str(world.case.uuid)
    assert event.actor_role == "family_peer_expert"

"""Recording the yearly evaluation: outcomes, transitions, who may."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.core.stale import StaleSave
from regie.crisiscard.models import (
    CardStatus,
    EmergencyLink,
    Evaluation,
    EvaluationFinding,
    EvaluationOutcome,
    EvaluationTheme,
    FindingKind,
    RequestState,
    StopReason,
)
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.evaluations import (
    EVALUATION,
    open_evaluations_for,
    record_evaluation,
)

from .permission_args_portal import evaluation_case


@pytest.fixture
def evaluation(world) -> Evaluation:
    return evaluation_case(world)


def consultant(world):
    return actor_for_user(world.people["consultant"].user)


def answers(**overrides):
    values = {
        "crisis_happened": True,
        "card_used": True,
        "used_by": ["police", "crisis_service"],
        "respected_by": ["crisis_service"],
        "what_should_change": "",
        "outcome": EvaluationOutcome.UNCHANGED,
    }
    return values | overrides


def test_unchanged_moves_the_request_to_evaluated_and_a_year_on(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(),
    )
    evaluation.refresh_from_db()
    card = evaluation.card
    card.refresh_from_db()
    assert evaluation.completed_at is not None
    assert evaluation.used_by == ["police", "crisis_service"]
    assert evaluation.respected_by == ["crisis_service"]
    assert card.request.state == RequestState.EVALUATED
    assert card.status == CardStatus.ISSUED
    assert card.evaluation_due_on().year == timezone.localdate().year + 1
    assert AccessEvent.objects.filter(
        action=Action.CHANGE, object_type="evaluation", object_id=str(evaluation.pk)
    ).exists()


def test_updated_sends_the_request_back_to_a_plan_draft(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(outcome=EvaluationOutcome.UPDATED, what_should_change="Nieuw telefoonnummer"),
    )
    evaluation.card.request.refresh_from_db()
    assert evaluation.card.request.state == RequestState.PLAN_DRAFTED
    assert evaluation.card.status == CardStatus.ISSUED


def test_ended_closes_the_request_ends_the_card_and_revokes_its_link(world, evaluation):
    card = evaluation.card
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(outcome=EvaluationOutcome.ENDED),
    )
    card.refresh_from_db()
    card.request.refresh_from_db()
    assert card.request.state == RequestState.CLOSED
    assert card.request.stop_reason == StopReason.CARD_ENDED
    assert card.status == CardStatus.ENDED
    assert card.ended_on == timezone.localdate()
    assert not EmergencyLink.objects.filter(
        holder=card.request.participant, revoked_at__isnull=True
    ).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"used_by": ["neighbour"]},
        {"respected_by": ["police", "aliens"]},
        {"card_used": False, "used_by": ["police"]},
        {"outcome": "maybe"},
        {"themes": ["wish_medication", "free text"]},
    ],
)
def test_bad_answers_are_refused_and_nothing_changes(world, evaluation, overrides):
    with pytest.raises(CrisisCardError):
        record_evaluation(
            actor=consultant(world),
            evaluation=evaluation,
            seen=EVALUATION.fingerprint(evaluation),
            **answers(**overrides),
        )
    evaluation.refresh_from_db()
    assert evaluation.completed_at is None
    assert evaluation.card.request.state == RequestState.EVALUATION_DUE
    assert not EvaluationFinding.objects.filter(evaluation=evaluation).exists()


@pytest.mark.parametrize("persona", ["participant", "coordinator", "coordinator_other_region"])
def test_only_the_consultant_records_an_evaluation(world, evaluation, persona):
    who = actor_for_user(world.people[persona].user)
    with pytest.raises(CrisisCardError):
        record_evaluation(
            actor=who, evaluation=evaluation, seen=EVALUATION.fingerprint(evaluation), **answers()
        )
    evaluation.refresh_from_db()
    assert evaluation.completed_at is None


def test_an_evaluation_is_recorded_once(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(),
    )
    with pytest.raises(StaleSave):  # based on the page before it was recorded
        record_evaluation(
            actor=consultant(world),
            evaluation=evaluation,
            seen=EVALUATION.fingerprint(evaluation),
            **answers(),
        )
    evaluation.refresh_from_db()
    with pytest.raises(CrisisCardError, match="already"):  # and on the page after
        record_evaluation(
            actor=consultant(world),
            evaluation=evaluation,
            seen=EVALUATION.fingerprint(evaluation),
            **answers(),
        )


def test_open_evaluations_show_for_the_consultant_only(world, evaluation):
    assert list(open_evaluations_for(world.people["consultant"])) == [evaluation]
    assert not open_evaluations_for(world.people["coordinator"]).exists()
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(),
    )
    assert not open_evaluations_for(world.people["consultant"]).exists()


def url(evaluation):
    return reverse("crisiscard:evaluation_edit", args=[evaluation.card.request.uuid, evaluation.pk])


def test_the_evaluation_form_records_the_outcome(world, evaluation):
    client = world.client_for("consultant")
    response = client.get(url(evaluation))
    assert response.status_code == 200
    assert "Police" in response.content.decode()
    response = client.post(
        url(evaluation),
        {
            "seen": EVALUATION.fingerprint(evaluation),
            "crisis_happened": "yes",
            "card_used": "yes",
            "used_by": ["police", "hospital"],
            "respected_by": ["hospital"],
            "what_should_change": "",
            "outcome": "unchanged",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.outcome == "unchanged"
    assert evaluation.crisis_happened is True
    assert evaluation.used_by == ["police", "hospital"]


def test_a_refused_evaluation_keeps_what_was_typed(world, evaluation):
    response = world.client_for("consultant").post(
        url(evaluation),
        {
            "seen": EVALUATION.fingerprint(evaluation),
            "crisis_happened": "no",
            "card_used": "no",
            "used_by": ["police"],
            "what_should_change": "Mijn zus is nu contactpersoon",
            "outcome": "unchanged",
        },
    )
    assert response.status_code == 200
    assert "Mijn zus is nu contactpersoon" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.completed_at is None


@pytest.mark.parametrize("persona", ["participant", "coordinator", "case_director"])
def test_the_evaluation_form_is_404_for_others(world, evaluation, persona):
    assert world.client_for(persona).get(url(evaluation)).status_code == 404


def test_an_evaluation_of_another_request_is_404(world, evaluation):
    wrong = reverse("crisiscard:evaluation_edit", args=[world.card_request.uuid, evaluation.pk])
    assert world.client_for("consultant").get(wrong).status_code == 404


def test_a_recorded_evaluation_is_shown_read_only(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(),
    )
    response = world.client_for("consultant").get(url(evaluation))
    text = response.content.decode()
    assert "can no longer be changed" in text
    assert "Police, Crisis service" in text
    assert 'name="outcome"' not in text  # no form to change it


def findings(evaluation) -> set[tuple[str, str]]:
    return set(EvaluationFinding.objects.filter(evaluation=evaluation).values_list("kind", "code"))


def test_recording_writes_a_finding_per_user_respecter_and_theme(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(
            themes=[EvaluationTheme.WISH_MEDICATION, EvaluationTheme.BOTTLENECK_NOT_FOUND],
        ),
    )
    assert findings(evaluation) == {
        (FindingKind.USED_BY, "police"),
        (FindingKind.USED_BY, "crisis_service"),
        (FindingKind.RESPECTED_BY, "crisis_service"),
        (FindingKind.THEME, "wish_medication"),
        (FindingKind.THEME, "bottleneck_not_found"),
    }


def test_a_theme_ticked_twice_is_one_finding(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(used_by=[], card_used=False, respected_by=[], themes=["wish_medication"] * 2),
    )
    assert findings(evaluation) == {(FindingKind.THEME, "wish_medication")}


def test_a_refused_second_recording_adds_no_findings(world, evaluation):
    record_evaluation(
        actor=consultant(world),
        evaluation=evaluation,
        seen=EVALUATION.fingerprint(evaluation),
        **answers(),
    )
    before = findings(evaluation)
    evaluation.refresh_from_db()
    with pytest.raises(CrisisCardError):
        record_evaluation(
            actor=consultant(world),
            evaluation=evaluation,
            seen=EVALUATION.fingerprint(evaluation),
            **answers(themes=["wish_medication"]),
        )
    assert findings(evaluation) == before


def test_the_evaluation_form_records_themes_and_shows_them_afterwards(world, evaluation):
    client = world.client_for("consultant")
    assert "Wish about medication" in client.get(url(evaluation)).content.decode()
    response = client.post(
        url(evaluation),
        {
            "seen": EVALUATION.fingerprint(evaluation),
            "crisis_happened": "yes",
            "card_used": "no",
            "themes": ["wish_medication", "bottleneck_not_asked"],
            "what_should_change": "",
            "outcome": "unchanged",
        },
    )
    assert response.status_code == 302
    assert findings(evaluation) == {
        (FindingKind.THEME, "wish_medication"),
        (FindingKind.THEME, "bottleneck_not_asked"),
    }
    text = client.get(url(evaluation)).content.decode()
    assert "Wish about medication" in text
    assert "Bottleneck: nobody asked for the card" in text


def test_the_evaluation_form_refuses_an_unknown_theme(world, evaluation):
    response = world.client_for("consultant").post(
        url(evaluation),
        {
            "seen": EVALUATION.fingerprint(evaluation),
            "crisis_happened": "no",
            "card_used": "no",
            "themes": ["not_a_theme"],
            "what_should_change": "Iets anders",
            "outcome": "unchanged",
        },
    )
    assert response.status_code == 200
    assert "Iets anders" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.completed_at is None

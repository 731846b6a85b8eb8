"""The client scores their own wheel and makes their own sharing choices."""

from __future__ import annotations

import pytest

from regie.audit.models import AccessEvent
from regie.core.policy import actor_for_user
from regie.people.models import OrganisationKind
from regie.people.tests.factories import OrganisationFactory
from regie.recovery.access import consented_parts
from regie.recovery.models import (
    CasePartner,
    CaseState,
    ClientConsent,
    PartnerKind,
    WheelAssessment,
)
from regie.recovery.services.consent import (
    SharingChoices,
    StaleSharing,
    client_sharing_set,
    sharing_choices,
)
from regie.recovery.services.errors import RecoveryError
from regie.recovery.services.wheel import assessment_record

from .wheel_helpers import all_scores


def client_actor(world):
    return actor_for_user(world.client.user)


def partner(world) -> CasePartner:
    return CasePartner.objects.create(
        case=world.case,
        kind=PartnerKind.PROFESSIONAL,
        organisation=OrganisationFactory(
            name="Woningcorporatie Thuis", kind=OrganisationKind.HOUSING
        ),
        relationship="woonconsulent",
    )


def choices(*, card=False, family=(), partners=None) -> SharingChoices:
    return SharingChoices(
        share_crisis_card=card,
        family_peer_expert=frozenset(family),
        partners={k: frozenset(v) for k, v in (partners or {}).items()},
    )


# --- the client scores their own wheel ---


def test_the_client_scores_their_own_view_themselves(world):
    assessment = assessment_record(
        actor=client_actor(world), case=world.case, perspective="client", scores=all_scores(7)
    )
    assert assessment.perspective == "client"
    assert assessment.recorded_by == world.client
    assert not assessment.entered_for_client
    event = AccessEvent.objects.filter(purpose="recovery:my_wheel_add").get()
    assert event.actor_role == "client"
    assert event.subject_uuid == world.client.uuid


def test_the_client_cannot_record_the_teams_view(world):
    with pytest.raises(RecoveryError):
        assessment_record(
            actor=client_actor(world), case=world.case, perspective="team", scores=all_scores()
        )
    assert not WheelAssessment.objects.exists()


def test_the_client_cannot_score_a_closed_case(world):
    world.case.state = CaseState.CLOSED
    world.case.close_reason = "goals_reached"
    world.case.save()
    with pytest.raises(RecoveryError):
        assessment_record(
            actor=client_actor(world), case=world.case, perspective="client", scores=all_scores()
        )


def test_staff_may_not_type_in_the_clients_view_unasked(world):
    staff = actor_for_user(world.people["case_director"].user)
    with pytest.raises(RecoveryError, match="client scores the wheel themselves"):
        assessment_record(actor=staff, case=world.case, perspective="client", scores=all_scores())
    assert not WheelAssessment.objects.exists()


def test_staff_typing_in_the_clients_view_at_their_request_is_marked_and_logged(world):
    staff = actor_for_user(world.people["peer_expert"].user)
    assessment = assessment_record(
        actor=staff, case=world.case, perspective="client", scores=all_scores(), client_asked=True
    )
    assert assessment.entered_for_client
    event = AccessEvent.objects.filter(purpose="recovery:assessment_add").get()
    assert event.part == "client (at the client's request)"
    assert event.on_behalf_of_uuid == world.client.uuid


def test_someone_else_cannot_score_the_clients_wheel(world):
    with pytest.raises(RecoveryError):
        assessment_record(
            actor=actor_for_user(world.people["participant"].user),
            case=world.case,
            perspective="client",
            scores=all_scores(),
        )


# --- the client's sharing choices ---


def test_by_default_the_family_peer_expert_reads_plan_and_wheel_but_not_notes(world):
    assert consented_parts(world.case) == {"plan", "wheel"}
    assert consented_parts(world.case, partner(world)) == frozenset()


def test_the_client_shares_their_crisis_card_and_grants_parts(world):
    housing = partner(world)
    case = client_sharing_set(
        actor=client_actor(world),
        case=world.case,
        revision=0,
        choices=choices(card=True, family={"notes", "plan"}, partners={housing.pk: {"plan"}}),
    )
    assert case.share_crisis_card
    assert case.consent_revision == 1
    assert consented_parts(world.case) == {"notes", "plan"}
    assert consented_parts(world.case, housing) == {"plan"}
    row = ClientConsent.objects.get(case=world.case, partner__isnull=True)
    assert row.changed_by == world.client
    # The audit trail: a timeline entry per change and one access-log entry.
    assert world.case.events.filter(kind="consent").count() == 3
    event = AccessEvent.objects.filter(purpose="recovery:my_sharing").get()
    assert event.actor_role == "client"
    assert event.part == f"crisis_card,family_peer_expert,partner:{housing.pk}"


def test_withdrawing_the_crisis_card_is_recorded(world):
    actor = client_actor(world)
    client_sharing_set(
        actor=actor,
        case=world.case,
        revision=0,
        choices=choices(card=True, family={"plan", "wheel"}),
    )
    client_sharing_set(
        actor=actor,
        case=world.case,
        revision=1,
        choices=choices(card=False, family={"plan", "wheel"}),
    )
    world.case.refresh_from_db()
    assert not world.case.share_crisis_card
    texts = list(world.case.events.filter(kind="consent").values_list("text", flat=True))
    assert "The client withdrew permission to see their crisis card" in texts


def test_saving_the_same_choices_writes_nothing(world):
    current = sharing_choices(world.case, [])
    client_sharing_set(actor=client_actor(world), case=world.case, revision=0, choices=current)
    world.case.refresh_from_db()
    assert world.case.consent_revision == 0
    assert not AccessEvent.objects.filter(purpose="recovery:my_sharing").exists()


def test_a_stale_save_is_refused_and_changes_nothing(world):
    actor = client_actor(world)
    client_sharing_set(
        actor=actor, case=world.case, revision=0, choices=choices(family={"notes", "plan", "wheel"})
    )
    with pytest.raises(StaleSharing) as refused:
        client_sharing_set(actor=actor, case=world.case, revision=0, choices=choices(card=True))
    assert refused.value.revision == 1
    world.case.refresh_from_db()
    assert not world.case.share_crisis_card
    assert consented_parts(world.case) == {"notes", "plan", "wheel"}


@pytest.mark.parametrize("persona", ["case_director", "peer_expert", "family_peer_expert"])
def test_staff_cannot_make_the_clients_choices(world, persona):
    with pytest.raises(RecoveryError):
        client_sharing_set(
            actor=actor_for_user(world.people[persona].user),
            case=world.case,
            revision=0,
            choices=choices(card=True, family={"notes"}),
        )
    world.case.refresh_from_db()
    assert not world.case.share_crisis_card
    assert not ClientConsent.objects.exists()


def test_a_partner_of_another_case_or_an_unknown_part_is_refused(world):
    actor = client_actor(world)
    with pytest.raises(RecoveryError):
        client_sharing_set(
            actor=actor, case=world.case, revision=0, choices=choices(partners={999999: {"plan"}})
        )
    with pytest.raises(RecoveryError):
        client_sharing_set(
            actor=actor, case=world.case, revision=0, choices=choices(family={"diary"})
        )
    assert not ClientConsent.objects.exists()

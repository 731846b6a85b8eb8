"""Assigning a consultant, the weight, the transition table, and stopping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.coordination.matching.selectors import eligible_consultants
from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    CrisisPlan,
    HeardVia,
    Party,
    PartyKind,
    RequestEvent,
    RequestState,
    StopReason,
    Weight,
)
from regie.crisiscard.services import transitions
from regie.crisiscard.services.eligibility import check_independence
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.requests import (
    request_assign,
    request_set_weight,
    request_stop,
)
from regie.people.models import ConsultantLevel, Role
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


def actor(person):
    return actor_for_user(person.user)


def consultant_in(region, level=ConsultantLevel.HBO, **person_fields):
    person = PersonFactory(with_login=True, **person_fields)
    RoleAssignmentFactory(person=person, role=Role.CONSULTANT, region=region)
    ConsultantQualificationFactory(person=person, level=level)
    return person


@pytest.fixture
def applied(world) -> CardRequest:
    person = PersonFactory()
    RoleAssignmentFactory(person=person, role=Role.PARTICIPANT, region=world.region)
    return CardRequest.objects.create(
        participant=person,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
    )


@pytest.fixture
def hbo(world):
    return consultant_in(world.region, ConsultantLevel.HBO)


# --- Assignment --------------------------------------------------------------


def test_the_coordinator_matches_an_eligible_consultant(world, applied):
    consultant = world.people["consultant"]
    url = reverse("crisiscard:request_assign", args=[applied.uuid])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    response = client.post(url, {"consultant": str(consultant.uuid)})
    assert response.status_code == 302
    applied.refresh_from_db()
    assert (applied.state, applied.consultant) == (RequestState.MATCHED, consultant)
    event = RequestEvent.objects.get(request=applied, to_state=RequestState.MATCHED)
    assert consultant.full_name in event.text
    assert AccessEvent.objects.filter(
        action=Action.CHANGE, part="applied->matched", subject_uuid=applied.participant.uuid
    ).exists()


def test_a_heavy_situation_needs_an_hbo_consultant(world, applied, hbo):
    applied.weight = Weight.HEAVY
    applied.save()
    mbo = world.people["consultant"]
    assert eligible_consultants(applied) == [hbo]
    url = reverse("crisiscard:request_assign", args=[applied.uuid])
    response = world.client_for("coordinator").post(url, {"consultant": str(mbo.uuid)})
    assert response.status_code == 200
    assert "a heavy situation needs an HBO consultant" in response.content.decode()
    applied.refresh_from_db()
    assert (applied.state, applied.consultant) == (RequestState.APPLIED, None)
    request_assign(actor=actor(world.people["coordinator"]), request=applied, consultant=hbo)
    assert applied.consultant == hbo


def test_a_consultant_outside_the_region_cannot_be_chosen(world, applied):
    elsewhere = consultant_in(world.other_region)
    assert elsewhere not in eligible_consultants(applied)
    with pytest.raises(CrisisCardError, match="not an active consultant in Regio Noord"):
        request_assign(
            actor=actor(world.people["coordinator"]), request=applied, consultant=elsewhere
        )
    url = reverse("crisiscard:request_assign", args=[applied.uuid])
    response = world.client_for("coordinator").post(url, {"consultant": str(elsewhere.uuid)})
    assert response.status_code == 200
    applied.refresh_from_db()
    assert applied.consultant is None


def test_a_consultant_whose_role_ended_cannot_be_chosen(world, applied, hbo):
    hbo.roles.update(valid_from="2000-01-01", valid_to="2000-01-02")
    assert hbo not in eligible_consultants(applied)


@pytest.mark.parametrize(
    ("kind", "link", "reason"),
    [
        (PartyKind.OTHER, "person", "is a party in the participant's plan"),
        (PartyKind.RELATIVE, "person", "is a relative or contact person"),
        (PartyKind.TRUSTED_PERSON, "email", "is a relative or contact person"),
        (PartyKind.GP, "person", "treating professional"),
        (PartyKind.CARE_PROVIDER, "email", "treating professional"),
    ],
)
def test_a_consultant_with_a_conflict_of_interest_is_refused(
    world, applied, hbo, kind, link, reason
):
    party = Party(request=applied, kind=kind, name="Betrokkene")
    if link == "person":
        party.person = hbo
    else:
        party.email = hbo.email.upper()
    party.save()
    assert hbo not in eligible_consultants(applied)
    with pytest.raises(CrisisCardError, match=reason):
        check_independence(consultant=hbo, request=applied)
    url = reverse("crisiscard:request_assign", args=[applied.uuid])
    response = world.client_for("coordinator").post(url, {"consultant": str(hbo.uuid)})
    assert reason in response.content.decode().replace("&#x27;", "'")
    applied.refresh_from_db()
    assert applied.consultant is None


def test_a_contact_in_the_plan_with_the_consultants_phone_number_is_a_conflict(world, applied, hbo):
    hbo.phone = "06-12345678"
    hbo.save()
    CrisisPlan.objects.create(
        request=applied,
        draft={"contacts": [{"name": "Zus", "phone": "+31 6 1234 5678"}]},
    )
    with pytest.raises(CrisisCardError, match="relative or contact person"):
        check_independence(consultant=hbo, request=applied)


def test_an_independent_consultant_passes_the_check(world, applied, hbo):
    Party.objects.create(request=applied, kind=PartyKind.GP, name="Huisarts", email="gp@x.example")
    check_independence(consultant=hbo, request=applied)  # raises nothing
    assert hbo in eligible_consultants(applied)


def test_the_coordinator_can_change_the_consultant_until_the_first_conversation(
    world, applied, hbo
):
    coordinator = actor(world.people["coordinator"])
    request_assign(actor=coordinator, request=applied, consultant=world.people["consultant"])
    request_assign(actor=coordinator, request=applied, consultant=hbo)
    applied.refresh_from_db()
    assert (applied.state, applied.consultant) == (RequestState.MATCHED, hbo)
    assert RequestEvent.objects.filter(request=applied, text__contains="changed from").exists()
    CardRequest.objects.filter(pk=applied.pk).update(state=RequestState.IN_CONVERSATION)
    applied.refresh_from_db()
    with pytest.raises(CrisisCardError, match="until the first conversation"):
        request_assign(actor=coordinator, request=applied, consultant=world.people["consultant"])


def test_only_the_regions_coordinator_assigns(world, applied):
    for persona in ["consultant", "coordinator_other_region"]:
        with pytest.raises(CrisisCardError):
            request_assign(
                actor=actor(world.people[persona]),
                request=applied,
                consultant=world.people["consultant"],
            )
    url = reverse("crisiscard:request_assign", args=[applied.uuid])
    assert world.client_for("coordinator_other_region").get(url).status_code == 404


# --- Weight ------------------------------------------------------------------


def test_the_coordinator_sets_the_weight_and_it_counts_as_confirmed(world, applied):
    url = reverse("crisiscard:request_weight", args=[applied.uuid])
    response = world.client_for("coordinator").post(url, {"weight": Weight.HEAVY})
    assert response.status_code == 302
    applied.refresh_from_db()
    assert (applied.weight, applied.weight_confirmed) == (Weight.HEAVY, True)
    assert RequestEvent.objects.filter(request=applied, text__contains="Heavy").exists()
    assert AccessEvent.objects.filter(action=Action.CHANGE, part="weight").exists()


def test_heavy_is_refused_while_an_mbo_consultant_is_assigned(world):
    url = reverse("crisiscard:request_weight", args=[world.card_request.uuid])
    response = world.client_for("coordinator").post(url, {"weight": Weight.HEAVY})
    assert response.status_code == 200
    assert "works at MBO level" in response.content.decode()
    world.card_request.refresh_from_db()
    assert (world.card_request.weight, world.card_request.weight_confirmed) == (
        Weight.LIGHT,
        False,
    )


def test_only_the_regions_coordinator_sets_the_weight(world, applied):
    with pytest.raises(CrisisCardError):
        request_set_weight(
            actor=actor(world.people["consultant"]), request=world.card_request, weight="heavy"
        )
    url = reverse("crisiscard:request_weight", args=[world.card_request.uuid])
    assert world.client_for("consultant").post(url, {"weight": "heavy"}).status_code == 404


# --- The transition table ----------------------------------------------------

RELATIONS = ["coordinator", "consultant", "participant", "system"]


@pytest.mark.parametrize(("from_state", "to_state"), sorted(transitions.TRANSITIONS))
def test_every_transition_is_allowed_only_for_its_relations(world, from_state, to_state):
    allowed = transitions.TRANSITIONS[(from_state, to_state)]
    card_request = world.card_request
    stop = {"reason": StopReason.OTHER} if to_state in transitions.STOPPED else {}
    for relation in RELATIONS:
        CardRequest.objects.filter(pk=card_request.pk).update(state=from_state)
        card_request.refresh_from_db()
        who = None if relation == "system" else actor(world.people[relation])
        if relation in allowed:
            transitions.transition(actor=who, request=card_request, to_state=to_state, **stop)
            card_request.refresh_from_db()
            assert card_request.state == to_state, relation
        else:
            with pytest.raises(CrisisCardError):
                transitions.transition(actor=who, request=card_request, to_state=to_state, **stop)
            card_request.refresh_from_db()
            assert card_request.state == from_state, relation


@pytest.mark.parametrize("persona", ["coordinator_other_region", "case_director"])
def test_people_without_a_relation_can_make_no_transition(world, persona):
    for from_state, to_state in transitions.TRANSITIONS:
        CardRequest.objects.filter(pk=world.card_request.pk).update(state=from_state)
        world.card_request.refresh_from_db()
        assert not transitions.can_transition(
            actor(world.people[persona]), world.card_request, to_state
        )


def test_a_move_not_in_the_table_is_refused_for_everyone(world):
    for relation in RELATIONS:
        who = None if relation == "system" else actor(world.people[relation])
        with pytest.raises(CrisisCardError, match="cannot go from"):
            transitions.transition(
                actor=who, request=world.card_request, to_state=RequestState.CARD_ISSUED
            )


# --- Stopping ----------------------------------------------------------------


def test_stopping_needs_a_reason(world):
    url = reverse("crisiscard:request_stop", args=[world.card_request.uuid])
    response = world.client_for("consultant").post(url, {"to_state": RequestState.CLOSED})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    with pytest.raises(CrisisCardError, match="Choose a reason"):
        request_stop(
            actor=actor(world.people["consultant"]),
            request=world.card_request,
            to_state=RequestState.CLOSED,
            reason="",
        )
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.PLAN_DRAFTED


def test_closing_asks_for_confirmation_then_records_the_reason(world):
    url = reverse("crisiscard:request_stop", args=[world.card_request.uuid])
    client = world.client_for("coordinator")
    data = {
        "to_state": RequestState.CLOSED,
        "reason": StopReason.NO_CONTACT,
        "note": "Drie keer gebeld",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["confirming"]
    assert "No contact possible" in response.content.decode()
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.PLAN_DRAFTED
    response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    world.card_request.refresh_from_db()
    assert (world.card_request.state, world.card_request.stop_reason) == (
        RequestState.CLOSED,
        StopReason.NO_CONTACT,
    )
    assert world.card_request.stop_note == "Drie keer gebeld"
    assert RequestEvent.objects.filter(
        request=world.card_request, to_state=RequestState.CLOSED, text__contains="No contact"
    ).exists()
    # A stopped request cannot be stopped again.
    assert client.get(url).status_code == 404


def test_the_participant_can_only_withdraw(world):
    url = reverse("crisiscard:request_stop", args=[world.card_request.uuid])
    client = world.client_for("participant")
    response = client.get(url)
    choices = [value for value, _label in response.context["form"].fields["to_state"].choices]
    assert choices == [RequestState.WITHDRAWN]
    reasons = [value for value, _label in response.context["form"].fields["reason"].choices]
    assert StopReason.CARD_ENDED not in reasons
    refused = client.post(
        url, {"to_state": RequestState.CLOSED, "reason": StopReason.NO_NEED, "confirm": "yes"}
    )
    assert refused.status_code == 200
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.PLAN_DRAFTED
    done = client.post(
        url, {"to_state": RequestState.WITHDRAWN, "reason": StopReason.NO_NEED, "confirm": "yes"}
    )
    assert done.status_code == 302
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.WITHDRAWN
    with pytest.raises(CrisisCardError):
        request_stop(
            actor=actor(world.people["participant"]),
            request=world.card_request,
            to_state=RequestState.CLOSED,
            reason=StopReason.NO_NEED,
        )

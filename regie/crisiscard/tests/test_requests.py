"""Applications (public and by phone), the request queue and the request page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action, Outcome
from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    Conversation,
    ConversationKind,
    HeardVia,
    RequestEvent,
    RequestState,
    Urgency,
    Weight,
)
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.requests import Applicant, request_register
from regie.people.models import Municipality, Person, Role, RoleAssignment
from regie.people.tests.factories import PersonFactory

APPLY = reverse("crisiscard:apply")
DONE = reverse("crisiscard:apply_done")
LIST = reverse("crisiscard:request_list")
REGISTER = reverse("crisiscard:request_register")


@pytest.fixture
def municipality(world) -> Municipality:
    return Municipality.objects.create(name="Groningen", region=world.region)


@pytest.fixture
def other_municipality(world) -> Municipality:
    return Municipality.objects.create(name="Maastricht", region=world.other_region)


def application(municipality: Municipality, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Noor",
        "last_name": "de Vries",
        "email": "noor@voorbeeld.example",
        "phone": "",
        "date_of_birth": "",
        "municipality": municipality.pk,
        "heard_via": HeardVia.GP,
        "urgency": Urgency.NORMAL,
        "wishes": "Een consulent met ervaringsdeskundigheid",
    }
    data.update(changes)
    return data


def new_request(world, municipality=None, **fields: object) -> CardRequest:
    person = PersonFactory()
    RoleAssignment.objects.create(person=person, role=Role.PARTICIPANT, region=world.region)
    values: dict[str, object] = {
        "participant": person,
        "region": world.region,
        "municipality": municipality,
        "heard_via": HeardVia.INTERNET,
        "channel": Channel.ONLINE,
    }
    values.update(fields)
    return CardRequest.objects.create(**values)


# --- The public form ---------------------------------------------------------


def test_anyone_can_apply_without_logging_in_and_a_participant_and_request_are_created(
    world, municipality
):
    response = Client().post(APPLY, application(municipality))
    assert response.status_code == 302
    assert response["Location"] == DONE
    person = Person.objects.get(email="noor@voorbeeld.example")
    assert person.user is None
    role = RoleAssignment.objects.get(person=person)
    assert (role.role, role.region, role.organisation) == (
        Role.PARTICIPANT,
        world.region,
        world.licence_holder,
    )
    card_request = CardRequest.objects.get(participant=person)
    assert card_request.channel == Channel.ONLINE
    assert card_request.state == RequestState.APPLIED
    assert card_request.region == world.region
    assert card_request.municipality == municipality
    assert card_request.heard_via == HeardVia.GP
    assert card_request.wishes == "Een consulent met ervaringsdeskundigheid"
    assert card_request.registered_by is None
    assert RequestEvent.objects.filter(request=card_request, to_state="applied").count() == 1
    event = AccessEvent.objects.get(action=Action.CREATE, purpose="crisiscard:apply")
    assert event.subject_uuid == person.uuid
    assert event.object_id == str(card_request.uuid)
    assert event.actor_user_id is None


def test_the_confirmation_says_what_happens_next_in_plain_words(world):
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(DONE).content.decode()
    assert "A coordinator reads your application" in body
    assert "within 5 working days" in body
    assert "You stay in charge" in body


def test_an_application_needs_an_email_address_or_a_phone_number_and_keeps_the_input(
    world, municipality
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(APPLY, application(municipality, email="", phone=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give an e-mail address or a phone number" in body
    assert 'value="Noor"' in body
    assert "Een consulent met ervaringsdeskundigheid" in body
    assert not Person.objects.filter(email="noor@voorbeeld.example").exists()
    # A phone number alone is enough.
    response = client.post(APPLY, application(municipality, email="", phone="06 1234 5678"))
    assert response.status_code == 302
    assert CardRequest.objects.filter(participant__phone="06 1234 5678").exists()


def test_a_date_of_birth_in_the_future_is_refused(world, municipality):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        APPLY, application(municipality, date_of_birth=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not Person.objects.filter(email="noor@voorbeeld.example").exists()


def test_more_than_five_applications_an_hour_from_one_address_get_a_friendly_429(
    world, municipality
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    before = CardRequest.objects.count()
    for n in range(5):
        response = client.post(APPLY, application(municipality, email=f"n{n}@voorbeeld.example"))
        assert response.status_code == 302
    response = client.post(APPLY, application(municipality, email="six@voorbeeld.example"))
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert CardRequest.objects.count() == before + 5
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.99")
    assert other.post(APPLY, application(municipality)).status_code == 302


def test_a_filled_honeypot_pretends_success_and_stores_nothing(world, municipality):
    before = (Person.objects.count(), CardRequest.objects.count())
    response = Client().post(APPLY, application(municipality, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert (Person.objects.count(), CardRequest.objects.count()) == before


# --- Registering a phone application -----------------------------------------


def test_a_coordinator_registers_a_phone_application_with_a_confirmed_weight(world, municipality):
    client = world.client_for("coordinator")
    response = client.post(
        REGISTER, application(municipality, weight=Weight.HEAVY, urgency=Urgency.URGENT)
    )
    card_request = CardRequest.objects.get(participant__email="noor@voorbeeld.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("crisiscard:request_detail", args=[card_request.uuid])
    assert card_request.channel == Channel.PHONE
    assert card_request.registered_by == world.people["coordinator"]
    assert (card_request.weight, card_request.weight_confirmed) == (Weight.HEAVY, True)
    assert card_request.urgency == Urgency.URGENT
    event = AccessEvent.objects.get(action=Action.CREATE, purpose="crisiscard:request_register")
    assert event.actor_role == Role.COORDINATOR


def test_a_consultants_weight_is_an_estimate_for_the_coordinator(world, municipality):
    response = world.client_for("consultant").post(
        REGISTER, application(municipality, weight=Weight.HEAVY)
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    card_request = CardRequest.objects.get(participant__email="noor@voorbeeld.example")
    assert (card_request.weight, card_request.weight_confirmed) == (Weight.HEAVY, False)
    assert card_request.registered_by == world.people["consultant"]


def test_staff_cannot_register_in_a_region_they_do_not_work_in(world, other_municipality):
    response = world.client_for("coordinator").post(
        REGISTER, application(other_municipality, weight=Weight.LIGHT)
    )
    assert response.status_code == 200
    assert not CardRequest.objects.filter(participant__email="noor@voorbeeld.example").exists()
    actor = actor_for_user(world.people["coordinator"].user)
    with pytest.raises(CrisisCardError, match="own region"):
        request_register(
            actor=actor,
            applicant=Applicant(
                first_name="A",
                last_name="B",
                email="a@b.example",
                phone="",
                date_of_birth=None,
                municipality=other_municipality,
                heard_via=HeardVia.GP,
            ),
            weight=Weight.LIGHT,
        )


# --- The queue ---------------------------------------------------------------


def test_the_coordinator_sees_the_regions_queue_in_a_fixed_number_of_queries(world, municipality):
    client = world.client_for("coordinator")
    new_request(world, municipality)
    client.get(LIST)  # warm up the session and the actor
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST)
    assert response.status_code == 200
    for _ in range(6):
        new_request(world, municipality, consultant=world.people["consultant"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 8


def test_the_queue_shows_urgent_first_and_only_the_own_region(world, municipality):
    normal = new_request(world, municipality)
    urgent = new_request(world, municipality, urgency=Urgency.URGENT)
    elsewhere = new_request(world, region=world.other_region)
    response = world.client_for("coordinator").get(LIST)
    rows = list(response.context["page"].object_list)
    assert rows[0] == urgent
    assert normal in rows
    assert elsewhere not in rows
    other = world.client_for("coordinator_other_region").get(LIST)
    assert list(other.context["page"].object_list) == [elsewhere]


def test_the_queue_filters_by_state(world, municipality):
    applied = new_request(world, municipality)
    response = world.client_for("coordinator").get(LIST, {"state": RequestState.APPLIED})
    assert list(response.context["page"].object_list) == [applied]
    stopped = new_request(world, state=RequestState.CLOSED, stop_reason="no_need")
    response = world.client_for("coordinator").get(LIST)
    assert stopped not in response.context["page"].object_list
    response = world.client_for("coordinator").get(LIST, {"state": "all"})
    assert stopped in response.context["page"].object_list


def test_the_default_queue_leaves_out_requests_at_rest_with_their_card(world, municipality):
    applied = new_request(world, municipality)
    carded = new_request(world, municipality, state=RequestState.CARD_ISSUED)
    evaluated = new_request(world, municipality, state=RequestState.EVALUATED)
    due = new_request(world, municipality, state=RequestState.EVALUATION_DUE)
    rows = list(world.client_for("coordinator").get(LIST).context["page"].object_list)
    assert applied in rows and due in rows
    assert carded not in rows and evaluated not in rows
    response = world.client_for("coordinator").get(LIST, {"state": "open"})
    rows = list(response.context["page"].object_list)
    assert {applied, carded, evaluated, due} <= set(rows)


def test_a_consultant_sees_only_the_requests_assigned_to_them(world, municipality):
    unassigned = new_request(world, municipality)
    response = world.client_for("consultant").get(LIST)
    rows = list(response.context["page"].object_list)
    assert rows == [world.card_request]
    assert unassigned not in rows


def test_opening_the_queue_writes_one_list_event_and_one_per_participant_shown(world):
    before = AccessEvent.objects.count()
    world.client_for("coordinator").get(LIST)
    events = AccessEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.action, e.object_type, e.subject_uuid, e.purpose) for e in events] == [
        (Action.READ, "card_request_list", None, "crisiscard:request_list"),
        (
            Action.READ,
            "card_request",
            world.people["participant"].uuid,
            "crisiscard:request_list",
        ),
    ]


def test_the_queue_is_not_for_participants_or_other_staff(world):
    for persona in ["participant", "case_director", "log_manager"]:
        assert world.client_for(persona).get(LIST).status_code == 404


# --- The request page --------------------------------------------------------


def test_the_coordinator_sees_the_workflow_but_not_the_plan_or_conversation_notes(world):
    Conversation.objects.create(
        request=world.card_request,
        kind=ConversationKind.PLAN,
        duration_minutes=50,
        notes="Vertrouwelijke notitie",
        recorded_by=world.people["consultant"],
    )
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    response = world.client_for("coordinator").get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Plan drafted" in body
    assert "Care provider" in body  # how they heard of the card
    assert "50" in body
    assert "Vertrouwelijke notitie" not in body
    assert "Ik ben Sam" not in body  # the plan's content
    event = AccessEvent.objects.filter(purpose="crisiscard:request_detail").get()
    assert (event.action, event.outcome, event.actor_role) == (
        Action.READ,
        Outcome.SUCCESS,
        Role.COORDINATOR,
    )
    assert event.subject_uuid == world.people["participant"].uuid


def test_the_consultant_sees_notes_and_their_next_steps(world):
    Conversation.objects.create(
        request=world.card_request,
        kind=ConversationKind.PLAN,
        duration_minutes=50,
        notes="Vertrouwelijke notitie",
        recorded_by=world.people["consultant"],
    )
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    response = world.client_for("consultant").get(url)
    body = response.content.decode()
    assert "Vertrouwelijke notitie" in body
    assert "Ik ben Sam" not in body
    labels = [str(step["label"]) for step in response.context["steps"]]
    assert "Withdraw or close" in labels
    assert "Choose a consultant" not in labels
    assert reverse("crisiscard:conversation_add", args=[world.card_request.uuid]) in body


def test_a_matched_request_offers_the_coordinator_to_change_the_consultant(world):
    CardRequest.objects.filter(pk=world.card_request.pk).update(state=RequestState.MATCHED)
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    coordinator = world.client_for("coordinator").get(url)
    assert "Change the consultant" in [str(s["label"]) for s in coordinator.context["steps"]]
    consultant = world.client_for("consultant").get(url)
    assert "Log the first conversation" in [str(s["label"]) for s in consultant.context["steps"]]


def test_the_other_regions_coordinator_gets_404_and_the_refusal_is_logged(world):
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    assert world.client_for("coordinator_other_region").get(url).status_code == 404
    refused = AccessEvent.objects.get(purpose="crisiscard:request_detail")
    assert refused.outcome == Outcome.DENIED
    assert refused.subject_uuid == world.people["participant"].uuid


def test_the_participant_and_unrelated_staff_get_404_on_the_staff_page(world):
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    for persona in ["participant", "case_director", "administrator"]:
        assert world.client_for(persona).get(url).status_code == 404
    missing = reverse("crisiscard:request_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert world.client_for("coordinator").get(missing).status_code == 404

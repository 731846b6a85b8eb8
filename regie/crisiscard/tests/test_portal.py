"""The participant portal: home, who accessed my data, proposing a change."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action
from regie.audit.services import record
from regie.core.policy import actor_for_user
from regie.crisiscard.access import log_read, relation
from regie.crisiscard.models import ChangeProposal, Evaluation, RequestState
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.portal import portal_propose
from regie.people.models import Role

from .permission_args_portal import make_card, make_participant, months_ago

HOME = reverse("crisiscard:portal_home")
LOG = reverse("crisiscard:portal_access_log")
PROPOSE = reverse("crisiscard:portal_propose")


def actor(world, persona):
    return actor_for_user(world.people[persona].user)


def staff_reads(world, persona, times=1, **extra):
    """`persona` opens the world's request `times` times, as the access log records it."""
    who = actor(world, persona)
    access = relation(who, world.card_request)
    for _ in range(times):
        log_read(who, access, purpose="crisiscard:request_detail", **extra)


@pytest.mark.parametrize(
    "persona", ["consultant", "coordinator", "case_director", "log_manager", "administrator"]
)
def test_portal_pages_are_only_for_participants(world, persona):
    client = world.client_for(persona)
    for url in (HOME, LOG, PROPOSE):
        assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(world):
    response = world.client_for("anonymous").get(HOME)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_home_explains_the_state_and_what_is_waiting(world):
    response = world.client_for("participant").get(HOME)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your crisis plan is being written" in text
    assert "Read your plan. When everything is right, make it final." in text
    assert world.people["consultant"].full_name in text
    assert "You do not have a card yet" in text
    assert PROPOSE in text and LOG in text
    uuid = world.card_request.uuid
    assert reverse("crisiscard:plan_establish", kwargs={"request_uuid": uuid}) in text
    assert reverse("crisiscard:plan_edit", kwargs={"request_uuid": uuid}) in text
    assert AccessEvent.objects.filter(
        purpose="crisiscard:portal_home",
        subject_uuid=world.people["participant"].uuid,
        object_id=str(world.card_request.uuid),
    ).exists()


def test_home_shows_the_card_and_an_evaluation_that_is_due(world):
    card = make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(13),
        state=RequestState.EVALUATION_DUE,
    )
    Evaluation.objects.create(card=card, due_on=months_ago(1))
    text = world.client_for("participant").get(HOME).content.decode()
    assert card.number in text
    assert "Your card is due for its yearly check" in text
    pdf = reverse("crisiscard:card_pdf", args=[card.request.uuid, card.uuid])
    assert pdf in text
    assert world.client_for("participant").get(pdf).status_code == 200


def test_home_does_not_show_another_participants_request(world):
    other = make_participant(world, "someone.else@regie.example")
    card = make_card(
        participant=other,
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(2),
    )
    text = world.client_for("participant").get(HOME).content.decode()
    assert card.number not in text


def test_access_log_lists_staff_with_organisation_role_and_emergency(world):
    staff_reads(world, "consultant")
    record(
        actor=None,
        action=Action.EMERGENCY,
        purpose="crisiscard:emergency",
        object_type=ObjectType.CARD,
        subject=world.people["participant"],
        emergency=True,
    )
    response = world.client_for("participant").get(LOG)
    assert response.status_code == 200
    text = response.content.decode()
    assert world.people["consultant"].full_name in text
    assert world.licence_holder.name in text  # the consultant's organisation
    assert "Consultant" in text  # the role, as a label
    assert "Looked at: your request" in text
    assert 'class="row-emergency"' in text
    assert "Emergency access" in text
    assert "Someone who scanned your card" in text


def test_access_log_hides_the_participants_own_reads_and_others_data(world):
    world.client_for("participant").get(HOME)  # the participant's own read
    other = make_participant(world, "someone.else@regie.example")
    record(
        actor=actor(world, "coordinator"),
        action=Action.READ,
        purpose="test",
        object_type=ObjectType.CARD_REQUEST,
        subject=other,
        role=Role.COORDINATOR,
    )
    response = world.client_for("participant").get(LOG)
    rows = response.context["rows"]
    assert rows == []
    assert "Nobody else has looked at your information yet" in response.content.decode()


def test_reading_the_access_log_is_itself_logged(world):
    world.client_for("participant").get(LOG)
    event = AccessEvent.objects.get(purpose="crisiscard:portal_access_log")
    assert event.object_type == "own_access_log"
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.actor_role == Role.PARTICIPANT


def test_access_log_uses_a_fixed_number_of_queries(world):
    client = world.client_for("participant")
    staff_reads(world, "consultant")
    client.get(LOG)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LOG).status_code == 200
    staff_reads(world, "consultant", times=5)
    staff_reads(world, "coordinator", times=5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LOG)
    assert len(response.context["rows"]) == 11
    assert len(many) == len(few)


def test_access_log_is_paginated_by_fifty(world):
    staff_reads(world, "consultant", times=51)
    client = world.client_for("participant")
    first = client.get(LOG)
    assert len(first.context["rows"]) == 50 and first.context["page"].newer is None
    older = first.context["page"].older
    assert f"?before={older}" in first.content.decode()
    second = client.get(LOG, {"before": older})
    assert len(second.context["rows"]) == 1 and second.context["page"].older is None
    back = client.get(LOG, {"after": second.context["page"].newer})
    assert [r["event"].seq for r in back.context["rows"]] == [
        r["event"].seq for r in first.context["rows"]
    ]


def test_access_log_reads_the_same_queries_for_5_and_50_rows_and_never_counts(world):
    client = world.client_for("participant")
    staff_reads(world, "consultant", times=5)
    client.get(LOG)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(LOG).context["rows"]) == 5
    staff_reads(world, "consultant", times=45)
    with CaptureQueriesContext(connection) as fifty:
        assert len(client.get(LOG).context["rows"]) == 50
    assert len(five) == len(fifty)
    assert not [q for q in fifty.captured_queries if "COUNT(" in q["sql"].upper()]


def test_propose_a_change_reaches_the_consultant(world, django_capture_on_commit_callbacks):
    client = world.client_for("participant")
    assert client.get(PROPOSE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PROPOSE, {"section": "medication", "text": "Mijn dosis is nu 50 mg."}
        )
    assert response.status_code == 302
    assert response["Location"] == HOME
    proposal = ChangeProposal.objects.get()
    assert proposal.plan == world.card_request.plan
    assert proposal.section == "medication"
    assert proposal.author == world.people["participant"]
    assert [m.to for m in mail.outbox] == [[world.people["consultant"].email]]
    assert "50 mg" not in mail.outbox[0].body  # no plan content in e-mail
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="change_proposal", object_id=str(proposal.pk)
    ).exists()


def test_an_empty_proposal_keeps_the_form_and_saves_nothing(world):
    response = world.client_for("participant").post(PROPOSE, {"section": "", "text": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ChangeProposal.objects.exists()


def test_propose_refuses_someone_elses_request(world):
    with pytest.raises(CrisisCardError):
        portal_propose(actor=actor(world, "consultant"), request=world.card_request, text="x")
    assert not ChangeProposal.objects.exists()


def test_propose_page_without_a_plan_says_what_happens_next(world):
    world.card_request.plan.delete()
    response = world.client_for("participant").get(PROPOSE)
    assert response.status_code == 200
    assert "You do not have a plan yet" in response.content.decode()
    response = world.client_for("participant").post(PROPOSE, {"text": "Iets anders"})
    assert response.status_code == 200
    assert not ChangeProposal.objects.exists()


def test_access_log_names_every_kind_of_data_in_plain_words(world):
    participant = world.people["participant"]
    for object_type in (ObjectType.QUALITY_REVIEW, ObjectType.RELATIVE_NOTE):
        record(
            actor=actor(world, "coordinator"),
            action=Action.READ,
            purpose="test",
            object_type=object_type,
            subject=participant,
            role=Role.COORDINATOR,
        )
    text = world.client_for("participant").get(LOG).content.decode()
    assert "Looked at: the check of your card" in text
    assert "Looked at: a note about you as a family member or friend" in text
    assert "Looked at: your data" not in text

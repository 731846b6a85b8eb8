"""The consultant is reachable (task 7): work phone and e-mail in the portal, a question
form, and the questions on the consultant's home page until they are answered."""

from __future__ import annotations

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.crisiscard.models import CardRequest, Conversation, ConversationKind, RequestState
from regie.crisiscard.services.portal import add_working_days
from regie.people.models import Person, Role, RoleAssignment

from .permission_args_portal import make_card, make_participant

HOME = reverse("crisiscard:portal_home")
QUESTION = reverse("crisiscard:portal_question")
STAFF_HOME = reverse("core:home")


def set_phone(person: Person, phone: str) -> None:
    Person.objects.filter(pk=person.pk).update(phone=phone)


def ask(world, text: str = "Mag ik mijn zus als tweede contact toevoegen?"):
    return world.client_for("participant").post(QUESTION, {"text": text})


def test_the_portal_shows_the_consultants_work_phone_to_tap_and_their_email(world):
    consultant = world.people["consultant"]
    set_phone(consultant, "+31 6 1234 5678")
    page = world.client_for("participant").get(HOME).content.decode()
    assert 'href="tel:+31612345678"' in page
    assert f'href="mailto:{consultant.email}"' in page
    assert 'name="text"' in page  # the question form
    assert f'action="{QUESTION}"' in page


def test_without_an_own_phone_the_consultants_organisation_phone_is_given(world):
    consultant = world.people["consultant"]
    set_phone(consultant, "")
    assignment = RoleAssignment.objects.filter(
        person=consultant, role=Role.CONSULTANT, region=world.region
    ).first()
    organisation = assignment.organisation
    assert organisation is not None
    organisation.phone = "030 123 45 67"
    organisation.save(update_fields=["phone"])
    page = world.client_for("participant").get(HOME).content.decode()
    assert 'href="tel:0301234567"' in page
    assert "030 123 45 67" in page


def test_a_question_becomes_a_logged_question_with_a_follow_up_in_two_working_days(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(world)
    assert response.status_code == 302
    question = Conversation.objects.get(request=world.card_request)
    assert question.kind == ConversationKind.QUESTION
    assert question.notes == "Mag ik mijn zus als tweede contact toevoegen?"
    assert question.recorded_by == world.people["participant"]
    assert question.follow_up_on == add_working_days(timezone.localdate(), 2)
    assert not question.followed_up
    assert AccessEvent.objects.filter(
        action=Action.CREATE,
        purpose="crisiscard:portal_question",
        object_type="conversation",
        subject_uuid=world.people["participant"].uuid,
    ).exists()
    # The consultant is told a question waits, not what it says.
    assert [m.to for m in mail.outbox] == [[world.people["consultant"].email]]
    assert "zus" not in mail.outbox[0].body
    assert str(world.card_request.uuid) in mail.outbox[0].body


def test_working_days_skip_the_weekend():
    friday = datetime.date(2026, 12, 4)
    assert add_working_days(friday, 2) == datetime.date(2026, 12, 8)
    assert add_working_days(datetime.date(2026, 12, 7), 2) == datetime.date(2026, 12, 9)


def test_an_empty_question_is_refused_and_nothing_is_saved(world):
    response = ask(world, "   ")
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_the_question_page_is_logged_and_only_for_the_participant(world):
    assert world.client_for("participant").get(QUESTION).status_code == 200
    assert AccessEvent.objects.filter(
        action=Action.READ, purpose="crisiscard:portal_question"
    ).exists()
    assert world.client_for("consultant").get(QUESTION).status_code == 404
    assert world.client_for("consultant").post(QUESTION, {"text": "x"}).status_code == 404


def test_a_stopped_request_takes_no_questions(world):
    CardRequest.objects.filter(pk=world.card_request.pk).update(
        state=RequestState.WITHDRAWN, stop_reason="no_need"
    )
    ask(world)
    assert not Conversation.objects.exists()
    page = world.client_for("participant").get(QUESTION).content.decode()
    assert "You do not have a consultant yet" in page


def _home_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(STAFF_HOME).content.decode()
    return len(queries), page


def test_the_consultants_home_lists_open_questions_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    ask(world)
    client = world.client_for("consultant")
    client.get(STAFF_HOME)  # the session settles on the first page
    few, page = _home_queries(client)
    assert "Questions from card holders to answer" in page
    detail = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    assert f'href="{detail}#conversations-title"' in page
    assert world.people["participant"].full_name in page
    for n in range(4):
        holder = make_participant(world, f"vraag{n}@regie.example")
        card = make_card(
            participant=holder,
            consultant=world.people["consultant"],
            region=world.region,
            issued_on=timezone.localdate(),
        )
        Conversation.objects.create(
            request=card.request,
            kind=ConversationKind.QUESTION,
            duration_minutes=1,
            notes="Vraag",
            follow_up_on=timezone.localdate(),
            recorded_by=holder,
        )
    many, page = _home_queries(client)
    assert page.count("#conversations-title") == 5
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(STAFF_HOME)


def test_the_consultant_marks_a_question_answered_by_post(world):
    ask(world)
    question = Conversation.objects.get(request=world.card_request)
    client = world.client_for("consultant")
    detail = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    assert "Mark as answered" in client.get(detail).content.decode()
    url = reverse(
        "crisiscard:conversation_followed_up", args=[world.card_request.uuid, question.pk]
    )
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    question.refresh_from_db()
    assert question.followed_up
    assert "Questions from card holders to answer" not in client.get(STAFF_HOME).content.decode()


def test_no_questions_means_no_questions_section(world):
    page = world.client_for("consultant").get(STAFF_HOME).content.decode()
    assert "Questions from card holders to answer" not in page

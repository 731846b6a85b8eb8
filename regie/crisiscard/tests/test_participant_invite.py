"""The consultant invites a participant: Regie's own mail, or a letter with a code."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.crisiscard.models import CardRequest, Channel, HeardVia, PrintItem, PrintKind
from regie.people.models import ActivationCode
from regie.people.tests.factories import PersonFactory

PASSWORD = "een lange zin die ik onthoud"


def applicant_request(world, email="aanvrager@regie.example", language="nl"):
    person = PersonFactory(email=email, preferred_language=language)
    return CardRequest.objects.create(
        participant=person,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=world.people["consultant"],
        state="matched",
    )


def test_the_invitation_mail_is_regies_own_in_the_participants_language(
    world, django_capture_on_commit_callbacks
):
    request = applicant_request(world, language="nl")
    url = reverse("crisiscard:participant_invite", args=[request.uuid])
    # The consultant works in English; the participant reads Dutch.
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("consultant", language="en").post(url)
    assert response.status_code == 302
    request.participant.refresh_from_db()
    user = request.participant.user
    assert user is not None and user.email == "aanvrager@regie.example"
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["aanvrager@regie.example"]]
    message = mail.outbox[0]
    consultant = world.people["consultant"]
    assert consultant.full_name in message.subject
    assert "nodigt je uit" in message.body
    assert f"{consultant.full_name} van Crisiskaart Noord" in message.body
    assert "Password Reset" not in message.subject + message.body
    assert AccessEvent.objects.filter(
        purpose="crisiscard:participant_invite", subject_uuid=request.participant.uuid
    ).exists()


def test_the_mail_link_ends_logged_in_on_the_portal(world, django_capture_on_commit_callbacks):
    request = applicant_request(world, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("consultant").post(
            reverse("crisiscard:participant_invite", args=[request.uuid])
        )
    body = mail.outbox[0].body
    assert "invites you to Regie" in body
    link = re.search(r"https?://\S+/activeren/link/\S+/", body).group(0)
    path = "/" + link.split("/", 3)[3]
    client = Client()
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("crisiscard:portal_home")
    assert client.get(reverse("crisiscard:portal_home")).status_code == 200


def test_mail_links_use_the_address_the_request_came_in_on(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REGIE_PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    request = applicant_request(world)
    client = world.client_for("consultant")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("crisiscard:participant_invite", args=[request.uuid]),
            HTTP_HOST="127.0.0.1:8101",
        )
    assert "http://127.0.0.1:8101/activeren/link/" in mail.outbox[0].body


def test_without_an_e_mail_address_the_consultant_is_pointed_to_the_letter(world):
    request = applicant_request(world, email="")
    response = world.client_for("consultant").post(
        reverse("crisiscard:participant_invite", args=[request.uuid]), follow=True
    )
    assert "Print an invitation letter instead" in response.content.decode()
    request.participant.refresh_from_db()
    assert request.participant.user is None


def test_the_consultant_prints_a_letter_for_a_participant_without_email(world):
    request = applicant_request(world, email="")
    response = world.client_for("consultant").post(
        reverse("crisiscard:participant_letter", args=[request.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    request.participant.refresh_from_db()
    assert request.participant.user.login_name and request.participant.user.email is None
    code = ActivationCode.objects.get(person=request.participant)
    assert code.channel == "letter" and code.used_at is None
    assert AccessEvent.objects.filter(
        purpose="crisiscard:participant_letter",
        action=Action.PRINT,
        subject_uuid=request.participant.uuid,
    ).exists()


def test_the_consultant_can_leave_the_letter_to_the_print_queue(world):
    request = applicant_request(world, email="")
    url = reverse("crisiscard:participant_letter_queue", args=[request.uuid])
    world.client_for("consultant").post(url)
    item = PrintItem.objects.get(recipient=request.participant)
    assert item.kind == PrintKind.INVITATION and item.region == world.region
    # No code exists yet: it is made when the letter is printed.
    assert not ActivationCode.objects.filter(person=request.participant).exists()
    response = world.client_for("consultant").post(url, follow=True)
    assert "already waiting" in response.content.decode()
    assert PrintItem.objects.filter(recipient=request.participant).count() == 1


def test_only_the_assigned_consultant_can_invite(world):
    request = applicant_request(world)
    for name in ("participant_invite", "participant_letter", "participant_letter_queue"):
        url = reverse(f"crisiscard:{name}", args=[request.uuid])
        for persona in ("coordinator", "participant", "case_director"):
            assert world.client_for(persona).post(url).status_code == 404
    request.participant.refresh_from_db()
    assert request.participant.user is None

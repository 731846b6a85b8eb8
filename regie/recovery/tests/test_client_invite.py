"""The case director invites the client: Regie's own mail, or a letter with a code."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.people.activation.services import activation_find_by_code
from regie.people.models import ActivationCode

PASSWORD = "een lange zin die ik onthoud"


@pytest.fixture(autouse=True)
def client_without_login(world):
    """The shared world gives its client a login; these tests start before one exists."""
    user = world.client.user
    world.client.user = None
    world.client.save(update_fields=["user"])
    user.delete()


def test_the_case_director_mails_the_client_in_the_clients_language(
    world, django_capture_on_commit_callbacks
):
    client_person = world.client
    client_person.email = "client@regie.example"
    client_person.preferred_language = "en"
    client_person.save()
    url = reverse("recovery:client_invite", args=[world.case.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("case_director", language="nl").post(url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["client@regie.example"]]
    body = mail.outbox[0].body
    director = world.people["case_director"]
    assert f"{director.full_name} of Stichting Surplus invites you to Regie" in body
    assert "recovery" in body
    assert AccessEvent.objects.filter(
        purpose="recovery:client_invite", subject_uuid=client_person.uuid
    ).exists()


def test_a_client_without_email_gets_a_letter_and_lands_logged_in(world):
    url = reverse("recovery:client_letter", args=[world.case.uuid])
    response = world.client_for("case_director").post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AccessEvent.objects.filter(
        purpose="recovery:client_letter", action=Action.PRINT, subject_uuid=world.client.uuid
    ).exists()
    code = ActivationCode.objects.get(person=world.client)
    assert code.purpose == "client" and code.channel == "letter"


def test_a_client_activation_lands_on_their_own_recovery_pages(world):
    from regie.people.activation.services import activation_issue

    issued = activation_issue(
        actor=None,
        person=world.client,
        purpose="client",
        channel="letter",
        role="case_director",
        log_purpose="test",
    )
    assert activation_find_by_code(issued.secret) is not None
    browser = Client()
    browser.post(reverse("activation:enter"), {"code": issued.secret})
    response = browser.post(
        reverse("activation:password"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == reverse("recovery:my_home")


def test_only_the_case_director_invites(world):
    for name in ("client_invite", "client_letter"):
        url = reverse(f"recovery:{name}", args=[world.case.uuid])
        for persona in ("peer_expert", "family_peer_expert", "consultant", "participant"):
            assert world.client_for(persona).post(url).status_code == 404
    assert not ActivationCode.objects.filter(person=world.client).exists()


def test_the_case_page_offers_the_invitation_to_the_director_only(world):
    url = reverse("recovery:case_detail", args=[world.case.uuid])
    director_page = world.client_for("case_director").get(url).content.decode()
    assert reverse("recovery:client_letter", args=[world.case.uuid]) in director_page
    peer_page = world.client_for("peer_expert").get(url).content.decode()
    assert reverse("recovery:client_letter", args=[world.case.uuid]) not in peer_page

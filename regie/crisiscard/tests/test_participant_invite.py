"""An online applicant gets a login for the portal from their consultant."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.crisiscard.models import CardRequest, Channel, HeardVia
from regie.people.tests.factories import PersonFactory


def applicant_request(world, email="aanvrager@regie.example"):
    person = PersonFactory(email=email)
    return CardRequest.objects.create(
        participant=person,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=world.people["consultant"],
        state="matched",
    )


def test_the_consultant_invites_an_applicant_who_then_gets_a_password_mail(world):
    request = applicant_request(world)
    url = reverse("crisiscard:participant_invite", args=[request.uuid])
    response = world.client_for("consultant").post(url)
    assert response.status_code == 302
    request.participant.refresh_from_db()
    user = request.participant.user
    assert user is not None and user.email == "aanvrager@regie.example"
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["aanvrager@regie.example"]]
    assert AccessEvent.objects.filter(
        purpose="crisiscard:participant_invite", subject_uuid=request.participant.uuid
    ).exists()


def test_without_an_e_mail_address_the_consultant_is_told_what_to_do(world):
    request = applicant_request(world, email="")
    response = world.client_for("consultant").post(
        reverse("crisiscard:participant_invite", args=[request.uuid]), follow=True
    )
    assert "has no e-mail address yet" in response.content.decode()
    request.participant.refresh_from_db()
    assert request.participant.user is None


def test_only_the_assigned_consultant_can_invite(world):
    request = applicant_request(world)
    url = reverse("crisiscard:participant_invite", args=[request.uuid])
    for persona in ("coordinator", "participant", "case_director"):
        assert world.client_for(persona).post(url).status_code == 404
    request.participant.refresh_from_db()
    assert request.participant.user is None

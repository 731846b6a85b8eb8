"""Change at any time: a new version from an issued card, carried-over signatures,
the review of what changed, and the holder's QR link through the re-issue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.coordination.models import QualityReview, ReviewStatus
from regie.crisiscard import qr, schema
from regie.crisiscard.models import (
    Card,
    CardStatus,
    ChangeProposal,
    EmergencyLink,
    Party,
    PartyKind,
    RequestState,
    Signature,
    SignatureStatus,
)
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.services import plan as plan_services
from regie.crisiscard.services import requests as request_services
from regie.crisiscard.services.errors import CrisisCardError

from .cards_fixtures import actor, passed_review, plan_content


def save(world, persona: str, content: dict) -> None:
    plan = plan_services.plan_of(world.card_request)
    plan_services.save_draft(
        actor=actor(world, persona),
        plan=plan,
        content=content,
        based_on_revision=plan.draft_revision,
    )


def sign_all(version) -> None:
    from django.utils import timezone

    Signature.objects.filter(version=version, status=SignatureStatus.REQUESTED).update(
        status=SignatureStatus.SIGNED, signed_at=timezone.now(), typed_name="getekend"
    )


@pytest.fixture
def issued(world):
    """The world's request with two parties with agreements, version 1 established by
    the participant, signed, and its card issued."""
    request = world.card_request
    sister = Party.objects.create(request=request, kind=PartyKind.RELATIVE, name="Zus Anneke")
    gp = Party.objects.create(request=request, kind=PartyKind.GP, name="Huisarts Jansen")
    content = plan_content()
    content["agreements"] = [
        {"party": str(sister.uuid), "text": "Anneke zorgt voor de kat."},
        {"party": str(gp.uuid), "text": "De huisarts belt de crisisdienst."},
    ]
    save(world, "participant", content)
    version = plan_services.establish(
        actor=actor(world, "participant"), plan=plan_services.plan_of(request)
    )
    sign_all(version)
    card = card_services.card_create(actor=actor(world, "consultant"), version=version)
    passed_review(world, card)
    card_services.issue(actor=actor(world, "consultant"), card=card)
    request.refresh_from_db()
    card.refresh_from_db()
    world.sister, world.gp, world.content, world.card = sister, gp, content, card
    return world


def changed_phone(world) -> dict:
    content = schema.normalise(world.content)
    content["contacts"][0]["phone"] = "06-11112222"
    content["agreements"][1]["text"] = "De huisarts belt de crisisdienst en mijn zus."
    return content


# --- starting a new version ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["participant", "consultant"])
def test_the_participant_or_the_consultant_starts_a_new_version(issued, persona):
    plan = plan_services.plan_of(issued.card_request)
    plan_services.start_new_draft(actor=actor(issued, persona), plan=plan)
    issued.card_request.refresh_from_db()
    assert issued.card_request.state == RequestState.PLAN_DRAFTED
    issued.card.refresh_from_db()
    assert issued.card.status == CardStatus.ISSUED  # valid until its successor is issued
    assert AccessEvent.objects.filter(purpose="crisiscard:plan_new_draft").count() == 1


def test_the_coordinator_cannot_start_a_new_version(issued):
    plan = plan_services.plan_of(issued.card_request)
    with pytest.raises(CrisisCardError):
        plan_services.start_new_draft(actor=actor(issued, "coordinator"), plan=plan)


def test_a_new_version_starts_only_from_an_issued_card(world):
    plan = plan_services.plan_of(world.card_request)  # plan drafted, no card
    with pytest.raises(CrisisCardError, match="from an issued card"):
        plan_services.start_new_draft(actor=actor(world, "participant"), plan=plan)


def test_a_proposal_starts_the_new_version_in_one_click_and_is_taken_up(issued):
    plan = plan_services.plan_of(issued.card_request)
    proposal = plan_services.propose_change(
        actor=actor(issued, "participant"), plan=plan, section="contacts", text="Nieuw nummer"
    )
    client = issued.client_for("consultant")
    url = reverse("crisiscard:plan_new_draft", args=[issued.card_request.uuid])
    page = client.get(reverse("crisiscard:plan_edit", args=[issued.card_request.uuid]))
    assert "Start a new version with this proposal" in page.content.decode()
    assert client.get(url).status_code == 405  # no GET changes anything
    response = client.post(url, {"proposal": proposal.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    issued.card_request.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.TAKEN_UP
    assert issued.card_request.state == RequestState.PLAN_DRAFTED
    again = client.post(url, {"proposal": proposal.pk}, follow=True)
    assert "from an issued card" in again.content.decode()


def test_a_proposal_of_another_plan_is_not_found(issued, world):
    from .cards_fixtures import second_request

    other = second_request(world)
    foreign = ChangeProposal.objects.create(
        plan=other.plan, text="x", author=world.people["participant"]
    )
    url = reverse("crisiscard:plan_new_draft", args=[issued.card_request.uuid])
    assert issued.client_for("consultant").post(url, {"proposal": foreign.pk}).status_code == 404


def test_the_portal_and_the_request_page_offer_the_new_version(issued):
    portal = issued.client_for("participant").get(reverse("crisiscard:portal_home"))
    assert "Start a new version of the plan" in portal.content.decode()
    detail = issued.client_for("consultant").get(
        reverse("crisiscard:request_detail", args=[issued.card_request.uuid])
    )
    page = detail.content.decode()
    assert "Start a new version of the plan" in page
    assert reverse("crisiscard:plan_new_draft", args=[issued.card_request.uuid]) in page


def test_the_participant_who_saved_a_change_on_an_issued_card_can_establish_it(issued):
    save(issued, "participant", changed_phone(issued))
    version = plan_services.establish(
        actor=actor(issued, "participant"), plan=plan_services.plan_of(issued.card_request)
    )
    issued.card_request.refresh_from_db()
    assert version.number == 2
    assert issued.card_request.state == RequestState.AWAITING_SIGNATURES


def test_the_consultant_still_cannot_establish_for_the_participant(issued):
    plan = plan_services.plan_of(issued.card_request)
    plan_services.start_new_draft(actor=actor(issued, "consultant"), plan=plan)
    save(issued, "consultant", changed_phone(issued))
    with pytest.raises(CrisisCardError, match="Only the participant"):
        plan_services.establish(actor=actor(issued, "consultant"), plan=plan)


# --- signatures carry over -----------------------------------------------------------


def test_only_parties_whose_agreements_changed_are_asked_again(issued):
    plan = plan_services.plan_of(issued.card_request)
    plan_services.start_new_draft(actor=actor(issued, "participant"), plan=plan)
    save(issued, "participant", changed_phone(issued))
    version = plan_services.establish(actor=actor(issued, "participant"), plan=plan)
    sister = Signature.objects.get(version=version, party=issued.sister)
    gp = Signature.objects.get(version=version, party=issued.gp)
    assert sister.status == SignatureStatus.SIGNED  # carried over
    assert gp.status == SignatureStatus.REQUESTED
    page = (
        issued.client_for("participant")
        .get(reverse("crisiscard:plan_versions", args=[issued.card_request.uuid]))
        .content.decode()
    )
    assert (
        "Zus Anneke signed version 1; their agreements did not change, "
        "so their signature carries over."
    ) in page
    assert "Huisarts Jansen is asked to sign: their agreements changed." in page
    parties = (
        issued.client_for("consultant")
        .get(reverse("crisiscard:party_list", args=[issued.card_request.uuid]))
        .content.decode()
    )
    assert "Zus Anneke signed version 1; their agreements did not change" in parties


# --- the review and the re-issue ------------------------------------------------------


def reissue(world) -> Card:
    plan = plan_services.plan_of(world.card_request)
    plan_services.start_new_draft(actor=actor(world, "participant"), plan=plan)
    save(world, "participant", changed_phone(world))
    version = plan_services.establish(actor=actor(world, "participant"), plan=plan)
    sign_all(version)
    new = card_services.card_create(actor=actor(world, "consultant"), version=version)
    return new


def test_the_quality_review_shows_what_changed_since_the_previous_card(issued):
    new = reissue(issued)
    review = QualityReview.objects.create(
        card=new, requested_by=issued.people["consultant"], status=ReviewStatus.REQUESTED
    )
    page = (
        issued.client_for("coordinator")
        .get(reverse("coordination:review_detail", args=[review.uuid]))
        .content.decode()
    )
    assert f"What changed since card {issued.card.number} (plan version 1)" in page
    assert "06-11112222" in page and "06-12345678" in page


def test_the_old_card_stays_valid_until_the_new_one_is_issued(issued):
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    old_url = qr.emergency_url(link.token, issued.card.number).split("regie", 1)[-1]
    old_path = reverse("crisiscard:emergency", args=[link.token])
    new = reissue(issued)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(old_path).content.decode()
    assert issued.card.number in page  # the new card is not issued yet
    passed_review(issued, new)
    card_services.issue(actor=actor(issued, "consultant"), card=new)
    issued.card.refresh_from_db()
    link.refresh_from_db()
    assert issued.card.status == CardStatus.ENDED
    assert link.revoked_at is None
    assert old_url  # the printed address carries the old card's number
    held = Client(HTTP_ACCEPT_LANGUAGE="en").get(old_path, {"k": issued.card.number})
    page = held.content.decode()
    assert held.status_code == 200
    assert new.number in page and "version 2" in page
    assert "There is a newer card than the one you hold" in page
    assert "06-11112222" in page
    current = Client(HTTP_ACCEPT_LANGUAGE="en").get(old_path, {"k": new.number})
    assert "There is a newer card" not in current.content.decode()
    # A number that is not the holder's says nothing about newer cards.
    stranger = Client(HTTP_ACCEPT_LANGUAGE="en").get(old_path, {"k": "CK-0000-999999"})
    assert "There is a newer card" not in stranger.content.decode()


# --- the holder's link: lost, stopped, kept --------------------------------------------


def test_a_lost_card_revokes_the_holders_link_at_once_and_makes_a_new_one(issued):
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    path = reverse("crisiscard:emergency", args=[link.token])
    new = card_services.revoke_link(actor=actor(issued, "participant"), card=issued.card)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()
    fresh = Client().get(reverse("crisiscard:emergency", args=[new.token]))
    assert fresh.status_code == 200


def test_stopping_the_trajectory_revokes_the_link(issued):
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    request_services.request_stop(
        actor=actor(issued, "consultant"),
        request=issued.card_request,
        to_state=RequestState.CLOSED,
        reason="other",
    )
    link.refresh_from_db()
    issued.card.refresh_from_db()
    assert link.revoked_at is not None and issued.card.status == CardStatus.ENDED
    assert Client().get(reverse("crisiscard:emergency", args=[link.token])).status_code == 410


def test_a_holder_who_keeps_the_card_keeps_the_link(issued):
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    client = issued.client_for("participant")
    url = reverse("crisiscard:request_stop", args=[issued.card_request.uuid])
    assert "I keep my card" in client.get(url).content.decode()
    data = {"to_state": "withdrawn", "reason": "other", "keeps_card": "on"}
    confirm = client.post(url, data).content.decode()
    assert 'name="keeps_card" value="on"' in confirm
    assert client.post(url, data | {"confirm": "yes"}).status_code == 302
    link.refresh_from_db()
    issued.card.refresh_from_db()
    assert link.revoked_at is None and issued.card.status == CardStatus.ISSUED
    assert Client().get(reverse("crisiscard:emergency", args=[link.token])).status_code == 200

"""Erasing someone who is named in another participant's crisis plan: the lines
naming them go from that plan's draft, revisions, established versions and
card panels; the rest of the other participant's plan stays, and their card
keeps working (its emergency view and PDF still render)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from regie.crisiscard import pdf
from regie.crisiscard.models import (
    CardRequest,
    CardStatus,
    DraftRevision,
    EmergencyLink,
    Party,
    PartyKind,
    PlanVersion,
)
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.tests.cards_fixtures import (
    actor,
    draft_card,
    establish,
    passed_review,
    plan_content,
)
from regie.people.models import Person
from regie.privacy.erasure.plans import REDACTED

from .test_erasure_sentinels import KEEP, SENTINEL, dump_hits, erase, media  # noqa: F401

NAME = f"Bram {SENTINEL}vink"


def _neighbour(world) -> Person:
    """The person to erase: a participant of their own, named in the world
    participant's plan as a contact and a party."""
    neighbour = Person.objects.create(
        first_name="Bram", last_name=f"{SENTINEL}vink", phone="06-55501234"
    )
    CardRequest.objects.create(
        participant=neighbour,
        region=world.region,
        heard_via=world.card_request.heard_via,
        channel=world.card_request.channel,
    )
    return neighbour


def _content_naming_the_neighbour() -> dict:
    content = plan_content()
    content["about_me"]["text"] = f"{KEEP} eerste regel\nMijn buurman {NAME} helpt.\n{KEEP} slot"
    content["contacts"].append(
        {
            "name": NAME,
            "relationship": "buurman",
            "phone": "06-55501234",
            "trusted": True,
            "do_not_inform": False,
        }
    )
    return content


def test_erasure_redacts_the_person_in_another_participants_plan_and_card(world, media):  # noqa: F811
    neighbour = _neighbour(world)
    other = world.card_request  # the world participant: someone else's plan
    Party.objects.create(
        request=other, kind=PartyKind.RELATIVE, name=NAME, person=neighbour, phone="06-55501234"
    )
    content = _content_naming_the_neighbour()
    other.plan.draft = content
    other.plan.save(update_fields=["draft"])
    DraftRevision.objects.create(
        plan=other.plan, number=2, content=content, saved_by=world.people["consultant"]
    )
    version = establish(world, content=content)
    card = draft_card(world, version=version)
    panels = dict(card.panels)
    panels["inside_2"] = dict(panels["inside_2"]) | {"contacts": f"Anneke\n{NAME} 06-55501234"}
    panels["inside_1"] = dict(panels["inside_1"]) | {"do": f"Blijf rustig. {KEEP}"}
    card.panels = panels
    card.panels_en = {"inside_2": {"contacts": f"Anneke\nneighbour {NAME}"}}
    card.save(update_fields=["panels", "panels_en"])
    review = passed_review(world, card)
    card_services.issue(actor=actor(world, "consultant"), card=card)
    card.refresh_from_db()
    hash_before = card_services.card_hash(card)
    version_hash = version.content_hash
    assert len(dump_hits(SENTINEL)) >= 6, "named in the draft, a revision, a version, a card"

    erase(world, neighbour)

    assert dump_hits(SENTINEL) == []
    expected_text = f"{KEEP} eerste regel\n{REDACTED}\n{KEEP} slot"
    other.plan.refresh_from_db()
    version = PlanVersion.objects.get(pk=version.pk)
    revision = DraftRevision.objects.get(plan=other.plan, number=2)
    for stored in (other.plan.draft, revision.content, version.content):
        assert stored["about_me"]["text"] == expected_text
        assert [row["name"] for row in stored["contacts"]] == ["Anneke", "Kees", REDACTED]
        assert stored["contacts"][2]["relationship"] == "buurman"
        assert stored["care_providers"] == content["care_providers"]
    # The version keeps the hash it was established (and signed) with.
    assert version.content_hash == version_hash
    card.refresh_from_db()
    assert card.panels["inside_2"]["contacts"] == f"Anneke\n{REDACTED}"
    assert card.panels["inside_1"]["do"] == f"Blijf rustig. {KEEP}"
    assert card.panels_en["inside_2"]["contacts"] == f"Anneke\n{REDACTED}"
    # The card stays issued; its fingerprint changed, so the review no longer covers it.
    assert card.status == CardStatus.ISSUED
    assert card_services.card_hash(card) != hash_before
    assert not card_services.review_covers(review, card)
    # Nothing crashes: the emergency view, the PDF and the card page render.
    link = EmergencyLink.objects.get(holder=other.participant, revoked_at__isnull=True)
    emergency = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("crisiscard:emergency", args=[link.token])
    )
    assert emergency.status_code == 200
    page = emergency.content.decode()
    assert card.number in page and "Anneke" in page and REDACTED in page
    assert SENTINEL not in page
    assert pdf.card_pdf(card).startswith(b"%PDF")
    consultant = world.client_for("consultant")
    response = consultant.get(reverse("crisiscard:card_pdf", args=[other.uuid, card.uuid]))
    assert response.status_code == 200
    assert consultant.get(reverse("crisiscard:card_edit", args=[other.uuid])).status_code == 200

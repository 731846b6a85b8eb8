"""Card pages: make, edit with preview, issue, PDFs, replace the code."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.crisiscard import fit
from regie.crisiscard.models import Card, CardStatus, EmergencyLink, RequestState
from regie.crisiscard.services import cards as card_services

from .cards_fixtures import actor, draft_card, establish, issued_card, passed_review

TOO_LONG = "\n".join(f"regel {n}" for n in range(20))


def edit_url(world) -> str:
    return reverse("crisiscard:card_edit", args=[world.card_request.uuid])


def create_url(world) -> str:
    return reverse("crisiscard:card_create", args=[world.card_request.uuid])


def preview_url(world) -> str:
    return reverse("crisiscard:card_preview", args=[world.card_request.uuid])


def posted(card: Card, **changes: str) -> dict[str, str]:
    data = {"base": card_services.panels_hash(card.panels)}
    for panel, values in card.panels.items():
        for key, value in values.items():
            data[f"{panel}-{key}"] = value
    data.update(changes)
    return data


def test_without_an_established_version_the_page_says_what_comes_first(world):
    response = world.client_for("consultant").get(edit_url(world))
    assert response.status_code == 200
    assert "The plan has not been established yet" in response.content.decode()
    assert AccessEvent.objects.filter(action=Action.READ, purpose="crisiscard:card_edit").exists()


def test_get_makes_nothing_and_the_consultant_makes_the_card_by_post(world):
    establish(world)
    client = world.client_for("consultant")
    page = client.get(edit_url(world)).content.decode()
    assert "Make the card" in page
    assert client.get(create_url(world)).status_code == 405
    assert client.get(preview_url(world)).status_code == 405
    assert not Card.objects.exists()
    response = client.post(create_url(world))
    assert response.status_code == 302
    assert Card.objects.filter(request=world.card_request).count() == 1


def test_the_participant_cannot_make_the_card_but_can_edit_it(world):
    establish(world)
    client = world.client_for("participant")
    client.post(create_url(world))
    assert not Card.objects.exists()
    card = draft_card(world, version=world.card_request.plan.versions.get())
    data = posted(card, **{"front-intro": "Lees de binnenkant, alsjeblieft."})
    response = client.post(edit_url(world), data)
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.panels["front"]["intro"] == "Lees de binnenkant, alsjeblieft."


def test_check_and_preview_shows_the_problem_without_saving(world):
    card = draft_card(world)
    client = world.client_for("consultant")
    data = posted(card, **{"inside_1-do": TOO_LONG})
    response = client.post(preview_url(world), data)
    page = response.content.decode()
    over = 20 - fit.BY_KEY["inside_1"].fields[0].max_lines
    assert response.status_code == 200
    assert f"is {over} lines too long for the panel" in page
    assert "regel 19" in page  # the text stays on screen, and the lines that will not print
    assert 'href="#id_inside_1-do"' in page
    card.refresh_from_db()
    assert card.panels["inside_1"]["do"] != TOO_LONG


def test_saving_text_that_does_not_fit_keeps_it_and_the_page_blocks_issuing(world):
    card = draft_card(world)
    client = world.client_for("consultant")
    client.post(edit_url(world), posted(card, **{"back-medication": TOO_LONG}))
    card.refresh_from_db()
    assert card.panels["back"]["medication"] == TOO_LONG
    page = client.get(edit_url(world)).content.decode()
    assert "The card cannot be issued yet" in page
    assert reverse("crisiscard:card_issue", args=[world.card_request.uuid, card.uuid]) not in page
    response = client.post(
        reverse("crisiscard:card_issue", args=[world.card_request.uuid, card.uuid])
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT


def test_a_stale_save_keeps_the_users_text_on_screen(world):
    card = draft_card(world)
    stale = posted(card, **{"front-intro": "Mijn nieuwe tekst"})
    card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=dict(card.panels, front={"name": "Zoë", "intro": "Iets anders"}),
    )
    response = world.client_for("consultant").post(edit_url(world), stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this card" in page
    assert "Mijn nieuwe tekst" in page
    card.refresh_from_db()
    assert card.panels["front"]["intro"] == "Iets anders"


def test_issuing_from_the_page_moves_the_request_and_shows_the_code(world):
    card = draft_card(world)
    passed_review(world, card)
    client = world.client_for("consultant")
    response = client.post(
        reverse("crisiscard:card_issue", args=[world.card_request.uuid, card.uuid])
    )
    assert response.status_code == 302
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.CARD_ISSUED
    page = client.get(edit_url(world)).content.decode()
    token = EmergencyLink.objects.get(holder=card.request.participant).token
    assert reverse("crisiscard:emergency", args=[token]) in page
    assert "<svg" in page


def test_the_coordinator_sees_no_card(world):
    card = issued_card(world)
    for name, args in [
        ("crisiscard:card_edit", [world.card_request.uuid]),
        ("crisiscard:card_pdf", [world.card_request.uuid, card.uuid]),
        ("crisiscard:plan_pdf", [world.card_request.uuid, 1]),
        ("crisiscard:card_revoke", [world.card_request.uuid, card.uuid]),
    ]:
        assert world.client_for("coordinator").get(reverse(name, args=args)).status_code == 404


def test_the_pdfs_are_logged_as_prints(world):
    card = issued_card(world)
    client = world.client_for("participant")
    response = client.get(reverse("crisiscard:card_pdf", args=[world.card_request.uuid, card.uuid]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert card.number in response["Content-Disposition"]
    response = client.get(reverse("crisiscard:plan_pdf", args=[world.card_request.uuid, 1]))
    assert response.content.startswith(b"%PDF")
    prints = set(AccessEvent.objects.filter(action=Action.PRINT).values_list("purpose", flat=True))
    assert prints == {"crisiscard:card_pdf", "crisiscard:plan_pdf"}
    missing = reverse("crisiscard:plan_pdf", args=[world.card_request.uuid, 9])
    assert client.get(missing).status_code == 404


def test_replacing_the_code_asks_first_and_then_revokes(world):
    card = issued_card(world)
    old = EmergencyLink.objects.get(holder=card.request.participant)
    url = reverse("crisiscard:card_revoke", args=[world.card_request.uuid, card.uuid])
    client = world.client_for("participant")
    assert "Yes, replace the code" in client.get(url).content.decode()
    old.refresh_from_db()
    assert old.revoked_at is None  # GET changes nothing
    assert client.post(url).status_code == 302
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert (
        EmergencyLink.objects.filter(
            holder=card.request.participant, revoked_at__isnull=True
        ).count()
        == 1
    )


def test_the_edit_page_runs_a_fixed_number_of_queries(world):
    card = draft_card(world)
    client = world.client_for("consultant")
    client.get(edit_url(world))
    with CaptureQueriesContext(connection) as few:
        client.get(edit_url(world))
    lines = "\n".join(f"Persoon {n}: 06-{n:08d}" for n in range(30))
    card_services.card_update_panels(
        actor=actor(world, "consultant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=dict(card.panels, inside_2={"contacts": lines, "care": lines}),
    )
    with CaptureQueriesContext(connection) as many:
        client.get(edit_url(world))
    assert len(many) == len(few)

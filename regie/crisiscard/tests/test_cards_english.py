"""The card in a second language: English panels, edited and checked like the Dutch ones."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from regie.core.stale import StaleSave
from regie.crisiscard import fit, pdf
from regie.crisiscard.models import Card, EmergencyLink
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.services.errors import CrisisCardError

from .cards_fixtures import actor, draft_card, issued_card, passed_review
from .test_cards_pdf import pdf_text

TOO_LONG = "\n".join(f"line {n}" for n in range(20))
ENGLISH = {
    "front": {"name": "", "intro": "I have a crisis card. Please read the inside."},
    "inside_1": {"do": "Stay calm with me. Call my sister Anneke.", "dont": "Do not touch me."},
    "inside_2": {"contacts": "Anneke (sister): 06-12345678", "care": ""},
    "back": {"medication": "Lithium 400 mg", "admission": ""},
}


def edit_url(world) -> str:
    return reverse("crisiscard:card_edit", args=[world.card_request.uuid])


def posted(card: Card, english: dict | None = None, **changes: str) -> dict[str, str]:
    data = {"base": card_services.card_hash(card)}
    for panel, values in card.panels.items():
        for key, value in values.items():
            data[f"{panel}-{key}"] = value
    for panel, values in fit.normalise_panels(english or card.panels_en).items():
        for key, value in values.items():
            data[f"en-{panel}-{key}"] = value
    data.update(changes)
    return data


def with_english(world, card: Card, english: dict = ENGLISH) -> Card:
    card_services.card_update_panels(
        actor=actor(world, "consultant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=card.panels,
        panels_en=english,
    )
    card.refresh_from_db()
    return card


# --- Fit ---------------------------------------------------------------------------


def test_empty_english_text_is_no_english_side_and_no_problem():
    assert fit.second_side({"front": {"name": "Zoë"}}, {}) is None
    assert fit.second_side({}, fit.normalise_panels({})) is None
    assert fit.check_second_side({}, {"inside_1": {"do": "   "}}) == []


def test_english_text_that_does_not_fit_is_reported_as_english():
    problems = fit.check_both({}, {"inside_1": {"do": TOO_LONG}})
    assert len(problems) == 1
    assert problems[0].language == "en"
    assert problems[0].panel == "inside_1" and problems[0].field == "do"
    assert problems[0].message.startswith("English text:")


def test_the_english_front_uses_the_dutch_name_when_left_empty():
    side = fit.second_side({"front": {"name": "Zoë de Vries"}}, {"inside_1": {"do": "Call Anneke"}})
    assert side is not None
    assert side["front"]["name"] == "Zoë de Vries"


def test_english_text_that_does_not_fit_blocks_issuing_but_is_saved(world):
    card = draft_card(world)
    problems = card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=card.panels,
        panels_en={"inside_1": {"do": TOO_LONG}},
    )
    assert [p.language for p in problems] == ["en"]
    card.refresh_from_db()
    assert card.panels_en["inside_1"]["do"] == TOO_LONG  # no words lost
    passed_review(world, card)
    with pytest.raises(CrisisCardError, match="English text"):
        card_services.issue(actor=actor(world, "consultant"), card=card)


# --- Editing -----------------------------------------------------------------------


def test_the_participant_adds_english_text_in_the_editor(world):
    card = draft_card(world)
    client = world.client_for("participant")
    page = client.get(edit_url(world)).content.decode()
    assert 'name="en-inside_1-do"' in page
    response = client.post(edit_url(world), posted(card, english=ENGLISH))
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.panels_en["inside_1"]["do"] == "Stay calm with me. Call my sister Anneke."
    assert card.panels["inside_1"]["do"] == "Blijf rustig bij me. Bel mijn zus Anneke."
    page = client.get(edit_url(world)).content.decode()
    assert "The English side of the card" not in page  # a draft shows it beside each panel
    assert "Stay calm with me." in page


def test_emptying_the_english_text_removes_the_english_side(world):
    card = with_english(world, draft_card(world))
    empty = fit.normalise_panels({})
    response = world.client_for("consultant").post(edit_url(world), posted(card, english=empty))
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.panels_en == {}


def test_too_long_english_text_is_shown_with_a_link_to_its_field(world):
    card = draft_card(world)
    data = posted(card, english={"back": {"medication": TOO_LONG}})
    preview = reverse("crisiscard:card_preview", args=[world.card_request.uuid])
    page = world.client_for("consultant").post(preview, data).content.decode()
    assert 'href="#id_en-back-medication"' in page
    assert "English text:" in page


def test_a_stale_save_of_english_text_keeps_the_users_text(world):
    card = draft_card(world)
    loaded = posted(card, english={"inside_1": {"do": "My own English words"}})
    # Someone else saves English text after the form was loaded.
    with_english(world, Card.objects.get(pk=card.pk))
    response = world.client_for("participant").post(edit_url(world), loaded)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this card" in page
    assert "My own English words" in page
    card.refresh_from_db()
    assert card.panels_en["inside_1"]["do"] == ENGLISH["inside_1"]["do"]


def test_a_stale_save_is_noticed_when_only_the_english_text_changed(world):
    card = draft_card(world)
    base = card_services.card_hash(card)
    with_english(world, Card.objects.get(pk=card.pk))
    with pytest.raises(StaleSave, match="Someone else saved"):
        card_services.card_update_panels(
            actor=actor(world, "participant"), card=card, panels=card.panels, base_hash=base
        )


# --- Review ------------------------------------------------------------------------


def test_a_card_without_english_keeps_the_fingerprint_of_its_own_panels(world):
    card = draft_card(world)
    assert card_services.card_hash(card) == card_services.panels_hash(card.panels)


def test_changing_the_english_text_after_a_passed_review_needs_a_new_review(world):
    card = with_english(world, draft_card(world))
    review = passed_review(world, card)
    assert card_services.review_covers(review, card)
    changed = dict(ENGLISH, inside_1={"do": "Something the reviewer never read", "dont": ""})
    with_english(world, card, changed)
    assert not card_services.review_covers(review, card)
    blockers = card_services.issue_blockers(card)
    assert any("changed after its quality review" in str(b) for b in blockers)


def test_the_reviewer_reads_the_english_side(world):
    from regie.coordination.models import QualityReview, ReviewStatus

    card = with_english(world, draft_card(world))
    review = QualityReview.objects.create(
        card=card,
        requested_by=world.people["consultant"],
        reviewer=world.people["coordinator"],
        status=ReviewStatus.REQUESTED,
    )
    url = reverse("coordination:review_detail", args=[review.uuid])
    page = world.client_for("coordinator").get(url).content.decode()
    assert "The English side of the card" in page
    assert "Stay calm with me." in page


# --- PDF ---------------------------------------------------------------------------


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page[\s/>]", data))


def test_the_pdf_has_an_english_page_when_the_card_has_english_text(world):
    card = draft_card(world)
    assert _pages(pdf.card_pdf(card)) == 1
    with_english(world, card)
    data = pdf.card_pdf(card)
    assert _pages(data) == 2
    text = pdf_text(data)
    assert "Crisiskaart" in text and "Crisis card" in text
    assert "Blijf rustig bij me. Bel mijn zus Anneke." in text
    assert "Stay calm with me. Call my sister Anneke." in text
    assert "Please do not" in text  # the English side's labels are English


# --- Emergency view ----------------------------------------------------------------


def emergency_url(card: Card) -> str:
    token = EmergencyLink.objects.get(
        holder=card.request.participant, revoked_at__isnull=True
    ).token
    return reverse("crisiscard:emergency", args=[token])


def test_the_emergency_view_switches_between_dutch_and_english(world):
    card = issued_card(world)
    Card.objects.filter(pk=card.pk).update(panels_en=fit.normalise_panels(ENGLISH))
    url = emergency_url(card)
    dutch = Client().get(url, {"lang": "nl"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Blijf rustig bij me." in dutch
    assert "Stay calm with me." not in dutch
    assert 'href="?lang=en"' in dutch
    english = Client().get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Stay calm with me." in english
    assert "Blijf rustig bij me." not in english
    assert 'lang="en"' in english
    assert "What harms" in english  # headings in the card's language


def test_the_emergency_view_shows_the_readers_language_first(world):
    card = issued_card(world)
    Card.objects.filter(pk=card.pk).update(panels_en=fit.normalise_panels(ENGLISH))
    url = emergency_url(card)
    assert "Stay calm with me." in Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Blijf rustig" in Client().get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()


def test_a_card_without_english_has_no_language_switch(world):
    card = issued_card(world)
    page = Client().get(emergency_url(card), {"lang": "en"}).content.decode()
    assert 'href="?lang=en"' not in page
    assert "Blijf rustig bij me." in page


def test_a_new_card_keeps_the_english_text_of_the_previous_card(world):
    first = issued_card(world)
    Card.objects.filter(pk=first.pk).update(panels_en=fit.normalise_panels(ENGLISH))
    new = draft_card(world)  # from a new established version
    assert new.pk != first.pk
    assert new.panels_en["inside_1"]["do"] == ENGLISH["inside_1"]["do"]

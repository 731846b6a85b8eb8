"""Card services: make, edit, issue (only when everything fits), replace the code."""

from __future__ import annotations

import re

import pytest

from regie.audit.models import AccessEvent, Action
from regie.core.stale import StaleSave
from regie.crisiscard import fit
from regie.crisiscard.models import Card, CardStatus, EmergencyLink, RequestEvent, RequestState
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.services.errors import CrisisCardError

from .cards_fixtures import actor, draft_card, establish, issued_card, passed_review

TOO_LONG = "\n".join(f"regel {n}" for n in range(20))


def test_a_card_gets_a_unique_number_and_panels_from_the_version(world):
    card = draft_card(world)
    assert re.fullmatch(r"CK-\d{4}-\d{6}", card.number)
    assert card.status == CardStatus.DRAFT
    assert card.panels["inside_1"]["do"] == "Blijf rustig bij me. Bel mijn zus Anneke."
    assert card.panels["inside_1"]["dont"] == "Niet aanraken zonder te vragen."
    assert "Anneke (zus): 06-12345678" in card.panels["inside_2"]["contacts"]
    assert "Kees" not in card.panels["inside_2"]["contacts"]  # must not be told
    assert card.panels["inside_2"]["care"] == "Dr. Jansen (huisarts): 010-1234567"
    assert card.panels["back"]["medication"] == "Lithium 400 mg: Doorgeven."
    assert "Parnassia, Noord" in card.panels["back"]["admission"]
    assert card.panels["front"]["name"] == world.people["participant"].full_name
    assert AccessEvent.objects.filter(action=Action.CREATE, object_id=str(card.uuid)).exists()


def test_only_the_consultant_makes_a_card(world):
    version = establish(world)
    for persona in ("participant", "coordinator", "coordinator_other_region"):
        with pytest.raises(CrisisCardError):
            card_services.card_create(actor=actor(world, persona), version=version)
    assert not Card.objects.exists()


def test_a_second_card_is_refused_while_one_is_being_made(world):
    card = draft_card(world)
    with pytest.raises(CrisisCardError, match="already being made"):
        card_services.card_create(actor=actor(world, "consultant"), version=card.version)


def test_text_that_does_not_fit_is_saved_but_blocks_issuing(world):
    card = draft_card(world)
    panels = dict(card.panels)
    panels["inside_1"] = {"do": TOO_LONG, "dont": ""}
    problems = card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=panels,
    )
    assert [(p.field, p.overflow) for p in problems] == [
        ("do", 20 - fit.BY_KEY["inside_1"].fields[0].max_lines)
    ]
    card.refresh_from_db()
    assert card.panels["inside_1"]["do"] == TOO_LONG  # no words lost
    with pytest.raises(CrisisCardError, match="lines too long"):
        card_services.issue(actor=actor(world, "consultant"), card=card)
    card.refresh_from_db()
    world.card_request.refresh_from_db()
    assert card.status == CardStatus.DRAFT and card.issued_on is None
    assert world.card_request.state == RequestState.AWAITING_SIGNATURES
    assert not EmergencyLink.objects.exists()


def test_a_stale_save_is_refused_and_changes_nothing(world):
    card = draft_card(world)
    base = card_services.panels_hash(card.panels)
    first = dict(card.panels, front={"name": "Zoë", "intro": "Eerste"})
    card_services.card_update_panels(
        actor=actor(world, "consultant"), card=card, panels=first, base_hash=base
    )
    second = dict(card.panels, front={"name": "Zoë", "intro": "Tweede"})
    with pytest.raises(StaleSave, match="Someone else saved"):
        card_services.card_update_panels(
            actor=actor(world, "participant"), card=card, panels=second, base_hash=base
        )
    card.refresh_from_db()
    assert card.panels["front"]["intro"] == "Eerste"


def test_issue_moves_the_request_and_creates_a_link(world):
    card = draft_card(world)
    passed_review(world, card)
    issued = card_services.issue(actor=actor(world, "consultant"), card=card)
    world.card_request.refresh_from_db()
    assert issued.status == CardStatus.ISSUED and issued.issued_on is not None
    assert world.card_request.state == RequestState.CARD_ISSUED
    link = EmergencyLink.objects.get(holder=card.request.participant)
    assert link.revoked_at is None and len(link.token) >= 22  # at least 128 bits
    assert RequestEvent.objects.filter(
        request=world.card_request, to_state=RequestState.CARD_ISSUED
    ).exists()
    assert AccessEvent.objects.filter(
        action=Action.CHANGE, object_id=str(card.uuid), part="card_issue"
    ).exists()


def test_issue_in_another_state_is_refused_with_the_reason(world):
    card = draft_card(world)
    type(world.card_request).objects.filter(pk=world.card_request.pk).update(
        state=RequestState.PLAN_DRAFTED
    )
    with pytest.raises(CrisisCardError, match="this request is “Plan drafted”"):
        card_services.issue(actor=actor(world, "consultant"), card=card)
    assert not EmergencyLink.objects.exists()


def test_only_the_consultant_issues(world):
    card = draft_card(world)
    with pytest.raises(CrisisCardError):
        card_services.issue(actor=actor(world, "participant"), card=card)
    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT


def test_an_issued_card_no_longer_changes(world):
    card = issued_card(world)
    with pytest.raises(CrisisCardError, match="issued"):
        card_services.card_update_panels(
            actor=actor(world, "consultant"),
            card=card,
            base_hash=card_services.card_hash(card),
            panels=card.panels,
        )


def test_a_new_card_ends_the_old_one_and_keeps_the_holders_link(world):
    old = issued_card(world)
    old_link = EmergencyLink.objects.get(holder=old.request.participant)
    version = establish(world)
    new = card_services.card_create(actor=actor(world, "consultant"), version=version)
    passed_review(world, new)
    card_services.issue(actor=actor(world, "consultant"), card=new)
    old.refresh_from_db()
    old_link.refresh_from_db()
    assert old.status == CardStatus.ENDED and old_link.revoked_at is None
    assert EmergencyLink.objects.filter(revoked_at__isnull=True).get() == old_link


def test_an_older_version_card_cannot_be_issued_when_a_newer_one_exists(world):
    card = draft_card(world)
    establish(world)
    with pytest.raises(CrisisCardError, match="version 2 is newer"):
        card_services.issue(actor=actor(world, "consultant"), card=card)


@pytest.mark.parametrize("persona", ["consultant", "participant"])
def test_a_lost_card_gets_a_new_link_and_the_old_one_is_revoked(world, persona):
    card = issued_card(world)
    old = EmergencyLink.objects.get(holder=card.request.participant)
    new = card_services.revoke_link(actor=actor(world, persona), card=card)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.revoked_at is None and new.token != old.token
    assert AccessEvent.objects.filter(
        action=Action.CHANGE, object_id=str(card.uuid), part="card_revoke"
    ).exists()


def test_the_coordinator_cannot_replace_the_link(world):
    card = issued_card(world)
    with pytest.raises(CrisisCardError):
        card_services.revoke_link(actor=actor(world, "coordinator"), card=card)
    assert EmergencyLink.objects.filter(holder=card.request.participant).count() == 1

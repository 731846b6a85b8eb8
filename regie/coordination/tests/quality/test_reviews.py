"""The four-eyes review: who may review, the checklist, the gate on issuing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from regie.audit.models import AccessEvent, Action, Outcome
from regie.coordination.errors import CoordinationError
from regie.coordination.quality import services
from regie.coordination.quality.models import QualityReview, ReviewStatus
from regie.core.policy import actor_for_user
from regie.crisiscard.models import Card, CardStatus, RequestEvent
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.tests.cards_fixtures import actor, draft_card, establish

from .fixtures import (
    ask_review,
    complete_content,
    consultant_and_coordinator,
    hbo_consultant,
    ready_card,
    request_of,
)


def decide(person_or_persona, world, review, **kwargs):
    who = (
        actor(world, person_or_persona)
        if isinstance(person_or_persona, str)
        else actor_for_user(person_or_persona.user)
    )
    kwargs.setdefault("own_words", True)
    kwargs.setdefault("passed", True)
    # The reviewer read the card as it is now, unless a test says otherwise.
    basis = card_services.review_basis(Card.objects.get(pk=review.card_id))
    kwargs.setdefault("seen_panels_hash", basis["panels_hash"])
    kwargs.setdefault("seen_version_id", basis["version_id"])
    return services.review_decide(actor=who, review=review, **kwargs)


# --- four eyes ----------------------------------------------------------------------


def test_the_maker_cannot_review_their_own_card(world):
    review = ask_review(world, ready_card(world))
    with pytest.raises(CoordinationError, match="Nobody reviews a card they made"):
        decide("consultant", world, review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED and review.reviewer is None


def test_a_consultant_who_also_coordinates_never_reviews_their_own_card(world):
    both = consultant_and_coordinator(world)
    card = ready_card(world, request=request_of(world, both), consultant=both)
    review = services.review_request(actor=actor_for_user(both.user), card=card)
    with pytest.raises(CoordinationError, match="Nobody reviews a card they made"):
        decide(both, world, review)
    # Nor through the pages: the queue leaves it out and the review answers 404.
    client = world.client_for("coordinator")
    client.force_login(both.user)
    queue = client.get(reverse("coordination:review_list", args=[world.region.slug]))
    assert card.number not in queue.content.decode()
    url = reverse("coordination:review_detail", args=[review.uuid])
    assert client.get(url).status_code == 404
    assert AccessEvent.objects.filter(
        purpose="coordination:review_detail", outcome=Outcome.DENIED
    ).exists()
    # Another coordinator of the region can.
    decide("coordinator", world, review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED
    assert review.reviewer == world.people["coordinator"]


def test_another_hbo_consultant_of_the_region_may_review(world):
    reviewer = hbo_consultant(world)
    review = ask_review(world, ready_card(world))
    decide(reviewer, world, review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED and review.reviewer == reviewer


def test_an_mbo_consultant_or_another_region_cannot_review(world):
    review = ask_review(world, ready_card(world))
    other_hbo = hbo_consultant(world, world.other_region, email="zuid@regie.example")
    for who in ("coordinator_other_region", other_hbo):
        with pytest.raises(CoordinationError, match="cannot review cards in this region"):
            decide(who, world, review)
    # The world's MBO consultant made this card; an MBO colleague is no reviewer either.
    assert not services.may_review(actor(world, "coordinator_other_region"), review)


def test_only_the_cards_consultant_asks_for_a_review(world):
    card = ready_card(world)
    for persona in ("participant", "coordinator"):
        with pytest.raises(CoordinationError, match="Only the consultant"):
            ask_review(world, card, persona)
    ask_review(world, card)
    with pytest.raises(CoordinationError, match="already waiting"):
        ask_review(world, card)


# --- the gate -----------------------------------------------------------------------


def test_issue_is_blocked_without_a_passed_review(world):
    card = ready_card(world)
    with pytest.raises(CrisisCardError, match="Ask for a quality review"):
        card_services.issue(actor=actor(world, "consultant"), card=card)
    review = ask_review(world, card)
    with pytest.raises(CrisisCardError, match="waiting for its quality review"):
        card_services.issue(actor=actor(world, "consultant"), card=card)
    decide("coordinator", world, review)
    issued = card_services.issue(actor=actor(world, "consultant"), card=card)
    assert issued.status == CardStatus.ISSUED


def test_a_change_after_the_pass_asks_for_a_new_review(world):
    card = ready_card(world)
    decide("coordinator", world, ask_review(world, card))
    card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=dict(card.panels, front={"name": "Zoë", "intro": "Lees de binnenkant."}),
    )
    with pytest.raises(CrisisCardError, match="changed after its quality review passed"):
        card_services.issue(actor=actor(world, "consultant"), card=card)
    review = ask_review(world, card)  # allowed again now the card changed
    decide("coordinator", world, review)
    assert card_services.issue(actor=actor(world, "consultant"), card=card).status == "issued"


def test_a_passed_review_records_what_it_saw(world):
    card = ready_card(world)
    review = decide("coordinator", world, ask_review(world, card))
    assert review.checklist == {
        "complete": True,
        "own_words": True,
        "signatures": True,
        "fits": True,
        "independent": True,
        "panels_hash": card_services.panels_hash(card.panels),
        "version_id": card.version_id,
    }
    with pytest.raises(CoordinationError, match="passed its review and has not changed"):
        ask_review(world, card)


# --- the checklist ------------------------------------------------------------------


def test_the_checklist_computes_completeness_signatures_fit_and_independence(world):
    version = establish(world)  # the card tests' plan: several sections still empty
    card = draft_card(world, version=version)
    items = {item.code: item for item in services.checklist_for(card)}
    assert items["complete"].computed is False
    assert "Write how people can best approach you." in items["complete"].findings
    assert items["own_words"].judged
    assert items["signatures"].computed is True  # no agreements, nobody has to sign
    assert items["fits"].computed is True
    assert items["independent"].computed is True


def test_a_missing_signature_needs_a_recorded_reason_to_pass(world):
    content = complete_content(**{str(world.party.uuid): "De huisarts belt mijn zus."})
    version = establish(world, content=content)
    card = card_services.card_create(actor=actor(world, "consultant"), version=version)
    items = {item.code: item for item in services.checklist_for(card)}
    assert items["signatures"].computed is False
    assert items["signatures"].findings == [
        "Huisartsenpraktijk De Linde has not signed this version."
    ]
    review = ask_review(world, card)
    with pytest.raises(CoordinationError, match="Not met: All signatures"):
        decide("coordinator", world, review)
    decide("coordinator", world, review, missing_signatures_reason="Praktijk gesloten; belt terug.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED
    assert review.missing_signatures_reason == "Praktijk gesloten; belt terug."


def test_a_judgment_item_must_be_ticked_to_pass(world):
    review = ask_review(world, ready_card(world))
    with pytest.raises(CoordinationError, match="own words"):
        decide("coordinator", world, review, own_words=False)


def test_the_card_not_fitting_blocks_a_pass(world):
    card = ready_card(world)
    card_services.card_update_panels(
        actor=actor(world, "consultant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=dict(card.panels, inside_1={"do": "\n".join(["x"] * 30), "dont": ""}),
    )
    review = ask_review(world, card)
    with pytest.raises(CoordinationError, match="Everything fits on the card"):
        decide("coordinator", world, review)


# --- failing ------------------------------------------------------------------------


def test_a_failed_review_needs_comments_and_goes_back_to_the_consultant(world):
    card = ready_card(world)
    review = ask_review(world, card)
    with pytest.raises(CoordinationError, match="Write what the consultant should change"):
        decide("coordinator", world, review, passed=False)
    decide("coordinator", world, review, passed=False, comments="Schrijf het in eigen woorden.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.FAILED
    assert RequestEvent.objects.filter(
        request=card.request, text__contains="sent back with comments"
    ).exists()
    client = world.client_for("consultant")
    page = client.get(reverse("crisiscard:card_edit", args=[card.request.uuid])).content.decode()
    assert "Schrijf het in eigen woorden." in page
    assert reverse("coordination:review_request", args=[card.uuid]) in page
    home = client.get(reverse("core:home")).content.decode()
    assert "Schrijf het in eigen woorden." in home
    with pytest.raises(CrisisCardError, match="sent the card back"):
        card_services.issue(actor=actor(world, "consultant"), card=card)
    # The consultant fixes it and asks again.
    response = client.post(reverse("coordination:review_request", args=[card.uuid]))
    assert response.status_code == 302
    assert QualityReview.objects.filter(card=card, status=ReviewStatus.REQUESTED).count() == 1


def test_a_decided_review_cannot_be_decided_again(world):
    review = decide("coordinator", world, ask_review(world, ready_card(world)))
    with pytest.raises(CoordinationError, match="already been done"):
        decide(hbo_consultant(world), world, review)


# --- pages --------------------------------------------------------------------------


def test_the_review_page_shows_the_plan_and_logs_the_reading(world):
    card = ready_card(world)
    review = ask_review(world, card)
    client = world.client_for("coordinator")
    response = client.get(reverse("coordination:review_detail", args=[review.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rustig praten, kort en duidelijk." in page  # plan content
    assert "Blijf rustig bij me." in page  # a card panel
    event = AccessEvent.objects.get(
        purpose="coordination:quality_review", action=Action.READ, part="plan"
    )
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.actor_role == "coordinator"


def seen_fields(client, review) -> dict[str, str]:
    """The hidden fields of the review page's decision form: the card the reviewer read."""
    page = client.get(reverse("coordination:review_detail", args=[review.uuid])).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("seen_panels", "seen_version")
    }


def test_deciding_through_the_page(world):
    card = ready_card(world)
    review = ask_review(world, card)
    client = world.client_for("coordinator")
    seen = seen_fields(client, review)
    response = client.post(reverse("coordination:review_send_back", args=[review.uuid]), seen)
    assert response.status_code == 400
    assert "Write what the consultant should change" in response.content.decode()
    url = reverse("coordination:review_pass", args=[review.uuid])
    response = client.post(url, {"own_words": "on", **seen})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED
    page = world.client_for("consultant").get(
        reverse("crisiscard:card_edit", args=[card.request.uuid])
    )
    assert reverse("crisiscard:card_issue", args=[card.request.uuid, card.uuid]) in (
        page.content.decode()
    )


def test_the_coordinator_of_another_region_gets_404(world):
    review = ask_review(world, ready_card(world))
    client = world.client_for("coordinator_other_region")
    assert client.get(reverse("coordination:review_detail", args=[review.uuid])).status_code == 404
    response = client.post(
        reverse("coordination:review_pass", args=[review.uuid]),
        {"own_words": "on"},
    )
    assert response.status_code == 404
    assert (
        client.get(reverse("coordination:review_list", args=[world.region.slug])).status_code == 404
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED


def test_the_review_queue_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    ask_review(world, ready_card(world))
    for n in range(3):
        maker = hbo_consultant(world, email=f"maker{n}@regie.example")
        card = ready_card(world, request=request_of(world, maker), consultant=maker)
        services.review_request(actor=actor_for_user(maker.user), card=card)
    client = world.client_for("coordinator")
    url = reverse("coordination:review_list", args=[world.region.slug])
    with django_assert_max_num_queries(16):  # with the access log of the listed participants
        page = client.get(url).content.decode()
    assert page.count("Review card") == 4


def test_the_coordinator_sees_waiting_reviews_on_home_and_hub(world):
    ask_review(world, ready_card(world))
    client = world.client_for("coordinator")
    home = client.get(reverse("core:home")).content.decode()
    assert "Cards waiting for a quality review" in home
    assert reverse("coordination:review_list", args=[world.region.slug]) in home
    hub = client.get(reverse("coordination:index")).content.decode()
    assert reverse("coordination:quality", args=[world.region.slug]) in hub
    assert reverse("coordination:visitation_list", args=[world.region.slug]) in hub
    # The maker's own home does not offer their card for review.
    assert "Cards waiting for a quality review" not in (
        world.client_for("consultant").get(reverse("core:home")).content.decode()
    )


def test_the_decision_comes_after_the_card_the_plan_and_what_changed(world):
    """A reviewer reaches the buttons only after the content they judge."""
    earlier = ready_card(world)
    Card.objects.filter(pk=earlier.pk).update(
        status=CardStatus.ISSUED, issued_on=datetime.date.today()
    )
    review = ask_review(world, ready_card(world))
    client = world.client_for("coordinator")
    page = client.get(reverse("coordination:review_detail", args=[review.uuid])).content.decode()
    form_at = page.index('action="' + reverse("coordination:review_pass", args=[review.uuid]))
    pass_at = page.index("Pass the card")
    for landmark in (
        'id="changes-title"',
        'id="card-title"',
        "Blijf rustig bij me.",  # a card panel
        'id="plan-title"',
        "Rustig praten, kort en duidelijk.",  # the plan
    ):
        assert page.index(landmark) < form_at, landmark
        assert page.index(landmark) < pass_at, landmark

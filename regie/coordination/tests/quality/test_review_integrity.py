"""A pass covers exactly the card the reviewer read; the queue's reading is logged.

While a review waits the card is frozen (its consultant may withdraw the
request to change it), and the decision carries the panels' hash and version
the reviewer saw: a decision about another card than the one on the screen is
refused.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent, Action, Outcome
from regie.coordination.errors import CoordinationError
from regie.coordination.quality import services
from regie.coordination.quality.models import QualityReview, ReviewStatus
from regie.core.policy import actor_for_user
from regie.crisiscard.models import Card, CardStatus, RequestEvent
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.tests.cards_fixtures import actor

from .fixtures import ask_review, hbo_consultant, ready_card, request_of

FROZEN = "This card is waiting for its quality review"
CHANGED = "The card changed after you opened this review"


def edit_url(card: Card) -> str:
    return reverse("crisiscard:card_edit", args=[card.request.uuid])


def posted_panels(card: Card, **changes: str) -> dict[str, str]:
    data = {"base": card_services.panels_hash(card.panels)}
    for panel, values in card.panels.items():
        for key, value in values.items():
            data[f"{panel}-{key}"] = value
    data.update(changes)
    return data


def seen_fields(page: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("seen_panels", "seen_version")
    }


def review_page(client, review: QualityReview) -> str:
    response = client.get(reverse("coordination:review_detail", args=[review.uuid]))
    assert response.status_code == 200
    return response.content.decode()


# --- the card is frozen while its review waits ---------------------------------------


def test_nobody_changes_a_card_while_its_review_waits(world):
    card = ready_card(world)
    ask_review(world, card)
    before = dict(card.panels)
    for persona in ("consultant", "participant"):
        with pytest.raises(CrisisCardError, match=FROZEN):
            card_services.card_update_panels(
                actor=actor(world, persona),
                card=card,
                base_hash=card_services.card_hash(card),
                panels=dict(card.panels, front={"name": "X", "intro": "UNREVIEWED TEXT"}),
            )
    card.refresh_from_db()
    assert card.panels == before


def test_an_edit_between_opening_the_review_and_passing_it_never_reaches_the_card(world):
    """The reported attack: ask → reviewer opens → maker saves new text → pass → issue."""
    card = ready_card(world)
    review = ask_review(world, card)
    coordinator = world.client_for("coordinator")
    seen = seen_fields(review_page(coordinator, review))

    consultant = world.client_for("consultant")
    data = posted_panels(card, **{"front-intro": "UNREVIEWED TEXT"})
    response = consultant.post(edit_url(card), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert FROZEN in page
    assert "UNREVIEWED TEXT" in page  # what was typed stays on the screen
    card.refresh_from_db()
    assert "UNREVIEWED TEXT" not in str(card.panels)

    response = coordinator.post(
        reverse("coordination:review_pass", args=[review.uuid]),
        {"own_words": "on", **seen},
    )
    assert response.status_code == 302
    issued = card_services.issue(actor=actor(world, "consultant"), card=card)
    assert issued.status == CardStatus.ISSUED
    assert "UNREVIEWED TEXT" not in str(Card.objects.get(pk=card.pk).panels)


def test_the_card_page_says_the_card_waits_and_offers_no_saving(world):
    card = ready_card(world)
    review = ask_review(world, card)
    withdraw = reverse("coordination:review_withdraw", args=[review.uuid])
    for persona in ("consultant", "participant"):
        page = world.client_for(persona).get(edit_url(card)).content.decode()
        assert FROZEN in page
        preview = reverse("crisiscard:card_preview", args=[card.request.uuid])
        assert ">Save</button>" not in page and preview not in page
        assert "Blijf rustig bij me." in page  # the card is still shown
        assert (withdraw in page) == (persona == "consultant")


# --- withdrawing the request ---------------------------------------------------------


def test_the_consultant_withdraws_the_request_to_change_the_card(world):
    card = ready_card(world)
    review = ask_review(world, card)
    client = world.client_for("consultant")
    response = client.post(reverse("coordination:review_withdraw", args=[review.uuid]))
    assert response.status_code == 302
    assert not QualityReview.objects.filter(pk=review.pk).exists()
    assert RequestEvent.objects.filter(request=card.request, text__contains="withdrawn").exists()
    assert AccessEvent.objects.filter(
        purpose="coordination:quality_review", action=Action.DELETE, part="review_withdraw"
    ).exists()
    page = client.get(edit_url(card)).content.decode()
    assert FROZEN not in page and ">Save</button>" in page
    card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=dict(card.panels, front={"name": "Zoë", "intro": "Nieuwe tekst"}),
    )
    # The reviewer who still had the page open finds nothing to decide, but
    # gets back what they typed; the page names nothing of the card.
    typed = "Zet het telefoonnummer van de <b>huisarts</b> erbij."
    response = world.client_for("coordinator").post(
        reverse("coordination:review_send_back", args=[review.uuid]),
        {"comments": typed, "missing_signatures_reason": "Ziek"},
    )
    assert response.status_code == 410
    page = response.content.decode()
    assert "Zet het telefoonnummer van de &lt;b&gt;huisarts&lt;/b&gt; erbij." in page
    assert ">Ziek</textarea>" in page
    assert card.number not in page and card.request.participant.full_name not in page
    assert not QualityReview.objects.filter(card=card).exists()
    # Someone who could never review still gets the plain 404.
    response = world.client_for("participant").post(
        reverse("coordination:review_send_back", args=[review.uuid]), {"comments": typed}
    )
    assert response.status_code == 404
    ask_review(world, card)  # and a new review can be asked


def test_only_the_cards_consultant_withdraws_and_only_a_waiting_review(world):
    card = ready_card(world)
    review = ask_review(world, card)
    url = reverse("coordination:review_withdraw", args=[review.uuid])
    for persona in ("participant", "coordinator", "coordinator_other_region"):
        assert world.client_for(persona).post(url).status_code == 404, persona
    assert AccessEvent.objects.filter(
        purpose="coordination:review_withdraw", outcome=Outcome.DENIED
    ).exists()
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED
    basis = card_services.review_basis(card)
    services.review_decide(
        actor=actor(world, "coordinator"),
        review=review,
        passed=True,
        own_words=True,
        seen_panels_hash=basis["panels_hash"],
        seen_version_id=basis["version_id"],
    )
    with pytest.raises(CoordinationError, match="already been done"):
        services.review_withdraw(actor=actor(world, "consultant"), review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED


# --- the decision is about the card on the screen ------------------------------------


def test_a_decision_about_another_card_than_the_one_read_is_refused(world):
    card = ready_card(world)
    review = ask_review(world, card)
    client = world.client_for("coordinator")
    seen = seen_fields(review_page(client, review))
    # The card changes behind the reviewer's back (however it got past the freeze).
    changed = dict(card.panels, front={"name": "X", "intro": "UNREVIEWED TEXT"})
    Card.objects.filter(pk=card.pk).update(panels=changed)
    for name in ("coordination:review_pass", "coordination:review_send_back"):
        response = client.post(
            reverse(name, args=[review.uuid]),
            {"own_words": "on", "comments": "Mijn opmerking", **seen},
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert CHANGED in page
        assert "Mijn opmerking" in page  # what the reviewer typed is kept
        assert "UNREVIEWED TEXT" in page  # and they now see the card as it is
        review.refresh_from_db()
        assert review.status == ReviewStatus.REQUESTED
    # The page now carries the card as it is; a decision on that counts.
    fresh = seen_fields(page)
    assert fresh != seen
    url = reverse("coordination:review_pass", args=[review.uuid])
    response = client.post(url, {"own_words": "on", **fresh})
    assert response.status_code == 302
    review.refresh_from_db()
    card.refresh_from_db()
    assert review.status == ReviewStatus.PASSED
    assert review.checklist["panels_hash"] == card_services.panels_hash(card.panels)


def test_a_decision_without_the_card_read_is_refused(world):
    review = ask_review(world, ready_card(world))
    response = world.client_for("coordinator").post(
        reverse("coordination:review_pass", args=[review.uuid]),
        {"own_words": "on"},
    )
    assert response.status_code == 400
    assert CHANGED in response.content.decode()
    with pytest.raises(CoordinationError, match=CHANGED):
        services.review_decide(
            actor=actor(world, "coordinator"),
            review=review,
            passed=True,
            own_words=True,
            seen_panels_hash=card_services.panels_hash(review.card.panels),
            seen_version_id=review.card.version_id + 1,
        )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED


# --- the queue's reading is logged ---------------------------------------------------


def _waiting_reviews(world, count: int) -> list[QualityReview]:
    reviews = []
    for n in range(count):
        maker = hbo_consultant(world, email=f"maker{n}@regie.example")
        card = ready_card(world, request=request_of(world, maker), consultant=maker)
        reviews.append(services.review_request(actor=actor_for_user(maker.user), card=card))
    return reviews


def test_the_review_queue_logs_one_reading_per_listed_participant(world):
    reviews = [*_waiting_reviews(world, 2), ask_review(world, ready_card(world))]
    url = reverse("coordination:review_list", args=[world.region.slug])
    assert world.client_for("coordinator").get(url).status_code == 200
    events = AccessEvent.objects.filter(purpose="coordination:review_list")
    assert sorted(e.object_id for e in events) == sorted(str(r.uuid) for r in reviews)
    assert {e.subject_uuid for e in events} == {r.card.request.participant.uuid for r in reviews}
    assert {(e.action, e.object_type, e.actor_role) for e in events} == {
        (Action.READ, "quality_review", "coordinator")
    }
    # An HBO consultant reviewing there reads as a consultant; their own card is not listed.
    maker = reviews[0].requested_by
    client = world.client_for("coordinator")
    client.force_login(maker.user)
    client.get(url)
    mine = AccessEvent.objects.filter(
        purpose="coordination:review_list", actor_person_uuid=maker.uuid
    )
    assert mine.count() == 2
    assert {e.actor_role for e in mine} == {"consultant"}
    assert str(reviews[0].uuid) not in {e.object_id for e in mine}


def test_logging_the_queue_takes_the_same_queries_for_one_or_many(world):
    client = world.client_for("coordinator")
    url = reverse("coordination:review_list", args=[world.region.slug])
    _waiting_reviews(world, 1)
    client.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        maker = hbo_consultant(world, email=f"more{n}@regie.example")
        card = ready_card(world, request=request_of(world, maker), consultant=maker)
        services.review_request(actor=actor_for_user(maker.user), card=card)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count("Review card") == 5
    assert len(five) == len(one)
    assert AccessEvent.objects.filter(purpose="coordination:review_list").count() == 1 + 1 + 5

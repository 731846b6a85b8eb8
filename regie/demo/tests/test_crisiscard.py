"""The crisis-card demo data: every state, idempotent, consistent."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.crisiscard import reliability
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    EmergencyLink,
    Evaluation,
    Party,
    PlanVersion,
    RequestState,
    Signature,
    content_hash,
)
from regie.crisiscard.services.daily import run_daily
from regie.people.models import Person, User

MODELS = (CardRequest, PlanVersion, Party, Signature, Card, EmergencyLink, Evaluation)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def test_seeding_twice_changes_nothing_and_covers_every_state(db):
    call_command("seed_demo")
    before = counts()
    call_command("seed_demo")
    assert counts() == before
    assert set(CardRequest.objects.values_list("state", flat=True)) == set(RequestState.values)
    for request in CardRequest.objects.filter(state__in=["withdrawn", "closed"]):
        assert request.stop_reason and request.stop_note


def test_the_demo_has_a_card_due_for_evaluation_and_one_past_eighteen_months(db):
    call_command("seed_demo")
    today = timezone.localdate()
    issued = Card.objects.filter(status=CardStatus.ISSUED)
    assert any(c.evaluation_due_on() <= today for c in issued)
    assert any(not reliability.is_reliable(c, today) for c in issued)
    due = Evaluation.objects.get(completed_at__isnull=True)
    assert due.card.request.state == RequestState.EVALUATION_DUE


def test_demo_cards_keep_the_invariants(db):
    call_command("seed_demo")
    for card in Card.objects.select_related("version"):
        assert card.version.content_hash == content_hash(card.version.content)
        live = card.request.participant.emergency_links.filter(revoked_at__isnull=True).count()
        # The holder of an issued card has exactly one working QR link.
        if card.status == CardStatus.ISSUED:
            assert live == 1
        assert card.request_id == card.version.plan.request_id


def test_the_demo_participant_sees_a_card_in_the_portal(db):
    call_command("seed_demo")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(email="deelnemer@regie.example"))
    response = client.get(reverse("crisiscard:portal_home"))
    assert response.status_code == 200
    card = Card.objects.get(request__participant__email="deelnemer@regie.example")
    assert card.number in response.content.decode()
    log = client.get(reverse("crisiscard:portal_access_log"))
    assert any(row["emergency"] for row in log.context["rows"])


def test_the_daily_job_on_the_demo_invites_no_one_twice(db, django_capture_on_commit_callbacks):
    call_command("seed_demo")
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    with django_capture_on_commit_callbacks(execute=True):
        again = run_daily()
    assert again.invitations_sent == again.unreliable_notices_sent == 0


def test_the_demo_card_has_an_english_side_and_a_question_waits_for_the_consultant(db):
    from regie.crisiscard import fit
    from regie.crisiscard.models import Conversation, ConversationKind

    call_command("seed_demo")
    card = Card.objects.get(
        request__participant__email="deelnemer@regie.example", status=CardStatus.ISSUED
    )
    assert fit.second_side(card.panels, card.panels_en) is not None
    assert fit.check_both(card.panels, card.panels_en) == []
    question = Conversation.objects.get(request=card.request, kind=ConversationKind.QUESTION)
    assert not question.followed_up and question.follow_up_on is not None
    call_command("seed_demo")
    assert Conversation.objects.filter(kind=ConversationKind.QUESTION).count() == 1


def test_the_demo_consultant_sees_the_demo_question_on_their_home_page(db):
    call_command("seed_demo")
    client = Client()
    client.force_login(User.objects.get(email="consulent.mbo@regie.example"))
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Vragen van kaarthouders om te beantwoorden" in page or (
        "Questions from card holders to answer" in page
    )


def test_demo_login_shares_with_its_gp_through_a_live_read_link(db):
    from regie.crisiscard.models import SharingGrant

    call_command("seed_demo")
    call_command("seed_demo")
    grants = SharingGrant.objects.filter(
        request__participant__email="deelnemer@regie.example"
    ).select_related("party")
    live = [g for g in grants if g.link_live()]
    assert len(live) == 1 and live[0].party.kind == "gp"
    assert {g.responder_type for g in grants if g.party is None} == {"police", "crisis_service"}
    client = Client()
    client.force_login(User.objects.get(email="deelnemer@regie.example"))
    page = client.get(reverse("crisiscard:portal_sharing")).content.decode()
    assert "Anouk (zus)" in page and "checked" in page


def test_the_demo_has_a_reissued_card_whose_old_qr_opens_the_new_one(db):
    call_command("seed_demo")
    holder = Person.objects.get(email="deelnemer06@regie.example")
    cards = list(Card.objects.filter(request__participant=holder).order_by("pk"))
    assert [c.status for c in cards] == [CardStatus.ENDED, CardStatus.ISSUED]
    assert [c.version.number for c in cards] == [1, 2]
    token = holder.emergency_links.get(revoked_at__isnull=True).token
    url = reverse("crisiscard:emergency", args=[token])
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url, {"k": cards[0].number}).content.decode()
    assert cards[1].number in page and "There is a newer card" in page
    carried = Signature.objects.filter(version=cards[1].version, party__name__startswith="Anouk")
    assert carried.get().signed_at < cards[1].version.established_at

"""The public emergency view behind the QR code."""

from __future__ import annotations

import datetime
import secrets

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action, Outcome
from regie.crisiscard import emergency, reliability
from regie.crisiscard.models import Card, CardStatus, EmergencyLink
from regie.crisiscard.services import cards as card_services

from .cards_fixtures import actor, issued_card


def url_for(card: Card) -> str:
    token = EmergencyLink.objects.get(
        holder=card.request.participant, revoked_at__isnull=True
    ).token
    return reverse("crisiscard:emergency", args=[token])


def test_anyone_sees_only_what_is_on_the_card_without_logging_in(world):
    card = issued_card(world)
    response = Client().get(url_for(card), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert card.number in page
    assert card.issued_on.strftime("%d-%m-%Y") in page
    assert "Blijf rustig bij me." in page
    assert 'Anneke (zus): <a class="emergency-tel" href="tel:0612345678">06-12345678</a>' in page
    assert "Ik ben Zoë" not in page  # the plan's other sections are not on the card
    assert "Kees" not in page
    assert '<meta name="robots" content="noindex' in page
    assert response["X-Robots-Tag"].startswith("noindex")
    assert 'name="viewport"' in page
    assert "May be out of date" not in page


def test_every_view_is_logged_as_an_emergency_access(world):
    card = issued_card(world)
    client = Client()
    for _ in range(3):
        client.get(url_for(card))
    events = AccessEvent.objects.filter(action=Action.EMERGENCY)
    assert events.count() == 3
    event = events.first()
    assert event.emergency is True
    assert event.actor_user_id is None
    assert event.purpose == "crisiscard:emergency"
    assert (event.object_type, event.object_id) == ("card", str(card.uuid))
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.outcome == Outcome.SUCCESS


def test_a_random_token_gives_404_and_logs_nothing(world):
    issued_card(world)
    response = Client().get(reverse("crisiscard:emergency", args=[secrets.token_urlsafe(32)]))
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(action=Action.EMERGENCY).exists()


def test_a_revoked_token_gives_410_and_the_new_one_works(world):
    card = issued_card(world)
    old_url = url_for(card)
    card_services.revoke_link(actor=actor(world, "participant"), card=card)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(old_url)
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()
    assert "Blijf rustig" not in response.content.decode()
    assert AccessEvent.objects.filter(action=Action.EMERGENCY, outcome=Outcome.DENIED).exists()
    assert Client().get(url_for(card)).status_code == 200


def test_an_ended_card_gives_410(world):
    card = issued_card(world)
    url = url_for(card)
    Card.objects.filter(pk=card.pk).update(status=CardStatus.ENDED)
    assert Client().get(url).status_code == 410


def test_a_card_older_than_eighteen_months_shows_the_banner(world):
    today = timezone.localdate()
    card = issued_card(world, issued_on=today - datetime.timedelta(days=19 * 31))
    assert not reliability.is_reliable(card, today)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url_for(card)).content.decode()
    assert "May be out of date" in page


def test_a_card_just_under_eighteen_months_has_no_banner(world):
    today = timezone.localdate()
    card = issued_card(world, issued_on=today - datetime.timedelta(days=17 * 31))
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url_for(card)).content.decode()
    assert "May be out of date" not in page


def test_too_many_views_from_one_address_give_429(world, monkeypatch):
    monkeypatch.setattr(emergency, "RATE_LIMIT", 3)
    card = issued_card(world)
    url = url_for(card)
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert AccessEvent.objects.filter(action=Action.EMERGENCY).count() == 3
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.get(url).status_code == 200


# --- the first screen ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("06-12345678", "tel:0612345678"),
        ("010 - 123 45 67", "tel:0101234567"),
        ("+31 6 1234 5678", "tel:+31612345678"),
        ("0031 6 12345678", "tel:+31612345678"),
    ],
)
def test_phone_numbers_become_tel_addresses_of_digits_only(written, href):
    assert emergency.tel_href(written) == href


def test_each_contact_line_gets_its_number_as_a_tap_to_call_link():
    lines = emergency.call_lines("Anneke (zus): 06-12345678\nDr. Jansen (huisarts)\n\n")
    assert [(line.before, line.number, line.href) for line in lines] == [
        ("Anneke (zus):", "06-12345678", "tel:0612345678"),
        ("Dr. Jansen (huisarts)", "", ""),
    ]


def test_the_first_screen_says_what_matters_first_and_logging_in_one_line_at_the_end(world):
    card = issued_card(world)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url_for(card)).content.decode()
    first = page.index('class="emergency-first"')
    for heading in ("How to approach me, what helps", "What harms", "Whom to call", "Medication"):
        assert first < page.index(heading)
    assert f"Card {card.number} · version {card.version.number} · issued" in page
    checked = card.issued_on.strftime("%d-%m-%Y")
    assert f"Checked with the holder on {checked}" in page
    assert 'href="tel:0101234567"' in page
    notice = "Every look at this page is recorded; the card holder can see it."
    assert page.count(notice) == 1
    assert page.index(notice) > page.index("Also on the card")


def test_the_first_screen_escapes_what_the_holder_wrote(world):
    card = issued_card(world)
    panels = dict(card.panels)
    panels["inside_2"] = {"contacts": '<script>x</script> "a": 06-12345678', "care": ""}
    Card.objects.filter(pk=card.pk).update(panels=panels)
    page = Client().get(url_for(card)).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_emergency_view_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    card = issued_card(world)
    url = url_for(card)
    client = Client()
    # About ten of these are the rate limit's count in the database cache (decisions/0032).
    with django_assert_max_num_queries(20):
        assert client.get(url, {"k": "CK-0000-000000"}).status_code == 200

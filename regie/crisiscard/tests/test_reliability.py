"""One reliability rule: eighteen months after the later of issue and the last confirming
evaluation. Each reader of the rule is tested here: the emergency banner, the portal,
the daily job, the batch print and the coordination indicators."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.coordination.quality import selectors as quality_sel
from regie.crisiscard import reliability
from regie.crisiscard.models import Card, EmergencyLink, Evaluation, RequestState
from regie.crisiscard.services.daily import run_daily

from .permission_args_portal import make_card

TODAY = timezone.localdate()


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def card_of(world, *, issued_on: datetime.date, state=RequestState.CARD_ISSUED) -> Card:
    return make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=issued_on,
        state=state,
    )


def confirm(card: Card, on: datetime.date, outcome: str = "unchanged") -> Evaluation:
    return Evaluation.objects.create(card=card, due_on=on, completed_at=at(on), outcome=outcome)


# --- the rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checked", "until"),
    [
        (datetime.date(2025, 1, 15), datetime.date(2026, 7, 15)),
        (datetime.date(2025, 8, 28), datetime.date(2027, 2, 28)),
        # February has no 31st: reliable through its last day.
        (datetime.date(2025, 8, 31), datetime.date(2027, 3, 1)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 8, 29)),
    ],
)
def test_reliable_until_is_eighteen_months_after_the_check(world, checked, until):
    card = card_of(world, issued_on=checked)
    assert reliability.reliable_until(card) == until
    assert reliability.is_reliable(card, until - datetime.timedelta(days=1))
    assert not reliability.is_reliable(card, until)


def test_a_confirming_evaluation_restarts_the_eighteen_months(world):
    card = card_of(world, issued_on=TODAY - datetime.timedelta(days=700))
    assert not reliability.is_reliable(card, TODAY)
    confirm(card, TODAY - datetime.timedelta(days=30))
    assert reliability.checked_with_holder_on(card) == TODAY - datetime.timedelta(days=30)
    assert reliability.is_reliable(card, TODAY)


@pytest.mark.parametrize("outcome", ["", "ended"])
def test_an_evaluation_that_did_not_confirm_the_card_does_not_count(world, outcome):
    card = card_of(world, issued_on=TODAY - datetime.timedelta(days=700))
    confirm(card, TODAY - datetime.timedelta(days=30), outcome=outcome)
    assert reliability.checked_with_holder_on(card) == card.issued_on
    assert not reliability.is_reliable(card, TODAY)


def test_an_open_evaluation_does_not_count(world):
    card = card_of(world, issued_on=TODAY - datetime.timedelta(days=700))
    Evaluation.objects.create(card=card, due_on=TODAY, outcome="unchanged")
    assert not reliability.is_reliable(card, TODAY)


def test_the_database_form_agrees_with_the_python_form_on_every_day(world):
    cards = [
        card_of(world, issued_on=datetime.date(2025, 8, 31)),
        card_of(world, issued_on=datetime.date(2025, 8, 28)),
        card_of(world, issued_on=datetime.date(2024, 1, 10)),
    ]
    confirm(cards[2], datetime.date(2025, 9, 30))
    annotated = reliability.with_checked_on(Card.objects.filter(pk__in=[c.pk for c in cards]))
    for offset in range(-3, 4):
        for day in (datetime.date(2027, 3, 1), datetime.date(2027, 3, 30)):
            today = day + datetime.timedelta(days=offset)
            in_db = set(
                annotated.filter(reliability.reliable_q(today)).values_list("pk", flat=True)
            )
            in_python = {c.pk for c in cards if reliability.is_reliable(c, today)}
            assert in_db == in_python, today


def test_annotated_cards_need_no_query_per_card(world, django_assert_num_queries):
    for n in range(3):
        confirm(card_of(world, issued_on=TODAY - datetime.timedelta(days=600 + n)), TODAY)
    with django_assert_num_queries(1):
        cards = list(reliability.with_checked_on(Card.objects.all()))
        assert all(reliability.is_reliable(c, TODAY) for c in cards)


# --- its readers ---------------------------------------------------------------------


def emergency_page(card: Card) -> str:
    token = EmergencyLink.objects.get(holder=card.request.participant).token
    url = reverse("crisiscard:emergency", args=[token])
    return Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()


def test_the_emergency_banner_follows_the_rule(world):
    card = card_of(world, issued_on=TODAY - datetime.timedelta(days=600))
    page = emergency_page(card)
    assert "May be out of date" in page
    confirm(card, TODAY - datetime.timedelta(days=10))
    page = emergency_page(card)
    assert "May be out of date" not in page
    checked = (TODAY - datetime.timedelta(days=10)).strftime("%d-%m-%Y")
    assert f"Checked with the holder on {checked}" in page


def test_the_portal_follows_the_rule(world):
    card = card_of(world, issued_on=TODAY - datetime.timedelta(days=600))
    client = world.client_for("participant")
    page = client.get(reverse("crisiscard:portal_home")).content.decode()
    assert "more than a year and a half ago" in page
    confirm(card, TODAY - datetime.timedelta(days=10))
    page = client.get(reverse("crisiscard:portal_home")).content.decode()
    assert "more than a year and a half ago" not in page
    assert (TODAY - datetime.timedelta(days=10)).strftime("%d-%m-%Y") in page


def test_the_daily_job_follows_the_rule(world):
    old = card_of(world, issued_on=TODAY - datetime.timedelta(days=600), state="plan_drafted")
    confirmed = card_of(world, issued_on=TODAY - datetime.timedelta(days=600), state="plan_drafted")
    confirm(confirmed, TODAY - datetime.timedelta(days=100))
    run_daily()
    old.refresh_from_db()
    confirmed.refresh_from_db()
    assert old.marked_unreliable_on == TODAY
    assert confirmed.marked_unreliable_on is None


def test_print_cards_follows_the_rule(world, tmp_path):
    old = card_of(world, issued_on=TODAY - datetime.timedelta(days=600))
    confirmed = card_of(world, issued_on=TODAY - datetime.timedelta(days=600))
    confirm(confirmed, TODAY - datetime.timedelta(days=100))
    out, err = io.StringIO(), io.StringIO()
    since = (TODAY - datetime.timedelta(days=700)).isoformat()
    call_command("print_cards", "--since", since, "--out", str(tmp_path), stdout=out, stderr=err)
    assert (tmp_path / f"{confirmed.number}.pdf").exists()
    assert not (tmp_path / f"{old.number}.pdf").exists()
    assert f"no longer reliable (evaluate with the holder first): {old.number}" in out.getvalue()


def test_the_indicators_follow_the_rule(world):
    old = card_of(world, issued_on=TODAY - datetime.timedelta(days=600))
    confirmed = card_of(world, issued_on=TODAY - datetime.timedelta(days=600))
    confirm(confirmed, TODAY - datetime.timedelta(days=100))
    assert old.pk != confirmed.pk
    now = quality_sel.region_indicators(world.region)
    assert (now.reliable.part, now.reliable.whole) == (1, 2)
    # Looking back to before the evaluation, it does not count yet.
    before = quality_sel.Period(None, TODAY - datetime.timedelta(days=101))
    then = quality_sel.region_indicators(world.region, before)
    assert (then.reliable.part, then.reliable.whole) == (2, 2)
    later = quality_sel.Period(None, TODAY - datetime.timedelta(days=20))
    assert quality_sel.region_indicators(world.region, later).reliable.part == 1

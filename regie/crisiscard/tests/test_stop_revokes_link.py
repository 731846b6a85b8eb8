"""A withdrawn or ended trajectory revokes the holder's QR link unless they keep the card.

Every way a request stops (the stop page for staff and for the participant,
the evaluation that ends the card, and the state machine itself) goes
through one function, so no path leaves a live code behind.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regie.crisiscard.models import CardStatus, EmergencyLink, RequestState
from regie.crisiscard.services import requests as request_services
from regie.crisiscard.services import transitions

from .cards_fixtures import actor
from .test_card_change import issued  # noqa: F401  # the fixture

GONE_NL = "De code op deze kaart werkt niet meer"


def emergency(link: EmergencyLink):
    return Client(HTTP_ACCEPT_LANGUAGE="nl").get(reverse("crisiscard:emergency", args=[link.token]))


@pytest.mark.parametrize("persona", ["consultant", "coordinator"])
def test_a_withdrawal_by_staff_answers_410_with_a_plain_sentence(issued, persona):  # noqa: F811
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    request_services.request_stop(
        actor=actor(issued, persona),
        request=issued.card_request,
        to_state=RequestState.WITHDRAWN,
        reason="other",
    )
    response = emergency(link)
    assert response.status_code == 410
    assert GONE_NL in response.content.decode()
    issued.card.refresh_from_db()
    assert issued.card.status == CardStatus.ENDED


def test_the_participant_who_withdraws_on_the_stop_page_ends_the_code(issued):  # noqa: F811
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    client = issued.client_for("participant")
    url = reverse("crisiscard:request_stop", args=[issued.card_request.uuid])
    data = {"to_state": "withdrawn", "reason": "other", "confirm": "yes"}
    assert client.post(url, data).status_code == 302
    response = emergency(link)
    assert response.status_code == 410
    assert GONE_NL in response.content.decode()


def test_a_withdrawal_with_keep_leaves_the_code_working(issued):  # noqa: F811
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    request_services.request_stop(
        actor=actor(issued, "participant"),
        request=issued.card_request,
        to_state=RequestState.WITHDRAWN,
        reason="other",
        keeps_card=True,
    )
    assert emergency(link).status_code == 200


@pytest.mark.parametrize("to_state", [RequestState.WITHDRAWN, RequestState.CLOSED])
def test_every_stop_through_the_state_machine_revokes_the_link(issued, to_state):  # noqa: F811
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    transitions.transition(
        actor=actor(issued, "consultant"),
        request=issued.card_request,
        to_state=to_state,
        reason="other",
    )
    assert emergency(link).status_code == 410
    issued.card.refresh_from_db()
    assert issued.card.status == CardStatus.ENDED


def test_the_state_machine_keeps_the_link_when_the_holder_keeps_the_card(issued):  # noqa: F811
    link = EmergencyLink.objects.get(holder=issued.card_request.participant)
    transitions.transition(
        actor=actor(issued, "participant"),
        request=issued.card_request,
        to_state=RequestState.WITHDRAWN,
        reason="other",
        keeps_card=True,
    )
    assert emergency(link).status_code == 200

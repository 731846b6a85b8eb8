"""No personal data in application logs: a crisis-card journey with every logger at DEBUG.

Apply → the consultant saves the plan → the card is issued → the emergency view
(and a wrong token). All log output, formatted as production formats it, is
scanned for the participants' names, e-mail addresses and the plan's text.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from regie.core.logs import JsonFormatter, RequestIdFilter
from regie.crisiscard import schema
from regie.crisiscard.models import CardStatus, CrisisPlan, EmergencyLink, HeardVia, Urgency
from regie.crisiscard.tests.cards_fixtures import draft_card, establish, passed_review, plan_content
from regie.crisiscard.tests.test_plan_views import post_data
from regie.people.models import Municipality, Person

APPLICANT = {"first_name": "Fennegien", "last_name": "Logvrij-Zuiderhoek"}
APPLICANT_EMAIL = "fennegien.logvrij@voorbeeld.example"
# The world's participant gets a name no log word contains: a random short
# name such as "Tim" is inside "time" and would fail the scan by chance.
PARTICIPANT = {"first_name": "Wobbeltje", "last_name": "Naamloos-Spoorhuis"}
WISH_MARKER = "WENS-MARKEERTEKST-7731"
DRAFT_MARKER = "CONCEPT-MARKEERTEKST-4402"
CARD_MARKER = "KAART-MARKEERTEKST-9158"
# Loggers the journey may write to; every one at DEBUG for the test. Not
# django.template and django.db.backends: at DEBUG they write template context
# and SQL parameters, so production settings hold them at INFO whatever
# REGIE_LOG_LEVEL says (test_production_never_lets_django_log_context_or_sql).
LOGGERS = ("regie", "django.request", "django.security", "axes", "allauth")


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    saved = {name: logging.getLogger(name).level for name in LOGGERS}
    root_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(root_level)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def test_a_crisis_card_journey_logs_no_names_addresses_or_plan_text(world, captured_logs, capsys):
    municipality = Municipality.objects.create(name="Groningen", region=world.region)
    Person.objects.filter(pk=world.people["participant"].pk).update(**PARTICIPANT)
    world.people["participant"].refresh_from_db()

    # 1. Someone applies through the public form.
    applied = Client().post(
        reverse("crisiscard:apply"),
        {
            **APPLICANT,
            "email": APPLICANT_EMAIL,
            "phone": "",
            "date_of_birth": "",
            "municipality": municipality.pk,
            "heard_via": HeardVia.GP,
            "urgency": Urgency.NORMAL,
            "wishes": WISH_MARKER,
        },
    )
    assert applied.status_code == 302
    assert Person.objects.filter(email=APPLICANT_EMAIL).exists()

    # 2. The consultant saves the world participant's plan with marker text.
    consultant = world.client_for("consultant")
    plan = CrisisPlan.objects.get(request=world.card_request)
    draft = schema.normalise(plan.draft)
    draft["about_me"]["text"] = DRAFT_MARKER
    saved = consultant.post(
        reverse("crisiscard:plan_edit", args=[world.card_request.uuid]),
        post_data(draft, plan.draft_revision),
    )
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert plan.draft["about_me"]["text"] == DRAFT_MARKER

    # 3. The established plan (with marker text on the card) becomes a card; issued.
    content = plan_content()
    content["phases"]["crisis"]["others_do"] = f"{CARD_MARKER}. Bel mijn zus Anneke."
    card = draft_card(world, establish(world, content=content))
    passed_review(world, card)
    issued = consultant.post(
        reverse("crisiscard:card_issue", args=[world.card_request.uuid, card.uuid])
    )
    assert issued.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED

    # 4. Someone scans the QR code; someone else tries a wrong token.
    token = EmergencyLink.objects.get(holder=world.people["participant"], revoked_at__isnull=True)
    emergency = Client().get(reverse("crisiscard:emergency", args=[token.token]))
    assert emergency.status_code == 200
    assert CARD_MARKER in emergency.content.decode()
    wrong = Client().get(reverse("crisiscard:emergency", args=["x" * 43]))
    assert wrong.status_code == 404

    logged = captured_logs.getvalue()
    out = capsys.readouterr()
    everything = "\n".join([logged, out.out, out.err])
    # The capture works: the wrong token's 404 is there, as JSON with its request id.
    lines = [json.loads(line) for line in logged.splitlines()]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert [line["message"] for line in not_found] == ["Not Found: /crisiskaart/nood/[redacted]/"]
    assert not_found[0]["request_id"] == wrong["X-Request-ID"]
    participant = world.people["participant"]
    secrets = [
        APPLICANT["first_name"],
        APPLICANT["last_name"],
        APPLICANT_EMAIL,
        participant.first_name,
        participant.last_name,
        participant.email,
        WISH_MARKER,
        DRAFT_MARKER,
        CARD_MARKER,
        token.token,
        "x" * 43,
    ]
    found = [secret for secret in secrets if secret and secret.lower() in everything.lower()]
    assert found == []

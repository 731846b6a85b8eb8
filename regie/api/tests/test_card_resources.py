"""What the card routes answer: each party with the status of its signature on the
latest established version, the cards' metadata, and the card PDF (logged as a print)."""

from __future__ import annotations

from regie.audit.models import AccessEvent, Action
from regie.crisiscard.models import SignatureStatus
from regie.crisiscard.tests.cards_fixtures import establish, issued_card
from regie.crisiscard.tests.test_fhir_export import signed_by_the_gp


def test_the_parties_come_with_the_status_of_their_signature(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}/parties"
    client = world.client_for("consultant")
    [before] = client.get(url).json()["items"]
    assert before["uuid"] == str(world.party.uuid)
    assert before["signature"] == {"status": None, "version": None, "signed_at": None}
    version = establish(world)
    signed_by_the_gp(version, world)
    [after] = client.get(url).json()["items"]
    assert after["name"] == world.party.name
    assert after["signature"]["status"] == SignatureStatus.SIGNED
    assert after["signature"]["version"] == version.number
    assert after["signature"]["signed_at"]


def test_the_cards_metadata_and_the_pdf_whose_download_is_a_logged_print(world):
    card = issued_card(world)
    base = f"/api/v1/card-requests/{world.card_request.uuid}/cards"
    client = world.client_for("participant")
    [listed] = client.get(base).json()["items"]
    assert listed == {
        "uuid": str(card.uuid),
        "number": card.number,
        "status": card.status,
        "plan_version": card.version.number,
        "issued_on": card.issued_on.isoformat(),
        "ended_on": None,
    }
    response = client.get(f"{base}/{card.uuid}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{card.number}.pdf"'
    printed = AccessEvent.objects.get(purpose="api:card_pdf")
    assert printed.action == Action.PRINT
    assert printed.subject_uuid == world.people["participant"].uuid
    # The coordinator sees the request, not its cards: 404, as on the card page.
    assert world.client_for("coordinator").get(f"{base}/{card.uuid}/pdf").status_code == 404

"""The erasure flow through HTTP: the participant asks from the portal, the
task shows on the region's coordinator's and the log manager's home, the
confirmation page says what goes and what stays, executing it needs the
confirmation, and the certificate holds no name."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.privacy.erasure.services import three_months_after
from regie.privacy.models import ErasureRequest, ErasureStatus


def test_three_months_after_keeps_the_day_or_takes_the_months_last():
    assert three_months_after(datetime.date(2026, 1, 15)) == datetime.date(2026, 4, 15)
    assert three_months_after(datetime.date(2026, 11, 30)) == datetime.date(2027, 2, 28)


def test_participant_asks_and_the_region_coordinator_erases(world):
    participant = world.people["participant"]
    name = participant.full_name
    portal = world.client_for("participant")
    assert reverse("privacy:erasure_ask") in portal.get(reverse("crisiscard:portal_home")).text

    response = portal.post(reverse("privacy:erasure_ask"))
    assert response.status_code == 302
    erasure_request = ErasureRequest.objects.get(person=participant)
    assert erasure_request.due_on == three_months_after(timezone.localdate())
    assert erasure_request.region == world.region
    # A second request while one is open is refused, not duplicated.
    portal.post(reverse("privacy:erasure_ask"))
    assert ErasureRequest.objects.filter(person=participant).count() == 1

    coordinator = world.client_for("coordinator")
    assert reverse("privacy:erasure_tasks") in coordinator.get(reverse("core:home")).text
    assert (
        reverse("privacy:erasure_tasks")
        in world.client_for("log_manager").get(reverse("core:home")).text
    )
    assert (
        reverse("privacy:erasure_tasks")
        not in world.client_for("coordinator_other_region").get(reverse("core:home")).text
    )
    assert name in coordinator.get(reverse("privacy:erasure_tasks")).text

    url = reverse("privacy:erasure_execute", args=[erasure_request.uuid])
    page = coordinator.get(url)
    assert page.status_code == 200
    assert "What stays" in page.text and "access log" in page.text
    assert AccessEvent.objects.filter(
        subject_uuid=participant.uuid, purpose="privacy:erasure_execute", action=Action.READ
    ).exists()
    assert (
        world.client_for("coordinator_other_region").post(url, {"confirm": "on"}).status_code == 404
    )

    # Without the confirmation nothing happens.
    assert coordinator.post(url, {}).status_code == 200
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureStatus.OPEN

    assert coordinator.post(url, {"confirm": "on"}).status_code == 302
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureStatus.EXECUTED
    assert coordinator.get(url).status_code == 404  # done: no second execution

    certificate = coordinator.get(
        reverse("privacy:erasure_certificate", args=[erasure_request.uuid])
    )
    assert certificate.status_code == 200
    assert certificate["Content-Type"] == "application/pdf"
    assert name.encode() not in certificate.content
    assert str(participant.uuid).encode() in certificate.content


def test_staff_record_a_request_on_someones_behalf(world):
    coordinator = world.client_for("coordinator")
    participant = world.people["participant"]
    page = coordinator.get(reverse("privacy:erasure_record"))
    assert participant.full_name in page.text
    assert world.client.full_name not in page.text  # a recovery client, no request in Noord
    response = coordinator.post(
        reverse("privacy:erasure_record"), {"person": str(participant.uuid)}
    )
    assert response.status_code == 302
    erasure_request = ErasureRequest.objects.get(person=participant)
    assert erasure_request.via == "staff"
    assert erasure_request.recorded_by == world.people["coordinator"]


def test_a_recovery_client_finds_the_request_in_plain_dutch(world):
    client = world.client_for("client", language="nl")
    home = client.get(reverse("recovery:my_case", args=[world.case.uuid]))
    assert reverse("privacy:erasure_ask") in home.text
    page = client.get(reverse("privacy:erasure_ask"))
    assert "Ja, verwijder mijn gegevens" in page.text
    client.post(reverse("privacy:erasure_ask"))
    erasure_request = ErasureRequest.objects.get(person=world.client)
    # No crisis card request and an organisation without a region: the log manager's task.
    assert (
        erasure_request.region is None or erasure_request.region == world.case.organisation.region
    )
    log_manager = world.client_for("log_manager")
    assert world.client.full_name in log_manager.get(reverse("privacy:erasure_tasks")).text

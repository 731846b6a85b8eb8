"""Information sessions: register, assign (HBO or coordinator only), held, cancel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.coordination.errors import CoordinationError
from regie.coordination.sessions import services as svc
from regie.coordination.sessions.models import InformationSession, SessionStatus
from regie.core.policy import actor_for_user
from regie.core.tests.formpage import seen_on

from .fixtures import hbo_consultant, session

pytestmark = pytest.mark.django_db


def actor(person):
    return actor_for_user(person.user)


def _form(**overrides):
    data = {
        "requester_name": "Petra de Vries",
        "requester_email": "petra@gemeente.example",
        "audience": "municipality",
        "topic": "Voorlichting wijkteams",
        "starts_at": "2031-03-04T14:00",
        "duration_minutes": "90",
        "location": "Stadhuis",
        "expected_size": "30",
    }
    return data | overrides


def test_coordinator_registers_a_request_for_a_session(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("coordination:session_add", args=[world.region.slug]), _form())
    assert response.status_code == 302
    created = InformationSession.objects.get()
    assert created.status == SessionStatus.REQUESTED
    assert created.region == world.region
    assert created.created_by == world.people["coordinator"]
    assert timezone.localtime(created.starts_at).hour == 14


def test_a_missing_topic_keeps_what_was_typed(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:session_add", args=[world.region.slug]),
        _form(topic="", location="Zaal met uitzicht"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Zaal met uitzicht" in page
    assert not InformationSession.objects.exists()


def test_region_and_status_cannot_be_posted(world):
    client = world.client_for("coordinator")
    client.post(
        reverse("coordination:session_add", args=[world.region.slug]),
        _form(region=world.other_region.pk, status="held", presenter=world.people["consultant"].pk),
    )
    created = InformationSession.objects.get()
    assert created.region == world.region
    assert created.status == SessionStatus.REQUESTED
    assert created.presenter is None


def test_assigning_an_hbo_consultant_plans_the_session_and_raises_the_sequence(world):
    hbo = hbo_consultant(world)
    item = session(world)
    client = world.client_for("coordinator")
    page = client.get(reverse("coordination:session_assign", args=[item.uuid])).content.decode()
    assert "presentations are an HBO task" in page  # the MBO consultant, with the reason
    response = client.post(
        reverse("coordination:session_assign", args=[item.uuid]), {"presenter": str(hbo.uuid)}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.presenter == hbo
    assert item.status == SessionStatus.PLANNED
    assert item.ical_sequence == 1


def test_an_mbo_consultant_cannot_present_and_the_reason_is_shown(world):
    item = session(world)
    mbo = world.people["consultant"]
    response = world.client_for("coordinator").post(
        reverse("coordination:session_assign", args=[item.uuid]), {"presenter": str(mbo.uuid)}
    )
    assert response.status_code == 200
    assert "works at MBO level; presentations are an HBO task." in response.content.decode()
    item.refresh_from_db()
    assert item.presenter is None
    assert item.status == SessionStatus.REQUESTED


def test_the_service_refuses_someone_from_another_region(world):
    item = session(world)
    outsider = hbo_consultant(world, region=world.other_region, email="zuid@regie.example")
    with pytest.raises(CoordinationError, match="does not work in"):
        svc.session_assign(
            actor=actor(world.people["coordinator"]), session=item, presenter=outsider
        )


def test_a_coordinator_may_present(world):
    item = session(world)
    coordinator = world.people["coordinator"]
    svc.session_assign(actor=actor(coordinator), session=item, presenter=coordinator)
    item.refresh_from_db()
    assert item.presenter == coordinator


def test_the_coordinator_of_another_region_gets_404_everywhere(world):
    item = session(world)
    client = world.client_for("coordinator_other_region")
    for name in ("session_detail", "session_edit", "session_assign", "session_held"):
        assert client.get(reverse(f"coordination:{name}", args=[item.uuid])).status_code == 404
    assert client.post(reverse("coordination:session_cancel", args=[item.uuid])).status_code == 404
    assert client.get(reverse("coordination:session_list", args=["noord"])).status_code == 404
    item.refresh_from_db()
    assert item.status == SessionStatus.REQUESTED


def test_the_presenter_sees_the_session_and_records_held_but_cannot_edit(world):
    hbo = hbo_consultant(world)
    item = session(world, presenter=hbo, starts_in=-datetime.timedelta(hours=3))
    client = world.client_for("anonymous")
    client.force_login(hbo.user)
    assert client.get(reverse("coordination:session_detail", args=[item.uuid])).status_code == 200
    assert client.get(reverse("coordination:session_edit", args=[item.uuid])).status_code == 404
    assert client.post(reverse("coordination:session_cancel", args=[item.uuid])).status_code == 404
    response = client.post(
        reverse("coordination:session_held", args=[item.uuid]),
        {"attendance": "22", "evaluation_score": "4", "evaluation_notes": "Goede vragen."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.attendance, item.evaluation_score) == (SessionStatus.HELD, 22, 4)
    assert item.ical_sequence == 1


def test_held_cannot_be_recorded_before_the_start(world):
    item = session(world, presenter=world.people["coordinator"])
    with pytest.raises(CoordinationError, match="not started yet"):
        svc.session_record_held(
            actor=actor(world.people["coordinator"]),
            session=item,
            attendance=10,
            evaluation_score=3,
        )


def test_the_evaluation_score_is_one_to_five(world):
    item = session(
        world, presenter=world.people["coordinator"], starts_in=-datetime.timedelta(days=1)
    )
    response = world.client_for("coordinator").post(
        reverse("coordination:session_held", args=[item.uuid]),
        {"attendance": "10", "evaluation_score": "6"},
    )
    assert response.status_code == 200
    with pytest.raises(CoordinationError, match="1 to 5"):
        svc.session_record_held(
            actor=actor(world.people["coordinator"]),
            session=item,
            attendance=10,
            evaluation_score=0,
        )
    item.refresh_from_db()
    assert item.status == SessionStatus.PLANNED


def test_a_requested_session_cannot_be_recorded_as_held(world):
    item = session(world, starts_in=-datetime.timedelta(days=1))
    with pytest.raises(CoordinationError, match="requested"):
        svc.session_record_held(
            actor=actor(world.people["coordinator"]),
            session=item,
            attendance=3,
            evaluation_score=None,
        )


def test_cancel_asks_first_and_then_cancels(world):
    item = session(world, presenter=world.people["coordinator"])
    client = world.client_for("coordinator")
    url = reverse("coordination:session_cancel", args=[item.uuid])
    page = client.get(url).content.decode()
    assert "Yes, cancel the session" in page
    item.refresh_from_db()
    assert item.status == SessionStatus.PLANNED
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.status == SessionStatus.CANCELLED
    assert item.ical_sequence == 1
    # A cancelled session cannot be changed or cancelled again.
    assert client.post(url).status_code == 400
    with pytest.raises(CoordinationError):
        svc.session_assign(
            actor=actor(world.people["coordinator"]),
            session=item,
            presenter=world.people["coordinator"],
        )


def test_every_edit_raises_the_sequence(world):
    item = session(world, presenter=world.people["coordinator"])
    client = world.client_for("coordinator")
    url = reverse("coordination:session_edit", args=[item.uuid])
    assert "Stadhuis, zaal 2" in client.get(url).content.decode()
    client.post(url, {**_form(location="Bibliotheek"), "seen": seen_on(client, url)})
    client.post(url, {**_form(location="Bibliotheek, zaal 1"), "seen": seen_on(client, url)})
    item.refresh_from_db()
    assert item.location == "Bibliotheek, zaal 1"
    assert item.ical_sequence == 2
    assert item.status == SessionStatus.PLANNED


def test_the_form_offers_only_organisations_of_the_region_and_national_ones(world):
    from regie.people.tests.factories import OrganisationFactory

    OrganisationFactory(name="Gemeente Noordstad", region=world.region)
    OrganisationFactory(name="Gemeente Zuidstad", region=world.other_region)
    OrganisationFactory(name="Landelijk Netwerk", region=None)
    page = (
        world.client_for("coordinator")
        .get(reverse("coordination:session_add", args=[world.region.slug]))
        .content.decode()
    )
    assert "Gemeente Noordstad" in page and "Landelijk Netwerk" in page
    assert "Gemeente Zuidstad" not in page


def test_a_posted_organisation_of_another_region_is_refused_and_the_rest_kept(world):
    from regie.people.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Gemeente Zuidstad", region=world.other_region)
    client = world.client_for("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        reverse("coordination:session_add", args=[world.region.slug]),
        _form(organisation=str(elsewhere.pk), location="Zaal met uitzicht"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose an organisation of this region (or a national one)" in page
    assert "Zaal met uitzicht" in page
    assert not InformationSession.objects.exists()


def test_the_service_refuses_an_organisation_of_another_region(world):
    from regie.people.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Gemeente Zuidstad", region=world.other_region)
    national = OrganisationFactory(name="Landelijk Netwerk", region=None)
    details = svc.SessionDetails(
        requester_name="Petra de Vries",
        audience="municipality",
        topic="Voorlichting",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        organisation=elsewhere,
    )
    coordinator = actor(world.people["coordinator"])
    with pytest.raises(CoordinationError, match="another region"):
        svc.session_create(actor=coordinator, region=world.region, details=details)
    item = session(world)
    with pytest.raises(CoordinationError, match="another region"):
        svc.session_update(
            actor=coordinator, session=item, details=details, seen=svc.SESSION.fingerprint(item)
        )
    created = svc.session_create(
        actor=coordinator,
        region=world.region,
        details=svc.SessionDetails(**{**details.__dict__, "organisation": national}),
    )
    assert created.organisation == national

"""Session pages: lists, the calendar, my sessions, the hub links and the home page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.coordination.sessions.models import SessionStatus

from .fixtures import hbo_consultant, session

pytestmark = pytest.mark.django_db


def test_the_list_splits_upcoming_and_past_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    hbo = hbo_consultant(world)
    session(world, topic="Komend")
    session(world, topic="Geweest", presenter=hbo, starts_in=-datetime.timedelta(days=2))
    client = world.client_for("coordinator")
    url = reverse("coordination:session_list", args=[world.region.slug])
    with django_assert_max_num_queries(30) as captured:
        page = client.get(url).content.decode()
    assert page.index("Komend") < page.index("Geweest")
    baseline = len(captured)
    for i in range(8):
        session(world, topic=f"Extra {i}", presenter=hbo)
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_the_list_shows_only_the_region(world):
    session(world, topic="In Noord")
    session(world, topic="In Zuid", region=world.other_region)
    page = (
        world.client_for("coordinator")
        .get(reverse("coordination:session_list", args=[world.region.slug]))
        .content.decode()
    )
    assert "In Noord" in page
    assert "In Zuid" not in page


def test_the_calendar_shows_the_month_and_navigates(world, django_assert_max_num_queries):
    item = session(world, topic="Kalendersessie", starts_in=datetime.timedelta(days=40))
    month = timezone.localtime(item.starts_at).strftime("%Y-%m")
    client = world.client_for("coordinator")
    url = reverse("coordination:session_calendar", args=[world.region.slug])
    this_month = client.get(url).content.decode()
    assert "<caption>" in this_month
    assert "?month=" in this_month
    with django_assert_max_num_queries(30):
        page = client.get(url, {"month": month}).content.decode()
    assert "Kalendersessie" in page
    assert client.get(url, {"month": "rubbish"}).status_code == 200


def test_my_sessions_is_for_presenters_only(world):
    assert (
        world.client_for("consultant").get(reverse("coordination:my_sessions")).status_code == 404
    )
    hbo = hbo_consultant(world)
    session(world, presenter=hbo, topic="Mijn sessie")
    client = world.client_for("anonymous")
    client.force_login(hbo.user)
    page = client.get(reverse("coordination:my_sessions")).content.decode()
    assert "Mijn sessie" in page
    assert reverse("coordination:my_calendar") in page


def test_the_hub_links_my_sessions_for_presenters_and_not_for_mbo(world):
    hub = reverse("coordination:index")
    coordinator_page = world.client_for("coordinator").get(hub).content.decode()
    assert reverse("coordination:my_sessions") in coordinator_page
    assert reverse("coordination:session_list", args=[world.region.slug]) in coordinator_page
    consultant_page = world.client_for("consultant").get(hub).content.decode()
    assert reverse("coordination:my_sessions") not in consultant_page
    assert reverse("coordination:material_list") in consultant_page


def test_home_shows_waiting_requests_to_the_coordinator_and_upcoming_to_the_presenter(world):
    hbo = hbo_consultant(world)
    session(world, topic="Wacht op iemand")
    session(world, presenter=hbo, topic="Ik presenteer")
    home = reverse("core:home")
    coordinator_page = world.client_for("coordinator").get(home).content.decode()
    assert "Sessions waiting for a presenter" in coordinator_page
    client = world.client_for("anonymous")
    client.force_login(hbo.user)
    assert "Ik presenteer" in client.get(home).content.decode()


def test_a_cancelled_session_is_not_on_the_presenters_home(world):
    hbo = hbo_consultant(world)
    session(world, presenter=hbo, topic="Gaat niet door", status=SessionStatus.CANCELLED)
    client = world.client_for("anonymous")
    client.force_login(hbo.user)
    home = reverse("core:home")
    assert "Gaat niet door" not in client.get(home).content.decode()


def test_the_hub_hides_my_sessions_from_an_hbo_consultant_without_an_active_consultant_role(world):
    from regie.people.models import ConsultantLevel, Role
    from regie.people.tests.factories import (
        ConsultantQualificationFactory,
        PersonFactory,
        RoleAssignmentFactory,
    )

    # Qualified as HBO consultant, but works only as a peer expert today.
    person = PersonFactory(with_login=True, email="oud-hbo@regie.example")
    RoleAssignmentFactory(person=person, role=Role.PEER_EXPERT, region=world.region)
    ConsultantQualificationFactory(person=person, level=ConsultantLevel.HBO)
    client = world.client_for("anonymous")
    client.force_login(person.user)
    hub = client.get(reverse("coordination:index"))
    assert hub.status_code == 200
    page = hub.content.decode()
    assert reverse("coordination:my_sessions") not in page
    assert reverse("coordination:material_list") not in page
    assert client.get(reverse("coordination:my_sessions")).status_code == 404


def test_every_sessions_link_on_the_hub_opens(world):
    hbo = hbo_consultant(world)
    client = world.client_for("anonymous")
    client.force_login(hbo.user)
    page = client.get(reverse("coordination:index")).content.decode()
    for name in ("coordination:my_sessions", "coordination:material_list"):
        assert reverse(name) in page
        assert client.get(reverse(name)).status_code == 200

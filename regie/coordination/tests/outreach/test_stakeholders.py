"""Stakeholders: the region's coordinators list, search, add and change them and
keep their contact history; everyone else gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.coordination.errors import CoordinationError
from regie.coordination.outreach.models import Stakeholder, StakeholderKind, StakeholderStatus
from regie.coordination.outreach.services import stakeholder_contact_add, stakeholder_create
from regie.core.policy import actor_for_user
from regie.core.tests.formpage import seen_on

from .fixtures import agreement, stakeholder


def actor(world, persona="coordinator"):
    return actor_for_user(world.people[persona].user)


def list_url(world, region=None):
    return reverse("coordination:stakeholder_list", args=[(region or world.region).slug])


def test_list_filters_by_kind_and_status_and_searches_by_name(world):
    stakeholder(world.region, name="Crisisdienst Noord", status=StakeholderStatus.INVOLVED)
    stakeholder(world.region, name="Politie Noord", kind=StakeholderKind.POLICE)
    stakeholder(world.region, name="GGZ Noord", kind=StakeholderKind.MENTAL_HEALTH)
    stakeholder(world.other_region, name="Crisisdienst Zuid")
    client = world.client_for("coordinator")
    page = client.get(list_url(world)).content.decode()
    assert "Crisisdienst Noord" in page and "Politie Noord" in page
    assert "Crisisdienst Zuid" not in page
    police = client.get(list_url(world), {"kind": "police"}).content.decode()
    assert "Politie Noord" in police and "GGZ Noord" not in police
    involved = client.get(list_url(world), {"status": "involved"}).content.decode()
    assert "Crisisdienst Noord" in involved and "Politie Noord" not in involved
    found = client.get(list_url(world), {"q": "ggz"}).content.decode()
    assert "GGZ Noord" in found and "Politie Noord" not in found
    nothing = client.get(list_url(world), {"q": "bakkerij"}).content.decode()
    assert "No stakeholders match this search" in nothing


def test_list_counts_contacts_without_a_query_per_row(world, django_assert_max_num_queries):
    client = world.client_for("coordinator")
    coordinator = world.people["coordinator"]
    for number in range(12):
        owner = stakeholder(world.region, name=f"Partner {number:02d}")
        owner.contacts.create(summary="Gebeld", recorded_by=coordinator)
        agreement(owner, coordinator, valid_until=None)
    with django_assert_max_num_queries(12):
        response = client.get(list_url(world))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 13  # header + 12 rows


def test_other_region_and_consultant_get_404(world):
    owner = stakeholder(world.region)
    detail = reverse("coordination:stakeholder_detail", args=[world.region.slug, owner.uuid])
    for persona in ["coordinator_other_region", "consultant", "participant"]:
        client = world.client_for(persona)
        assert client.get(list_url(world)).status_code == 404
        assert client.get(detail).status_code == 404
    # The other region's coordinator cannot reach it through their own region either.
    sneaky = reverse("coordination:stakeholder_detail", args=[world.other_region.slug, owner.uuid])
    assert world.client_for("coordinator_other_region").get(sneaky).status_code == 404


def test_coordinator_adds_and_changes_a_stakeholder(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:stakeholder_add", args=[world.region.slug]),
        {"name": "Politie Noord", "kind": "police", "status": "interested", "email": ""},
    )
    owner = Stakeholder.objects.get(name="Politie Noord")
    assert owner.region == world.region
    assert response.status_code == 302
    edit = reverse("coordination:stakeholder_edit", args=[world.region.slug, owner.uuid])
    client.post(
        edit,
        {
            "seen": seen_on(client, edit),
            "name": "Politie Noord",
            "kind": "police",
            "status": "involved",
            "contact_person": "Ans",
        },
    )
    owner.refresh_from_db()
    assert (owner.status, owner.contact_person) == ("involved", "Ans")


def test_add_form_keeps_input_and_explains_errors(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:stakeholder_add", args=[world.region.slug]),
        {"name": "Huisartsenpost", "kind": "gp", "status": "interested", "email": "geen-mail"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Huisartsenpost"' in page and "Enter a valid email address" in page
    assert not Stakeholder.objects.exists()


def test_region_is_not_mass_assignable(world):
    client = world.client_for("coordinator")
    client.post(
        reverse("coordination:stakeholder_add", args=[world.region.slug]),
        {
            "name": "GGZ",
            "kind": "mental_health",
            "status": "interested",
            "region": world.other_region.pk,
        },
    )
    assert Stakeholder.objects.get(name="GGZ").region == world.region


def test_contact_history_is_recorded_and_shown_newest_first(world):
    owner = stakeholder(world.region)
    client = world.client_for("coordinator")
    url = reverse("coordination:stakeholder_contact_add", args=[world.region.slug, owner.uuid])
    client.post(url, {"occurred_on": "2026-01-05", "summary": "Kennismaking"})
    client.post(url, {"occurred_on": "2026-03-10", "summary": "Afspraken besproken"})
    page = client.get(
        reverse("coordination:stakeholder_detail", args=[world.region.slug, owner.uuid])
    ).content.decode()
    assert page.index("Afspraken besproken") < page.index("Kennismaking")
    assert owner.contacts.first().recorded_by == world.people["coordinator"]


def test_a_contact_moment_cannot_be_in_the_future(world):
    owner = stakeholder(world.region)
    with pytest.raises(CoordinationError, match="future"):
        stakeholder_contact_add(
            actor=actor(world),
            stakeholder=owner,
            occurred_on=timezone.localdate() + datetime.timedelta(days=1),
            summary="Nog niet gebeurd",
        )


def test_only_a_coordinator_of_the_region_writes(world):
    for persona in ["coordinator_other_region", "consultant"]:
        with pytest.raises(CoordinationError):
            stakeholder_create(
                actor=actor(world, persona), region=world.region, name="X", kind="other"
            )
    assert not Stakeholder.objects.exists()

"""The social map: coordinators and consultants of the region search it,
only coordinators change it; others get 404."""

from __future__ import annotations

from django.urls import reverse

from regie.coordination.social_map.models import ServiceCategory, SocialService
from regie.core.tests.formpage import seen_on
from regie.people.models import Municipality

from .fixtures import service


def map_url(world, region=None):
    return reverse("coordination:social_map", args=[(region or world.region).slug])


def test_search_matches_words_in_name_and_description(world):
    service(
        world.region,
        name="Schuldhulp Noord",
        category=ServiceCategory.DEBT,
        description="Hulp bij geldzaken en schulden",
    )
    service(
        world.region,
        name="Huisartsenpost Noord",
        category=ServiceCategory.GP,
        description="Avond en weekend",
    )
    service(world.other_region, name="Schuldhulp Zuid", category=ServiceCategory.DEBT)
    client = world.client_for("consultant")
    page = client.get(map_url(world), {"q": "schulden"}).content.decode()
    assert "Schuldhulp Noord" in page and "Huisartsenpost" not in page
    assert "Schuldhulp Zuid" not in page
    both = client.get(map_url(world), {"q": "noord weekend"}).content.decode()
    assert "Huisartsenpost Noord" in both and "Schuldhulp Noord" not in both
    none = client.get(map_url(world), {"q": "bakkerij"}).content.decode()
    assert "No services match this search" in none


def test_filter_by_category_and_municipality(world):
    town = Municipality.objects.create(name="Assen", region=world.region)
    service(world.region, name="Buurtteam Assen", municipality=town)
    service(world.region, name="Buurtteam Emmen")
    service(world.region, name="Crisisdienst", category=ServiceCategory.CRISIS, municipality=town)
    client = world.client_for("coordinator")
    social = client.get(map_url(world), {"category": "social"}).content.decode()
    assert "Buurtteam Assen" in social and "Buurtteam Emmen" in social
    assert "Crisisdienst" not in social
    in_town = client.get(map_url(world), {"municipality": town.pk}).content.decode()
    assert "Buurtteam Assen" in in_town and "Crisisdienst" in in_town
    assert "Buurtteam Emmen" not in in_town


def test_list_is_paginated_without_a_query_per_row(world, django_assert_max_num_queries):
    town = Municipality.objects.create(name="Assen", region=world.region)
    for number in range(25):
        service(world.region, name=f"Dienst {number:02d}", municipality=town)
    client = world.client_for("consultant")
    with django_assert_max_num_queries(10):
        first = client.get(map_url(world)).content.decode()
    assert "Dienst 00" in first and "Dienst 19" in first and "Dienst 20" not in first
    assert "25 services found" in first
    second = client.get(map_url(world), {"page": 2}).content.decode()
    assert "Dienst 24" in second and "Dienst 00" not in second


def test_consultant_reads_but_does_not_change_the_map(world):
    entry = service(world.region)
    client = world.client_for("consultant")
    page = client.get(map_url(world)).content.decode()
    assert "Buurtteam Centrum" in page and "Add a service" not in page
    add = reverse("coordination:social_service_add", args=[world.region.slug])
    edit = reverse("coordination:social_service_edit", args=[world.region.slug, entry.uuid])
    assert client.get(add).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(add, {"name": "X", "category": "other"}).status_code == 404
    assert not SocialService.objects.filter(name="X").exists()


def test_other_region_and_other_roles_get_404(world):
    for persona in ["coordinator_other_region", "participant", "case_director", "peer_expert"]:
        assert world.client_for(persona).get(map_url(world)).status_code == 404


def test_coordinator_adds_changes_and_deactivates_a_service(world):
    client = world.client_for("coordinator")
    add = reverse("coordination:social_service_add", args=[world.region.slug])
    response = client.post(
        add,
        {
            "name": "GGZ Crisisdienst",
            "category": "crisis",
            "phone": "0800-1234",
            "website": "https://crisis.example",
        },
    )
    assert response.status_code == 302
    entry = SocialService.objects.get(name="GGZ Crisisdienst")
    assert entry.region == world.region
    edit = reverse("coordination:social_service_edit", args=[world.region.slug, entry.uuid])
    client.post(
        edit,
        {"seen": seen_on(client, edit), "name": "GGZ Crisisdienst Noord", "category": "crisis"},
    )
    entry.refresh_from_db()
    assert entry.name == "GGZ Crisisdienst Noord"
    active = reverse("coordination:social_service_active", args=[world.region.slug, entry.uuid])
    assert client.get(active).status_code == 405
    client.post(active, {"active": "0"})
    entry.refresh_from_db()
    assert not entry.active
    consultant_page = world.client_for("consultant").get(map_url(world)).content.decode()
    assert "GGZ Crisisdienst Noord" not in consultant_page
    shown = client.get(map_url(world), {"inactive": "on"}).content.decode()
    assert "GGZ Crisisdienst Noord" in shown and "deactivated" in shown
    client.post(active, {"active": "1"})
    entry.refresh_from_db()
    assert entry.active


def test_add_form_keeps_input_on_an_error(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:social_service_add", args=[world.region.slug]),
        {"name": "Buurtteam", "category": "social", "email": "geen-adres"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Buurtteam"' in page and "Enter a valid email address" in page


def test_municipality_of_another_region_is_refused(world):
    elsewhere = Municipality.objects.create(name="Maastricht", region=world.other_region)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:social_service_add", args=[world.region.slug]),
        {"name": "Buurtteam", "category": "social", "municipality": elsewhere.pk},
    )
    assert response.status_code == 200
    assert not SocialService.objects.exists()


def test_hub_links_consultants_to_their_regions_social_map(world):
    page = world.client_for("consultant").get(reverse("coordination:index")).content.decode()
    assert map_url(world) in page
    coordinator = (
        world.client_for("coordinator").get(reverse("coordination:index")).content.decode()
    )
    assert map_url(world) in coordinator
    assert reverse("coordination:stakeholder_list", args=[world.region.slug]) in coordinator

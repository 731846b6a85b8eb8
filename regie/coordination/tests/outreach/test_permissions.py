"""The outreach URLs answer every persona as docs/permissions.md says
(the same check as the full permission matrix, for this area alone)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PERSONAS
from regie.core.tests.test_permission_matrix import load_matrix, outcome

from ..consultations.permission_args import sample_args as consultation_args
from ..social_map.permission_args import sample_args as social_map_args
from .permission_args import sample_args as outreach_args


def sample_args(world) -> dict[str, list]:
    """Outreach, the social map and consultations: the areas the outreach rows cover."""
    return outreach_args(world) | social_map_args(world) | consultation_args(world)


@pytest.mark.parametrize("persona", PERSONAS)
def test_outreach_urls_answer_as_the_table_says(world, persona):
    matrix = load_matrix()
    client = world.client_for(persona)
    mismatches = []
    for name, args in sample_args(world).items():
        expected = matrix[name][persona]
        got = outcome(client.get(reverse(name, args=args)))
        if got != expected:
            mismatches.append(f"{name}: expected {expected}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_the_other_regions_coordinator_gets_404_through_their_own_region(world):
    args = sample_args(world)
    client = world.client_for("coordinator_other_region")
    for name, values in args.items():
        if len(values) < 2:
            continue
        url = reverse(name, args=[world.other_region.slug, *values[1:]])
        response = (
            client.get(url) if not name.endswith(("_active", "_update")) else client.post(url)
        )
        assert response.status_code == 404, name


def test_every_page_renders_in_dutch_for_the_coordinator(world):
    client = world.client_for("coordinator", language="nl")
    for name, args in sample_args(world).items():
        if name.endswith(("_active", "_update", "_pack")):
            continue
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response.content.decode().count("<h1") == 1, name

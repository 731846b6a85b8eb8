"""The workload rows of docs/permissions.md, walked on their own (the full matrix
in regie/core walks them too), plus the team lead, who is not a matrix persona."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PERSONAS
from regie.core.tests.test_permission_matrix import load_matrix, outcome

from ..coaching.permission_args import sample_args as coaching_args
from .permission_args import sample_args as workload_args


def sample_args(world) -> dict[str, list]:
    """Workload and coaching: the areas the workload rows cover."""
    return workload_args(world) | coaching_args(world)


NAMES = [
    "coordination:workload",
    "coordination:thresholds",
    "coordination:workload_person",
    "coordination:coaching_list",
    "coordination:coaching_add",
    "coordination:intervision_list",
    "coordination:intervision_add",
    "coordination:my_work",
    "coordination:time_entry_delete",
    "coordination:workload_team",
    "coordination:workload_team_person",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_workload_urls_answer_as_the_table_says(world, persona):
    matrix = load_matrix()
    args = sample_args(world)
    client = world.client_for(persona)
    mismatches = []
    for name in NAMES:
        url = reverse(name, args=args.get(name, []))
        got = outcome(client.get(url))
        if got != matrix[name][persona]:
            mismatches.append(f"{name}: expected {matrix[name][persona]}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_a_team_lead_sees_the_peer_experts_workload_and_nothing_of_the_regions(world):
    args = sample_args(world)
    client = world.client_for("team_lead")
    assert client.get(reverse("coordination:workload_team")).status_code == 200
    for name in NAMES[:7]:
        assert client.get(reverse(name, args=args[name])).status_code == 404, name
    assert client.get(reverse("coordination:my_work")).status_code == 404
    peer = reverse("coordination:workload_team_person", args=[world.people["peer_expert"].uuid])
    assert client.get(peer).status_code == 200

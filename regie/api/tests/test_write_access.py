"""The API's write routes against the permission matrix: the matrix walks them with
a GET (405) and an empty body (422, checked before the object), so here each
persona the matrix refuses the route's read twin sends a *valid* body to the
write, and gets the same refusal (401 or a JSON 404) with nothing changed."""

from __future__ import annotations

import pytest

from conftest import PERSONAS
from regie.core.tests.test_permission_matrix import load_matrix
from regie.crisiscard.models import CrisisPlan
from regie.recovery.charts import active_areas
from regie.recovery.models import Goal, GoalAction, LifeArea

JSON = "application/json"
REFUSED = {"401", "404"}


def refused(read_twin: str) -> list[tuple[str, str]]:
    """(persona, status) for each persona the matrix refuses on the read route
    (those who may read it save and add in test_api.py)."""
    row = load_matrix()[read_twin]
    return [(persona, row[persona]) for persona in PERSONAS if row[persona] in REFUSED]


@pytest.mark.parametrize(("persona", "status"), refused("api:plan_detail"))
def test_a_plan_draft_save_is_refused_to_who_may_not_read_the_plan(world, persona, status):
    plan = CrisisPlan.objects.get(request=world.card_request)
    before = (plan.draft_revision, plan.draft)
    content = {**plan.draft, "about_me": {**plan.draft["about_me"], "text": "Overschreven."}}
    response = world.client_for(persona).put(
        f"/api/v1/card-requests/{world.card_request.uuid}/plan/draft",
        {"content": content, "based_on_revision": plan.draft_revision},
        content_type=JSON,
    )
    assert str(response.status_code) == status
    assert set(response.json()) == {"detail", "errors"}
    plan.refresh_from_db()
    assert (plan.draft_revision, plan.draft) == before


@pytest.mark.parametrize(("persona", "status"), refused("api:goal_list"))
def test_adding_goals_and_actions_is_refused_to_who_may_not_read_the_goals(world, persona, status):
    goal = Goal.objects.create(
        case=world.case, life_area=LifeArea.objects.first(), description="Werk vinden"
    )
    client = world.client_for(persona)
    url = f"/api/v1/recovery-cases/{world.case.uuid}/goals"
    added_goal = client.post(
        url, {"life_area": active_areas()[0].key, "description": "Eigen woning"}, content_type=JSON
    )
    added_action = client.post(
        f"{url}/{goal.pk}/actions",
        {"description": "Bellen met de corporatie", "owner_kind": "client"},
        content_type=JSON,
    )
    assert [str(added_goal.status_code), str(added_action.status_code)] == [status, status]
    assert set(added_goal.json()) == set(added_action.json()) == {"detail", "errors"}
    assert list(Goal.objects.filter(case=world.case)) == [goal]
    assert not GoalAction.objects.exists()

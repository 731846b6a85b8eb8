"""The API goes through the pages' access rules and access log, answers errors
in one shape, and writes through the same services (409 for a stale draft)."""

from __future__ import annotations

import pytest
from django.test import Client

from regie.audit.models import AccessEvent, Action, Outcome
from regie.crisiscard.models import CrisisPlan, RequestState
from regie.recovery.models import Goal, GoalAction

JSON = "application/json"


def test_the_openapi_document_and_its_page_need_no_cdn_and_no_script(world):
    client = Client()
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/card-requests/{request_uuid}/plan/draft" in document["paths"]
    page = client.get("/api/v1/docs/").content.decode()
    assert "/api/v1/card-requests/{request_uuid}/plan/draft" in page
    assert "<script" not in page and "cdn" not in page.lower()


def test_a_forbidden_object_is_a_json_404_and_the_refusal_is_logged(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}"
    response = world.client_for("coordinator_other_region").get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert AccessEvent.objects.filter(
        outcome=Outcome.DENIED, object_id=str(world.card_request.uuid)
    ).exists()


def test_reading_a_request_logs_the_read_like_the_page(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}/plan"
    response = world.client_for("consultant").get(url)
    assert response.status_code == 200
    event = AccessEvent.objects.filter(action=Action.READ, purpose="api:plan_detail").get()
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.part == "plan"
    # The coordinator sees the workflow, never the plan.
    assert world.client_for("coordinator").get(url).status_code == 404


def test_bad_input_is_a_422_with_field_errors(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}/plan/draft"
    response = world.client_for("consultant").put(url, {"content": {}}, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and {"field": "based_on_revision", "message": "Field required"} in [
        {"field": e["field"], "message": e["message"]} for e in body["errors"]
    ]


def test_a_stale_draft_is_refused_with_409_and_the_plan_kept(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}/plan/draft"
    plan = world.client_for("consultant").get(
        f"/api/v1/card-requests/{world.card_request.uuid}/plan"
    )
    draft = plan.json()["draft"]
    draft["about_me"]["text"] = "Nieuwe tekst van de consulent."
    client = world.client_for("consultant")
    saved = client.put(url, {"content": draft, "based_on_revision": 1}, content_type=JSON)
    assert saved.status_code == 200 and saved.json() == {"draft_revision": 2, "changed": True}
    draft["about_me"]["text"] = "Tegelijk geschreven door de deelnemer."
    stale = world.client_for("participant").put(
        url, {"content": draft, "based_on_revision": 1}, content_type=JSON
    )
    assert stale.status_code == 409
    assert set(stale.json()) == {"detail", "errors"}
    stored = CrisisPlan.objects.get(request=world.card_request)
    assert stored.draft_revision == 2
    assert stored.draft["about_me"]["text"] == "Nieuwe tekst van de consulent."


def test_a_refusal_with_a_field_names_it(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}/transitions"
    response = world.client_for("participant").post(
        url, {"to_state": "withdrawn"}, content_type=JSON
    )
    assert response.status_code == 400
    response = world.client_for("participant").post(url, {"to_state": "matched"}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to_state"


def test_the_participant_withdraws_and_a_stale_version_is_409(world):
    url = f"/api/v1/card-requests/{world.card_request.uuid}/transitions"
    client = world.client_for("participant")
    stale = client.post(
        url, {"to_state": "withdrawn", "reason": "no_need", "version": 0}, content_type=JSON
    )
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "version"
    done = client.post(
        url, {"to_state": "withdrawn", "reason": "no_need", "version": 1}, content_type=JSON
    )
    assert done.status_code == 200
    assert done.json()["state"] == RequestState.WITHDRAWN


CSRF_REFUSED = {
    "en": "The security check (CSRF) failed. Reload the page and try again.",
    "nl": "De veiligheidscontrole (CSRF) is mislukt. Laad de pagina opnieuw en probeer het nog eens.",
}


@pytest.mark.parametrize(("language", "detail"), CSRF_REFUSED.items())
def test_a_session_write_needs_the_csrf_token(world, language, detail):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.people["participant"].user)
    url = f"/api/v1/card-requests/{world.card_request.uuid}/transitions"
    response = client.post(url, {"to_state": "withdrawn", "reason": "no_need"}, content_type=JSON)
    assert response.status_code == 403
    assert response.json() == {"detail": detail, "errors": []}
    assert world.card_request.__class__.objects.get(pk=world.card_request.pk).state == (
        RequestState.PLAN_DRAFTED
    )


def test_the_team_adds_a_goal_and_an_action_through_the_service(world):
    client = world.client_for("peer_expert")
    url = f"/api/v1/recovery-cases/{world.case.uuid}/goals"
    area = client.get(f"/api/v1/recovery-cases/{world.case.uuid}/wheel")
    assert area.status_code == 200
    response = client.post(
        url, {"life_area": "nope", "description": "Eigen woning"}, content_type=JSON
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "life_area"
    from regie.recovery.charts import active_areas

    key = active_areas()[0].key
    response = client.post(
        url, {"life_area": key, "description": "Eigen woning"}, content_type=JSON
    )
    assert response.status_code == 201
    goal = Goal.objects.get(case=world.case)
    assert AccessEvent.objects.filter(purpose="recovery:goal_add", action=Action.CREATE).exists()
    response = client.post(
        f"{url}/{goal.pk}/actions",
        {"description": "Bellen met de corporatie", "owner_kind": "client"},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert GoalAction.objects.get(goal=goal).description == "Bellen met de corporatie"
    # Someone outside the team: 404, nothing added.
    outsider = world.client_for("consultant")
    response = outsider.post(url, {"life_area": key, "description": "X"}, content_type=JSON)
    assert response.status_code == 404
    assert Goal.objects.filter(case=world.case).count() == 1


def test_the_person_list_shows_only_whom_the_caller_may_see(world):
    consultant = world.client_for("consultant").get("/api/v1/persons").json()["items"]
    assert [p["uuid"] for p in consultant] == [str(world.people["participant"].uuid)]
    director = world.client_for("case_director").get("/api/v1/persons").json()["items"]
    assert [p["uuid"] for p in director] == [str(world.client.uuid)]
    outsider = world.client_for("coordinator_other_region").get("/api/v1/persons").json()
    assert outsider == {"items": [], "next_cursor": None}
    logged = AccessEvent.objects.filter(purpose="api:person_list", action=Action.READ)
    assert {e.subject_uuid for e in logged} == {world.people["participant"].uuid, world.client.uuid}

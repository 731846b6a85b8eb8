"""People can find their way: links between the crisis-card pages and from home."""

from __future__ import annotations

from django.urls import reverse

from regie.crisiscard.tests.permission_args_portal import evaluation_case


def test_the_login_page_invites_people_to_apply_without_an_account(client, db):
    body = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("crisiscard:apply") in body


def test_the_request_page_leads_the_consultant_to_plan_parties_and_card(world):
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    body = world.client_for("consultant").get(url).content.decode()
    for name in ("crisiscard:plan_edit", "crisiscard:party_list", "crisiscard:card_edit"):
        assert reverse(name, args=[world.card_request.uuid]) in body
    coordinator_body = world.client_for("coordinator").get(url).content.decode()
    assert reverse("crisiscard:plan_edit", args=[world.card_request.uuid]) not in coordinator_body


def test_a_due_evaluation_shows_on_the_consultants_home_and_request_page(world):
    evaluation = evaluation_case(world)
    request = evaluation.card.request
    link = reverse("crisiscard:evaluation_edit", args=[request.uuid, evaluation.pk])
    assert link in world.client_for("consultant").get("/").content.decode()
    detail = reverse("crisiscard:request_detail", args=[request.uuid])
    assert link in world.client_for("consultant").get(detail).content.decode()


def test_the_header_links_staff_to_requests_and_participants_to_their_card(world):
    staff = world.client_for("coordinator").get("/").content.decode()
    assert reverse("crisiscard:request_list") in staff
    participant = world.client_for("participant").get("/").content.decode()
    assert reverse("crisiscard:portal_home") in participant
    assert reverse("crisiscard:request_list") not in participant

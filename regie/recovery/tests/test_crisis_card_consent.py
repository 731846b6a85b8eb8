"""The client decides whether the team may see their crisis card."""

from __future__ import annotations

from django.urls import reverse

from regie.audit.models import AccessEvent


def url(world) -> str:
    return reverse("recovery:case_crisis_card", args=[world.case.uuid])


def test_the_director_records_the_clients_permission_and_its_withdrawal(world):
    client = world.client_for("case_director")
    response = client.post(url(world), {"allowed": "yes"})
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.share_crisis_card
    client.post(url(world), {"allowed": "no"})
    world.case.refresh_from_db()
    assert not world.case.share_crisis_card
    parts = list(
        AccessEvent.objects.filter(purpose="recovery:case_crisis_card")
        .order_by("seq")
        .values_list("part", flat=True)
    )
    assert parts == ["allowed", "withdrawn"]
    assert world.case.events.filter(kind="consent").count() == 2


def test_others_on_the_team_cannot_change_the_clients_choice(world):
    for persona in ("peer_expert", "family_peer_expert", "team_lead"):
        assert world.client_for(persona).post(url(world), {"allowed": "yes"}).status_code == 404
    world.case.refresh_from_db()
    assert not world.case.share_crisis_card


def test_the_case_page_shows_the_choice_and_the_button_to_the_director(world):
    body = (
        world.client_for("case_director")
        .get(reverse("recovery:case_detail", args=[world.case.uuid]))
        .content.decode()
    )
    assert "The client gives permission" in body
    peer_body = (
        world.client_for("peer_expert")
        .get(reverse("recovery:case_detail", args=[world.case.uuid]))
        .content.decode()
    )
    assert "The client gives permission" not in peer_body
    assert "has not allowed the team to see their crisis card" in peer_body

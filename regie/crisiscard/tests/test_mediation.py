"""Mediation between parties (task 8): HBO only, with the parties present and the outcome."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core.policy import actor_for_user
from regie.crisiscard.models import Conversation, ConversationKind, Party, PartyKind
from regie.crisiscard.services.conversations import conversation_log
from regie.crisiscard.services.errors import CrisisCardError
from regie.people.models import ConsultantLevel

pytestmark = pytest.mark.django_db


def _make_hbo(world) -> None:
    qualification = world.people["consultant"].consultant_qualification
    qualification.level = ConsultantLevel.HBO
    qualification.save()


def _post(world, party_uuids, outcome="De partijen spreken af dat de zus gebeld wordt."):
    client = world.client_for("consultant")
    url = reverse("crisiscard:conversation_add", args=[world.card_request.uuid])
    return client.post(
        url,
        {
            "kind": ConversationKind.MEDIATION,
            "occurred_on": timezone.localdate().isoformat(),
            "duration_minutes": 90,
            "parties_present": [str(u) for u in party_uuids],
            "outcome": outcome,
        },
    )


def test_mbo_consultant_is_not_offered_mediation(world):
    url = reverse("crisiscard:conversation_add", args=[world.card_request.uuid])
    page = world.client_for("consultant").get(url).content.decode()
    assert 'value="plan"' in page
    assert 'value="mediation"' not in page
    assert 'name="outcome"' not in page


def test_mbo_consultant_posting_mediation_is_refused_with_the_reason(world):
    response = _post(world, [world.party.uuid])
    assert response.status_code == 200
    assert "Mediation between parties is an HBO task" in response.content.decode()
    assert not Conversation.objects.filter(kind=ConversationKind.MEDIATION).exists()


def test_hbo_consultant_is_offered_mediation_with_the_parties(world):
    _make_hbo(world)
    url = reverse("crisiscard:conversation_add", args=[world.card_request.uuid])
    page = world.client_for("consultant").get(url).content.decode()
    assert 'value="mediation"' in page
    assert "Huisartsenpraktijk De Linde" in page
    assert 'name="outcome"' in page


def test_hbo_mediation_is_saved_with_parties_and_outcome_and_shown(world):
    _make_hbo(world)
    police = Party.objects.create(
        request=world.card_request, kind=PartyKind.POLICE, name="Wijkagent"
    )
    response = _post(world, [world.party.uuid, police.uuid])
    assert response.status_code == 302
    conversation = Conversation.objects.get(kind=ConversationKind.MEDIATION)
    assert set(conversation.parties_present.all()) == {world.party, police}
    assert conversation.outcome.startswith("De partijen spreken af")
    detail = world.client_for("consultant").get(response["Location"]).content.decode()
    assert "Parties present:" in detail
    assert "Wijkagent" in detail
    assert "De partijen spreken af" in detail


def test_the_coordinator_sees_who_was_present_but_not_the_outcome(world):
    _make_hbo(world)
    _post(world, [world.party.uuid])
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    detail = world.client_for("coordinator").get(url).content.decode()
    assert "Huisartsenpraktijk De Linde" in detail
    assert "De partijen spreken af" not in detail


def test_mediation_needs_an_outcome(world):
    _make_hbo(world)
    response = _post(world, [world.party.uuid], outcome="   ")
    assert "Write down the outcome of the mediation." in response.content.decode()
    assert not Conversation.objects.exists()


def test_mediation_needs_the_parties_present(world):
    _make_hbo(world)
    response = _post(world, [])
    assert "tick who was present" in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_party_of_another_request_is_refused(world):
    _make_hbo(world)
    other = Party.objects.create(request=world.card_request, kind=PartyKind.OTHER, name="Elders")
    other.request_id = 0  # as if it belonged to another request
    actor = actor_for_user(world.people["consultant"].user)
    with pytest.raises(CrisisCardError, match="only parties of this request"):
        conversation_log(
            actor=actor,
            request=world.card_request,
            kind=ConversationKind.MEDIATION,
            occurred_on=timezone.localdate(),
            duration_minutes=30,
            parties_present=[other],
            outcome="Afspraak",
        )


def test_request_page_with_mediations_has_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    _make_hbo(world)
    for _ in range(3):
        _post(world, [world.party.uuid])
    client = world.client_for("consultant")
    url = reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    client.get(url)
    with django_assert_max_num_queries(40) as captured:
        client.get(url)
    baseline = len(captured)
    _post(world, [world.party.uuid])
    with django_assert_max_num_queries(baseline):
        client.get(url)

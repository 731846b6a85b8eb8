"""`seed_scale`: a national data set in the expected ratios, valid and usable by the pages."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Conversation,
    EmergencyLink,
    Evaluation,
    PlanVersion,
    RequestState,
    Signature,
    content_hash,
)
from regie.crisiscard.services.cards import prefill_panels
from regie.demo.scale.crisiscard import STATE_PATTERN, place
from regie.demo.scale.insert import insert
from regie.demo.scale.recovery import CLIENT_EVERY
from regie.demo.scale.sizes import SCALE_DOMAIN, Sizes
from regie.people.models import Person, Region, Role, RoleAssignment
from regie.recovery.models import CaseState, RecoveryCase, WheelAssessment

N = 200
# The state pattern: 11 of every 20 participants hold a card.
CARDED = N * 11 // 20


def seed(n: int = N, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("seed_scale", participants=n, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture
def scaled(db):
    return seed()


def active_people(role: str) -> int:
    return RoleAssignment.objects.filter(role=role, person__email__endswith=SCALE_DOMAIN).count()


def test_counts_per_kind_follow_the_participants(scaled):
    sizes = Sizes(N)
    assert active_people(Role.PARTICIPANT) == N
    assert CardRequest.objects.count() == N
    assert Region.objects.count() == sizes.regions
    assert active_people(Role.CONSULTANT) == sizes.consultants
    assert active_people(Role.COORDINATOR) == sizes.coordinators
    assert active_people(Role.CASE_DIRECTOR) == sizes.case_directors
    assert RecoveryCase.objects.count() == sizes.recovery_cases == N // 5
    assert Card.objects.filter(status=CardStatus.ISSUED).count() == CARDED
    assert EmergencyLink.objects.count() == CARDED
    # Some plans changed after the card: version 2 and a second card, the first one ended.
    changed = PlanVersion.objects.filter(number=2).count()
    assert changed > 0
    assert Card.objects.filter(status=CardStatus.ENDED).count() == changed
    assert Card.objects.count() == CARDED + changed
    assert Conversation.objects.count() > N
    assert Evaluation.objects.filter(completed_at__isnull=False).exists()
    assert Evaluation.objects.filter(completed_at__isnull=True).exists()
    # Wheel assessments over time: cases open for a year have several.
    assert WheelAssessment.objects.count() > 2 * RecoveryCase.objects.count()
    assert AccessEvent.objects.count() >= 3 * N
    assert "200/200 participants 100%" in scaled


def test_the_national_ratios_hold_at_100000():
    sizes = Sizes(100_000)
    assert sizes.regions == 25
    assert 1_100 <= sizes.consultants <= 1_300
    assert sizes.recovery_cases == 20_000


def test_every_request_state_and_case_state_occurs(scaled):
    assert set(CardRequest.objects.values_list("state", flat=True)) == set(RequestState.values)
    assert set(RecoveryCase.objects.values_list("state", flat=True)) == set(CaseState.values)


def test_every_region_holds_every_request_state_in_the_patterns_shares(scaled):
    # N = 200 over 2 regions: 100 participants each, the pattern of 20 five times.
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    expected = {state: STATE_PATTERN.count(state) * 5 for state in RequestState.values}
    for region in regions:
        found = Counter(CardRequest.objects.filter(region=region).values_list("state", flat=True))
        assert found == expected, region


def test_every_region_and_organisation_has_recovery_cases_in_every_case_state(scaled):
    for region in Region.objects.all():
        states = RecoveryCase.objects.filter(client__roles__region=region).values_list(
            "state", flat=True
        )
        assert set(states) == set(CaseState.values), region.slug
    # N = 200: 2 regions of 20 cases, 2 case-direction organisations each.
    organisations = set(RecoveryCase.objects.values_list("organisation", flat=True))
    assert len(organisations) == 4
    for organisation in organisations:
        states = RecoveryCase.objects.filter(organisation=organisation).values_list(
            "state", flat=True
        )
        assert set(states) == set(CaseState.values), organisation


@pytest.mark.parametrize("regions", [2, 4, 5, 20, 25])
def test_the_patterns_reach_every_region_at_national_sizes(regions):
    # Without the database: 20 participants a region, the regions taking turns.
    region_ids = list(range(100, 100 + regions))
    placed = [place(i, region_ids) for i in range(20 * regions)]
    overall = Counter(state for _r, _s, state in placed)
    for region in region_ids:
        mine = [(slot, state) for r, slot, state in placed if r == region]
        assert Counter(state for _s, state in mine) == Counter(STATE_PATTERN)
        assert any(slot % CLIENT_EVERY == 0 for slot, _s in mine)
    assert overall == Counter({s: n * regions for s, n in Counter(STATE_PATTERN).items()})


def test_the_access_log_chain_verifies(scaled):
    out = io.StringIO()
    call_command("audit_verify", stdout=out, stderr=io.StringIO())
    assert f"{AccessEvent.objects.count()} events verified" in out.getvalue()


def test_versions_signatures_and_cards_match_the_apps_own_hashes(scaled):
    versions = PlanVersion.objects.select_related("plan__request__participant")
    assert versions.exists()
    for version in versions:
        assert version.content_hash == content_hash(version.content)
    for signature in Signature.objects.select_related("version", "party"):
        agreements = schema.agreements_for(signature.version.content, str(signature.party.uuid))
        assert signature.agreements_hash == content_hash(agreements)
    for card in Card.objects.select_related("version", "request__participant"):
        assert card.panels == prefill_panels(card.version, card.request.participant)


def test_the_emergency_view_of_a_generated_card_renders(scaled):
    link = EmergencyLink.objects.select_related("holder").first()
    card = Card.objects.filter(request__participant=link.holder, status=CardStatus.ISSUED).get()
    response = Client().get(reverse("crisiscard:emergency", args=[link.token]))
    assert response.status_code == 200
    assert card.panels["inside_1"]["do"] in response.content.decode()


def test_a_coordinators_request_list_shows_the_generated_requests(scaled):
    coordinator = Person.objects.get(email=f"coordinator1@{SCALE_DOMAIN}")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator.user)
    response = client.get(reverse("crisiscard:request_list"))
    assert response.status_code == 200
    region = coordinator.roles.get(role=Role.COORDINATOR).region
    shown = CardRequest.objects.filter(region=region).order_by("-applied_at").first()
    assert shown.participant.last_name in response.content.decode()


def test_a_second_run_is_refused_and_adds_nothing(scaled):
    people = Person.objects.count()
    with pytest.raises(CommandError, match="already has scale data"):
        seed()
    assert Person.objects.count() == people


def snapshot() -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    return (
        list(Person.objects.order_by("email").values_list("email", "first_name", "last_name")),
        list(CardRequest.objects.order_by("uuid").values_list("state", flat=True)),
        list(PlanVersion.objects.order_by("content_hash").values_list("content_hash", flat=True)),
    )


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_data(db):
    with pytest.raises(Undo), transaction.atomic():
        seed(60, seed=3)
        first = snapshot()
        raise Undo
    seed(60, seed=3)
    assert snapshot() == first
    assert first[0]


def test_seed_scale_refuses_production_settings(db, settings):
    settings.REGIE_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not Person.objects.exists()


def test_the_lean_insert_never_reuses_a_deleted_rows_id(db):
    gone = Region.objects.create(name="Weg", slug="weg")
    gone_pk = gone.pk
    gone.delete()
    region = Region(name="Nieuw", slug="nieuw")
    insert([region])
    assert region.pk > gone_pk
    assert Region.objects.get(pk=region.pk).name == "Nieuw"

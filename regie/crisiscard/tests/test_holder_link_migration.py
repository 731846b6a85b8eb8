"""Migration 0003: existing per-card links move to the card holder with their tokens."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("crisiscard", "0004_sharing_consent")]
AFTER = [("crisiscard", "0005_holder_link")]


@pytest.mark.django_db(transaction=True)
def test_links_move_to_the_holder_and_keep_their_tokens():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Person = apps.get_model("people", "Person")
    Region = apps.get_model("people", "Region")
    CardRequest = apps.get_model("crisiscard", "CardRequest")
    CrisisPlan = apps.get_model("crisiscard", "CrisisPlan")
    PlanVersion = apps.get_model("crisiscard", "PlanVersion")
    Card = apps.get_model("crisiscard", "Card")
    EmergencyLink = apps.get_model("crisiscard", "EmergencyLink")

    region = Region.objects.create(name="Migratie", slug="migratie")
    holder = Person.objects.create(first_name="Zoë", last_name="de Vries")
    request = CardRequest.objects.create(
        participant=holder, region=region, heard_via="gp", channel="phone", state="card_issued"
    )
    plan = CrisisPlan.objects.create(request=request)
    version = PlanVersion.objects.create(
        plan=plan, number=1, content={}, content_hash="0" * 64, established_by=holder
    )
    old = Card.objects.create(
        request=request,
        version=version,
        number="CK-OLD",
        status="ended",
        issued_on=datetime.date(2024, 1, 1),
    )
    new = Card.objects.create(
        request=request,
        version=version,
        number="CK-NEW",
        status="issued",
        issued_on=datetime.date(2025, 1, 1),
    )
    revoked = EmergencyLink.objects.create(
        card=old, token="old-token", revoked_at="2025-01-01T00:00Z"
    )
    live = EmergencyLink.objects.create(card=new, token="live-token")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    EmergencyLink = apps.get_model("crisiscard", "EmergencyLink")
    moved = {link.token: link for link in EmergencyLink.objects.all()}
    assert set(moved) == {"old-token", "live-token"}
    assert {link.holder_id for link in moved.values()} == {holder.pk}
    assert moved["live-token"].revoked_at is None
    assert moved["old-token"].revoked_at is not None
    assert {revoked.pk, live.pk} == {link.pk for link in moved.values()}

    # And back again: each link to the holder's newest card.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    EmergencyLink = apps.get_model("crisiscard", "EmergencyLink")
    assert set(EmergencyLink.objects.values_list("token", flat=True)) == {
        "old-token",
        "live-token",
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

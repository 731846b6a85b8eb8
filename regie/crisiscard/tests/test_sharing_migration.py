"""The migration to the sharing grid keeps every party's shared sections (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Needs PostgreSQL: migrating on SQLite needs a transactional test, and the "
        "append-only access log refuses the DELETE that flushing one needs on SQLite."
    ),
)

BEFORE = [("crisiscard", "0003_card_second_language")]
AFTER = [("crisiscard", "0004_sharing_consent")]


@pytest.mark.django_db(transaction=True)
def test_shared_sections_become_grants_with_history_and_no_links(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldParty = old.get_model("crisiscard", "Party")
    OldParty.objects.filter(pk=world.party.pk).update(shared_sections=["approach", "medication"])
    OldParty.objects.create(
        request_id=world.card_request.pk, kind="other", name="Buurman", shared_sections=[]
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Grant = new.get_model("crisiscard", "SharingGrant")
    Change = new.get_model("crisiscard", "SharingChange")
    Sharing = new.get_model("crisiscard", "Sharing")
    [grant] = Grant.objects.filter(request_id=world.card_request.pk)
    assert grant.party_id == world.party.pk
    assert grant.sections == ["approach", "medication"]
    assert grant.link_digest is None
    [change] = Change.objects.filter(request_id=world.card_request.pk)
    assert change.via == "migration" and change.sections == ["approach", "medication"]
    assert Sharing.objects.get(request_id=world.card_request.pk).revision >= 1

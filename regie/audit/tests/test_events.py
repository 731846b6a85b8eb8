"""Typed access-log events: every kind of data has the participant's words,
and the log takes no free string for a kind of data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.utils import translation

import regie
from regie.audit.events import ObjectType, log_party
from regie.audit.models import AccessEvent, Action
from regie.audit.services import record, record_many
from regie.people.admin import AuditedAdmin


@pytest.mark.parametrize("object_type", list(ObjectType), ids=lambda t: t.value)
def test_every_object_type_has_words_for_the_participant(object_type):
    # Without a label Django makes one from the name ("Quality Review").
    assert object_type.label != object_type.name.replace("_", " ").title()
    with translation.override("en"):
        english = str(object_type.label)
    with translation.override("nl"):
        dutch = str(object_type.label)
    assert english and dutch != english, f"{object_type.value} has no Dutch words"


def test_the_words_of_a_kind_of_data_the_log_no_longer_writes_are_your_data():
    with translation.override("en"):
        assert str(ObjectType.words("draft_revision")) == "your data"
        assert str(ObjectType.words("quality_review")) == "the check of your card"


@pytest.mark.django_db
def test_record_refuses_a_plain_string_even_a_known_one():
    with pytest.raises(TypeError):
        record(actor=None, action=Action.READ, purpose="test", object_type="card")
    with pytest.raises(TypeError):
        record_many(actor=None, action=Action.READ, purpose="test", object_type="card", items=[])
    assert not AccessEvent.objects.exists()


def test_every_audited_management_screen_logs_a_known_kind_of_data():
    audited = [
        model._meta.model_name
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdmin)
    ]
    assert audited
    for model_name in audited:
        assert ObjectType(model_name)  # raises ValueError for an unknown one


@pytest.mark.django_db
def test_a_named_writer_fixes_type_id_and_whose_data(world):
    event = log_party(world.party, actor=None, action=Action.READ, purpose="test", part="phone")
    assert (event.object_type, event.object_id, event.subject_uuid, event.part) == (
        ObjectType.PARTY,
        str(world.party.uuid),
        world.people["participant"].uuid,
        "phone",
    )


def test_no_code_passes_a_string_literal_as_object_type():
    root = Path(regie.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"object_type=[^#\n]*[\"']", line)
    ]
    assert offenders == []
